package dev.retort.core.history;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code retort_history}.
 *
 * @param state      {@link #APPLIED}, or {@link #RUNNING}/{@link #FAILED} while or after an upgrade
 *                   that did not finish, with {@code stepsDone} of {@code stepsTotal} committed; {@link #REVERTING}
 *                   while or after a downgrade that did not finish, with {@code stepsReverted} of its steps committed
 * @param durationMs how long the upgrade took; {@link #STAMPED_DURATION} when it was stamped
 * @param stepChecksums   per upgrade step, {@link RevisionInfo#stepChecksum} as the run that recorded the row had it;
 *                        empty when an earlier Retort version wrote the row
 * @param stepsReverted   how many steps of the downgrade (or of the undo of a half-applied upgrade) are committed
 * @param revertChecksums per step of that downgrade, its checksum; empty unless {@link #REVERTING}
 */
public record HistoryRow(
        String revision,
        List<String> parents,
        String message,
        String checksum,
        String appliedBy,
        Instant appliedAt,
        long durationMs,
        String state,
        int stepsDone,
        int stepsTotal,
        List<String> stepChecksums,
        int stepsReverted,
        List<String> revertChecksums) {

    public HistoryRow {
        stepChecksums = stepChecksums == null ? List.of() : List.copyOf(stepChecksums);
        revertChecksums = revertChecksums == null ? List.of() : List.copyOf(revertChecksums);
    }

    /** A row without per-step checksums and no downgrade in progress, as an earlier Retort version wrote it. */
    public HistoryRow(
            String revision,
            List<String> parents,
            String message,
            String checksum,
            String appliedBy,
            Instant appliedAt,
            long durationMs,
            String state,
            int stepsDone,
            int stepsTotal) {
        this(
                revision,
                parents,
                message,
                checksum,
                appliedBy,
                appliedAt,
                durationMs,
                state,
                stepsDone,
                stepsTotal,
                List.of(),
                0,
                List.of());
    }

    public static final String APPLIED = "applied";
    public static final String RUNNING = "running";
    public static final String FAILED = "failed";
    /**
     * A downgrade started and did not finish: {@code stepsReverted} of its steps are committed. The
     * downgrade undoes the whole revision when {@code stepsDone == stepsTotal}, else the
     * {@code stepsDone} committed steps of a half-applied upgrade.
     */
    public static final String REVERTING = "reverting";

    /** The duration recorded for a revision that {@code stamp} marked applied without running it. */
    public static final long STAMPED_DURATION = -1;

    public boolean applied() {
        return APPLIED.equals(state);
    }

    public boolean reverting() {
        return REVERTING.equals(state);
    }

    /** True when {@code stamp} recorded the revision; its steps never ran through Retort. */
    public boolean stamped() {
        return applied() && durationMs == STAMPED_DURATION;
    }
}
