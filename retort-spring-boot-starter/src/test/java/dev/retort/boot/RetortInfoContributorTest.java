package dev.retort.boot;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.actuate.info.Info;
import org.springframework.core.env.StandardEnvironment;

/** Actuator's {@code /info} entry: one database read per TTL, and no host or user when it fails. */
class RetortInfoContributorTest {

    /** The clock the contributor sees, moved by hand. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Status reads: every read builds the configuration anew, which runs the customizers. */
    private final AtomicInteger reads = new AtomicInteger();

    private RetortInfoContributor contributor(String url, String user, String password) {
        RetortProperties properties = new RetortProperties();
        properties.setUrl(url);
        properties.setUser(user);
        properties.setPassword(password);
        properties.setPackage(List.of(RetortAutoConfigurationTest.M1));
        RetortConfigurer configurer = new RetortConfigurer(
                properties,
                new StandardEnvironment(),
                new DefaultListableBeanFactory(),
                getClass().getClassLoader(),
                List.of(builder -> reads.incrementAndGet()));
        return new RetortInfoContributor(configurer, nanos::get);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(RetortInfoContributor contributor) {
        Info.Builder builder = new Info.Builder();
        contributor.contribute(builder);
        return (Map<String, Object>) builder.build().getDetails().get("retort");
    }

    @Test
    void requestsWithinTheTtlShareOneRead() {
        String[] db = RetortAutoConfigurationTest.newDatabase("h2");
        RetortInfoContributor contributor = contributor(db[0], db[1], db[2]);
        Map<String, Object> first = info(contributor);
        assertEquals(List.of("v1"), first.get("pending"), first.toString());
        nanos.addAndGet(RetortInfoContributor.TTL.toNanos() - 1);
        assertEquals(first, info(contributor));
        assertEquals(1, reads.get(), "two requests within the TTL read the database once");
        nanos.addAndGet(1);
        info(contributor);
        assertEquals(2, reads.get(), "a request after the TTL reads again");
    }

    @Test
    void anUnreachableDatabaseShowsNeitherHostNorUser() {
        Map<String, Object> info = info(contributor("jdbc:mysql://127.0.0.1:1/shop", "info-user", "info-Pw-1"));
        assertEquals(Map.of("error", "database unreachable"), info);
    }
}
