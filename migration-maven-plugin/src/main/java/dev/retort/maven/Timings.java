package dev.retort.maven;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a goal's time goes, phase by phase ({@code -Dmigrate.timings}): the JVM's and Maven's start
 * before the goal, each plugin the goal runs before it (compile), loading the migrations, connecting,
 * and the runner's own phases. Each phase shows its wall time and the CPU time of the goal's thread
 * since the phase before (on a loaded machine the CPU time is the steadier figure). One line, so two
 * runs compare at a glance.
 */
final class Timings {

    private final boolean enabled;
    private final long start = System.nanoTime();
    private final long jvmUptimeAtStart;
    private final long processCpuAtStart;
    private final ThreadMXBean threads;
    private final long threadCpuAtStart;
    private long lastThreadCpu;
    private final Map<String, long[]> phases = new LinkedHashMap<>();

    /** Disabled, it records nothing and costs nothing (not even the management beans' start-up). */
    Timings(boolean enabled) {
        this.enabled = enabled;
        this.threads = enabled ? ManagementFactory.getThreadMXBean() : null;
        this.jvmUptimeAtStart = enabled ? ManagementFactory.getRuntimeMXBean().getUptime() : -1;
        this.processCpuAtStart = enabled ? processCpu() : -1;
        this.threadCpuAtStart = enabled ? threads.getCurrentThreadCpuTime() : 0;
        this.lastThreadCpu = threadCpuAtStart;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Adds {@code nanos} of wall time to {@code phase}, and the thread's CPU time since the last phase
     * ended (phases seen again add up).
     */
    void add(String phase, long nanos) {
        if (enabled) {
            long cpu = threads.getCurrentThreadCpuTime();
            long[] sums = phases.computeIfAbsent(phase, k -> new long[3]);
            sums[0] += nanos;
            sums[1] += cpu - lastThreadCpu;
            lastThreadCpu = cpu;
        }
    }

    /**
     * Adds {@code nanos} of wall time that another thread spent on {@code phase} beside the goal's
     * thread: none of the goal thread's CPU is counted in it.
     */
    void addBeside(String phase, long nanos) {
        if (enabled) {
            long[] sums = phases.computeIfAbsent(phase, k -> new long[3]);
            sums[0] += nanos;
            sums[2] = 1; // beside: not part of the goal thread's wall time
        }
    }

    /** Adds the time since {@code since} to {@code phase} and returns now, the next phase's start. */
    long since(String phase, long since) {
        long now = System.nanoTime();
        add(phase, now - since);
        return now;
    }

    /** {@code Timings (wall/CPU ms): before this goal 1234/2345 | compile plan 6/5, …, goal total 400/380}. */
    String describe() {
        StringJoiner out = new StringJoiner(", ");
        long wall = 0;
        for (Map.Entry<String, long[]> e : phases.entrySet()) {
            long[] sums = e.getValue();
            if (sums[2] != 0) {
                out.add(e.getKey() + " " + ms(sums[0]) + "/-");
            } else {
                out.add(e.getKey() + " " + ms(sums[0]) + "/" + ms(sums[1]));
                wall += sums[0];
            }
        }
        long total = System.nanoTime() - start;
        long cpu = threads.getCurrentThreadCpuTime();
        out.add("other " + ms(Math.max(0, total - wall)) + "/" + ms(cpu - lastThreadCpu));
        long processCpu = processCpu();
        return "Timings (wall/CPU ms): JVM and Maven before this goal " + jvmUptimeAtStart + "/"
                + (processCpuAtStart < 0 ? "?" : ms(processCpuAtStart)) + " | " + out + " | goal total " + ms(total)
                + "/" + ms(cpu - threadCpuAtStart) + " (goal thread; whole process "
                + (processCpu < 0 || processCpuAtStart < 0 ? "?" : ms(processCpu - processCpuAtStart)) + ")";
    }

    private static long ms(long nanos) {
        return (nanos + 500_000) / 1_000_000;
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }
}
