package dev.retort.migration;

/**
 * A recorded backfill; its tuning can be stated in the migration source. Neither setting changes
 * what the backfill stores, so neither is part of the revision's checksum.
 */
public interface Backfill extends Step {

    /** Rows per batch, each batch its own transaction (default 1,000). Larger batches hold row locks longer. */
    Backfill batchSize(int rows);

    /**
     * How long to pause after each batch, as a multiple of the time the batch took (default 1.0:
     * the backfill uses at most about half of the time, leaving the rest to the application's writes).
     * 0 runs the batches back to back.
     */
    Backfill throttle(double pausePerWork);
}
