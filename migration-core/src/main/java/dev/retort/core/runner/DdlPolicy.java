package dev.retort.core.runner;

import java.time.Duration;

/**
 * How DDL waits for locks and what it may cost. A DDL statement that waits for a table's lock
 * makes every later reader and writer of that table wait behind it, so Retort never lets one
 * wait long: each attempt gives up after {@code lockWait}, and the step is retried with
 * exponential backoff and jitter until {@code retryBudget} is spent.
 *
 * @param lockWait     how long one attempt may wait for a lock; null means the dialect's default:
 *                     MariaDB {@code NOWAIT} while a long or idle transaction is open and
 *                     {@code WAIT 1} when only write traffic holds the lock, MySQL 1 s (its
 *                     minimum), PostgreSQL 100 ms
 * @param retryBudget  total time one statement may keep retrying; the default outlasts a
 *                     20-second blocking transaction with room to spare
 * @param firstBackoff pause before the first retry; doubles up to {@code maxBackoff}
 * @param maxBackoff   longest pause between two attempts
 * @param copyRowLimit MySQL/MariaDB: when the server can change a table only by copying it, tables
 *                     of at most this many rows are copied (a copy that short blocks writes for
 *                     milliseconds); larger ones are refused with the expand/contract plan
 */
public record DdlPolicy(Duration lockWait, Duration retryBudget, Duration firstBackoff, Duration maxBackoff,
                        long copyRowLimit) {

    public static final DdlPolicy DEFAULT = new DdlPolicy(null, Duration.ofSeconds(60), Duration.ofMillis(100),
            Duration.ofSeconds(2), 10_000);

    public DdlPolicy {
        if (retryBudget.isNegative() || firstBackoff.isNegative() || maxBackoff.isNegative() || copyRowLimit < 0
                || (lockWait != null && lockWait.isNegative())) {
            throw new IllegalArgumentException("DDL policy durations and limits must not be negative");
        }
    }

    public DdlPolicy withLockWait(Duration wait) {
        return new DdlPolicy(wait, retryBudget, firstBackoff, maxBackoff, copyRowLimit);
    }

    public DdlPolicy withRetryBudget(Duration budget) {
        return new DdlPolicy(lockWait, budget, firstBackoff, maxBackoff, copyRowLimit);
    }

    public DdlPolicy withCopyRowLimit(long rows) {
        return new DdlPolicy(lockWait, retryBudget, firstBackoff, maxBackoff, rows);
    }

    /** The wait per attempt on the given dialect. */
    Duration lockWaitFor(String dialect) {
        if (lockWait != null) {
            return lockWait;
        }
        return switch (dialect) {
            case "mariadb" -> Duration.ZERO;
            case "mysql" -> Duration.ofSeconds(1);
            case "postgresql" -> Duration.ofMillis(100);
            default -> Duration.ofSeconds(10);
        };
    }
}
