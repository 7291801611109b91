package bench.flyway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.flywaydb.core.api.output.MigrateResult;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The same application with Spring Boot's Flyway auto-configuration: the start-up migration is
 * wrapped in a {@link FlywayMigrationStrategy} that times {@code flyway.migrate()} exactly as
 * {@code RetortApp} times Retort's.
 */
@SpringBootApplication
public class FlywayApp {

    static long migrateNanos;
    static long migrateCpuNanos;
    static int applied = -1;

    @Bean
    FlywayMigrationStrategy timedMigration() {
        return flyway -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            MigrateResult result = flyway.migrate();
            migrateNanos = System.nanoTime() - start;
            migrateCpuNanos = threads.getCurrentThreadCpuTime() - cpu;
            applied = result.migrationsExecuted;
        };
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        try (ConfigurableApplicationContext context = SpringApplication.run(FlywayApp.class, args)) {
            long contextNanos = System.nanoTime() - start;
            System.out.printf(
                    "RESULT context_ms=%.1f migrate_ms=%.1f migrate_cpu_ms=%.1f applied=%d jvm_ms=%d%n",
                    contextNanos / 1e6,
                    migrateNanos / 1e6,
                    migrateCpuNanos / 1e6,
                    applied,
                    ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }
}
