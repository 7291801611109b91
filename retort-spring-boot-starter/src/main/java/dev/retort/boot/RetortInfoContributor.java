package dev.retort.boot;

import dev.retort.core.startup.Retort;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code retort} to Actuator's {@code /info}: the database, its current revision(s), the
 * revisions not applied yet, and any run that did not finish; with {@code retort.tenants}, the same
 * per tenant under {@code tenants} (and, for the whole, what every tenant has applied and what any
 * still lacks). Read on a connection of its own, so
 * it shows what other instances applied too; the reading is kept for {@link #TTL}, so a burst of
 * requests (or a scraper) opens one connection, and a read gives up after {@link #TIMEOUT}, so an
 * unreachable database cannot hold web threads. The endpoint says only that the database is
 * unreachable; the reason, with the URL's password masked, goes to the log.
 */
public class RetortInfoContributor implements InfoContributor {

    /** How long one reading is shown before the next request reads again. */
    static final Duration TTL = Duration.ofSeconds(10);
    /** How long a reading waits for the database (connecting and each read; MySQL, MariaDB, PostgreSQL). */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(RetortInfoContributor.class.getName());

    private final RetortConfigurer configurer;
    private final LongSupplier clock;
    private Map<String, Object> last;
    private long lastRead;

    RetortInfoContributor(RetortConfigurer configurer) {
        this(configurer, System::nanoTime);
    }

    RetortInfoContributor(RetortConfigurer configurer, LongSupplier nanoClock) {
        this.configurer = configurer;
        this.clock = nanoClock;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("retort", reading());
    }

    /** The last reading if younger than the TTL, else a new one; requests that arrive meanwhile wait for it. */
    private synchronized Map<String, Object> reading() {
        long now = clock.getAsLong();
        if (last == null || now - lastRead >= TTL.toNanos()) {
            last = read();
            lastRead = clock.getAsLong();
        }
        return last;
    }

    /** {@code current} ({@code base} when nothing is applied), {@code pending}, and {@code unfinished} if any. */
    private static void put(Map<String, Object> into, Retort.Status status) {
        into.put("current", status.current().isEmpty() ? "base" : String.join(",", status.current()));
        into.put("pending", status.pending());
        if (!status.unfinished().isEmpty()) {
            into.put("unfinished", status.unfinished());
        }
    }

    private Map<String, Object> read() {
        Map<String, Object> retort = new LinkedHashMap<>();
        try {
            Retort.Status status = configurer.builder().statusTimeout(TIMEOUT).status();
            retort.put("database", status.database());
            put(retort, status);
            if (!status.tenants().isEmpty()) {
                Map<String, Object> tenants = new LinkedHashMap<>();
                status.tenants().forEach((name, tenant) -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    if (tenant.error() != null) {
                        // as for the database: the reason names the host and user, so it goes to the log only
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "Retort could not read tenant " + name + " for /info: " + tenant.error());
                        one.put("error", "tenant unreadable");
                    } else {
                        put(one, tenant);
                    }
                    tenants.put(name, java.util.Collections.unmodifiableMap(one));
                });
                retort.put("tenants", java.util.Collections.unmodifiableMap(tenants));
            }
        } catch (RuntimeException e) {
            // the info endpoint must not fail because the database is unreachable at this moment, nor
            // publish the host and user that the message names; Retort's messages mask the password
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Retort could not read the database status for /info: " + e.getMessage());
            retort.put("error", "database unreachable");
        }
        return java.util.Collections.unmodifiableMap(retort);
    }
}
