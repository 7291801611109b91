package dev.retort.core.history;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code retort_history}.
 *
 * @param state {@link #APPLIED}, or {@link #RUNNING}/{@link #FAILED} while or after an upgrade
 *              that did not finish, with {@code stepsDone} of {@code stepsTotal} committed
 */
public record HistoryRow(String revision, List<String> parents, String message, String checksum, String appliedBy,
                         Instant appliedAt, long durationMs, String state, int stepsDone, int stepsTotal) {

    public static final String APPLIED = "applied";
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";

    public boolean applied() {
        return APPLIED.equals(state);
    }
}
