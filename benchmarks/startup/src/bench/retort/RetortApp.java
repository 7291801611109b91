package bench.retort;

import dev.retort.boot.RetortMigrationStrategy;
import dev.retort.core.startup.Retort;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A minimal Spring Boot application with retort-spring-boot-starter: the start-up migration is
 * wrapped in a {@link RetortMigrationStrategy} that times {@code migrate()} (wall and the calling
 * thread's CPU), then the context start as a whole is timed around {@code SpringApplication.run}.
 */
@SpringBootApplication
public class RetortApp {

    static long migrateNanos;
    static long migrateCpuNanos;
    /** CPU of the whole process during migrate(): every thread's, the JIT's and the collector's too. */
    static long migrateProcessCpuNanos;
    static int applied = -1;

    @Bean
    RetortMigrationStrategy timedMigration() {
        return retort -> {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long processCpu = processCpu();
            long start = System.nanoTime();
            Retort.Result result = retort.migrate();
            migrateNanos = System.nanoTime() - start;
            migrateCpuNanos = threads.getCurrentThreadCpuTime() - cpu;
            migrateProcessCpuNanos = processCpu() - processCpu;
            applied = result.applied().size();
        };
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        try (ConfigurableApplicationContext context = SpringApplication.run(RetortApp.class, args)) {
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
