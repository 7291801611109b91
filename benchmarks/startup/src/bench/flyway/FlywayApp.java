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
    /** CPU of the whole process during migrate(): every thread's, the JIT's and the collector's too. */
    static long migrateProcessCpuNanos;
    static int applied = -1;

    @Bean
    FlywayMigrationStrategy timedMigration() {
        return flyway -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long processCpu = processCpu();
            long start = System.nanoTime();
            MigrateResult result = flyway.migrate();
            migrateNanos = System.nanoTime() - start;
            migrateCpuNanos = threads.getCurrentThreadCpuTime() - cpu;
            migrateProcessCpuNanos = processCpu() - processCpu;
            applied = result.migrationsExecuted;
        };
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        try (ConfigurableApplicationContext context = SpringApplication.run(FlywayApp.class, args)) {
            long contextNanos = System.nanoTime() - start;
            System.out.printf(
                    "RESULT context_ms=%.1f migrate_ms=%.1f migrate_cpu_ms=%.1f migrate_process_cpu_ms=%.1f applied=%d jvm_ms=%d%n",
                    contextNanos / 1e6,
                    migrateNanos / 1e6,
                    migrateCpuNanos / 1e6,
                    migrateProcessCpuNanos / 1e6,
                    applied,
                    ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }
}
