package dev.retort.boot;

import dev.retort.core.startup.Retort;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code retort} to Actuator's {@code /info}: the database, its current revision(s), the
 * revisions not applied yet, and any run that did not finish. Read on each request, on a connection
 * of its own, so it shows what other instances applied too.
 */
public class RetortInfoContributor implements InfoContributor {

    private final RetortConfigurer configurer;

    RetortInfoContributor(RetortConfigurer configurer) {
        this.configurer = configurer;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> retort = new LinkedHashMap<>();
        try {
            Retort.Status status = configurer.builder().status();
            retort.put("database", status.database());
            retort.put("current", status.current().isEmpty() ? "base" : String.join(",", status.current()));
            retort.put("pending", status.pending());
            if (!status.unfinished().isEmpty()) {
                retort.put("unfinished", status.unfinished());
            }
        } catch (RuntimeException e) {
            // the info endpoint must not fail because the database is unreachable at this moment
            retort.put("error", e.getMessage());
        }
        builder.withDetail("retort", retort);
    }
}
