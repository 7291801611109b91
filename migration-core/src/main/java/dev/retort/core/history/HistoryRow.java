package dev.retort.core.history;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code retort_history}.
 *
 * @param state      {@link #APPLIED}, or {@link #RUNNING}/{@link #FAILED} while or after an upgrade
 *                   that did not finish, with {@code stepsDone} of {@code stepsTotal} committed
 * @param durationMs how long the upgrade took; {@link #STAMPED_DURATION} when it was stamped
 */
public record HistoryRow(String revision, List<String> parents, String message, String checksum, String appliedBy,
                         Instant appliedAt, long durationMs, String state, int stepsDone, int stepsTotal) {

    public static final String APPLIED = "applied";
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";

    /** The duration recorded for a revision that {@code stamp} marked applied without running it. */
    public static final long STAMPED_DURATION = -1;

    public boolean applied() {
        return APPLIED.equals(state);
    }

    /** True when {@code stamp} recorded the revision; its steps never ran through Retort. */
    public boolean stamped() {
        return applied() && durationMs == STAMPED_DURATION;
    }
}
