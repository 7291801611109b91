package dev.retort.core.runner;

import dev.retort.core.errors.Hint;
import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import java.time.Duration;
import java.util.Locale;

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
 *                     milliseconds); larger ones are refused with the expand/contract plan, or
 *                     copied through a shadow table when {@code onlineCopy} allows it
 * @param onlineCopy   MySQL/MariaDB: which changes to tables above {@code copyRowLimit} rows are
 *                     made on a shadow table kept in step by triggers and swapped in by an atomic
 *                     rename (a shadow copy: {@code dev.retort.core.mysql.ShadowCopy})
 * @param copyChunkRows rows the shadow copy moves per statement
 * @param copyThrottle the shadow copy pauses after each chunk this many times as long as the chunk took
 * @param copyVerify   the shadow copy is checksummed against the table chunk by chunk before the swap,
 *                     chunks that differ copied again ({@code migrate.onlineCopy.verify})
 * @param copyMaxThreadsRunning the shadow copy waits while the server's {@code Threads_running} is
 *                     above this ({@code migrate.onlineCopy.maxThreadsRunning}; 0: never waits)
 * @param copyEngine   what makes a change that goes through a shadow table: Retort's own copy, or
 *                     pt-online-schema-change with the equivalent settings ({@code migrate.onlineCopy.engine})
 */
public record DdlPolicy(
        Duration lockWait,
        Duration retryBudget,
        Duration firstBackoff,
        Duration maxBackoff,
        long copyRowLimit,
        OnlineCopy onlineCopy,
        int copyChunkRows,
        double copyThrottle,
        boolean copyVerify,
        int copyMaxThreadsRunning,
        CopyEngine copyEngine) {

    /** Default of {@code migrate.onlineCopy.maxThreadsRunning}: pt-online-schema-change's {@code --max-load}. */
    public static final int DEFAULT_MAX_THREADS_RUNNING = 25;

    public static final DdlPolicy DEFAULT = new DdlPolicy(
            null,
            Duration.ofSeconds(60),
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            10_000,
            OnlineCopy.OFF,
            100,
            2.0,
            true,
            DEFAULT_MAX_THREADS_RUNNING,
            CopyEngine.RETORT);

    /**
     * What makes a change that goes through a shadow table ({@code migrate.onlineCopy.engine}):
     * Retort's own copy, or pt-online-schema-change for teams whose DBAs standardise on it.
     */
    public enum CopyEngine {
        /** Retort's shadow copy ({@code dev.retort.core.mysql.ShadowCopy}): resumable, checksummed, journaled. */
        RETORT("retort"),
        /** Percona Toolkit's pt-online-schema-change, run with the equivalent settings; it must be on the PATH. */
        PT_OSC("pt-osc");

        private final String property;

        CopyEngine(String property) {
            this.property = property;
        }

        /** The value as written in {@code migrate.onlineCopy.engine}. */
        public String property() {
            return property;
        }

        /** Parses {@code retort} or {@code pt-osc}. */
        public static CopyEngine parse(String value) {
            for (CopyEngine e : values()) {
                if (e.property.equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return e;
                }
            }
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY_ENGINE,
                    Text.of(
                            Hint.name(Setting.ONLINE_COPY_ENGINE),
                            " must be retort or pt-osc (pt-online-schema-change), not '" + value + "'"));
        }
    }

    /** When a change to a large MySQL/MariaDB table goes through a shadow table ({@code migrate.onlineCopy}). */
    public enum OnlineCopy {
        /** Never: the server's in-place build, and a copy refused with the expand/contract plan. */
        OFF,
        /** Where the server could only copy the table while blocking writes. */
        COPIES,
        /** Also where the server would rebuild the table or build an index in place, which ends with an exclusive lock. */
        REBUILDS;

        /** The value as written in {@code migrate.onlineCopy}. */
        public String property() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code off}, {@code copies} or {@code rebuilds}. */
        public static OnlineCopy parse(String value) {
            for (OnlineCopy c : values()) {
                if (c.property().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return c;
                }
            }
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY,
                    Text.of(Hint.name(Setting.ONLINE_COPY), " must be off, copies or rebuilds, not '" + value + "'"));
        }
    }

    public DdlPolicy {
        if (retryBudget.isNegative()
                || firstBackoff.isNegative()
                || maxBackoff.isNegative()
                || copyRowLimit < 0
                || (lockWait != null && lockWait.isNegative())
                || copyThrottle < 0) {
            throw new IllegalArgumentException("DDL policy durations and limits must not be negative");
        }
        if (copyChunkRows < 1) {
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY_CHUNK,
                    Text.of(Hint.name(Setting.ONLINE_COPY_CHUNK), " must be at least 1, not " + copyChunkRows));
        }
        if (copyMaxThreadsRunning < 0) {
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY_MAX_THREADS_RUNNING,
                    Text.of(
                            Hint.name(Setting.ONLINE_COPY_MAX_THREADS_RUNNING),
                            " must not be negative, not " + copyMaxThreadsRunning));
        }
        if (copyEngine == null) {
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY_ENGINE,
                    Text.of(Hint.name(Setting.ONLINE_COPY_ENGINE), " must be retort or pt-osc"));
        }
        if (onlineCopy == null) {
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY, Text.of(Hint.name(Setting.ONLINE_COPY), " must be off, copies or rebuilds"));
        }
    }

    public DdlPolicy withLockWait(Duration wait) {
        return new DdlPolicy(
                wait,
                retryBudget,
                firstBackoff,
                maxBackoff,
                copyRowLimit,
                onlineCopy,
                copyChunkRows,
                copyThrottle,
                copyVerify,
                copyMaxThreadsRunning,
                copyEngine);
    }

    public DdlPolicy withRetryBudget(Duration budget) {
        return new DdlPolicy(
                lockWait,
                budget,
                firstBackoff,
                maxBackoff,
                copyRowLimit,
                onlineCopy,
                copyChunkRows,
                copyThrottle,
                copyVerify,
                copyMaxThreadsRunning,
                copyEngine);
    }

    public DdlPolicy withCopyRowLimit(long rows) {
        return new DdlPolicy(
                lockWait,
                retryBudget,
                firstBackoff,
                maxBackoff,
                rows,
                onlineCopy,
                copyChunkRows,
                copyThrottle,
                copyVerify,
                copyMaxThreadsRunning,
                copyEngine);
    }

    /** Shadow-table copies for the given kind of change, in chunks of {@code chunkRows}, pausing {@code throttle} × each chunk's time. */
    public DdlPolicy withOnlineCopy(OnlineCopy copy, int chunkRows, double throttle) {
        return new DdlPolicy(
                lockWait,
                retryBudget,
                firstBackoff,
                maxBackoff,
                copyRowLimit,
                copy,
                chunkRows,
                throttle,
                copyVerify,
                copyMaxThreadsRunning,
                copyEngine);
    }

    /**
     * The shadow copy's checks: {@code verify} checksums the copy before the swap; the copy waits while
     * more than {@code maxThreadsRunning} threads run on the server (0: never).
     */
    public DdlPolicy withCopyChecks(boolean verify, int maxThreadsRunning) {
        return new DdlPolicy(
                lockWait,
                retryBudget,
                firstBackoff,
                maxBackoff,
                copyRowLimit,
                onlineCopy,
                copyChunkRows,
                copyThrottle,
                verify,
                maxThreadsRunning,
                copyEngine);
    }

    /** Shadow copies made by {@code engine} ({@code migrate.onlineCopy.engine}). */
    public DdlPolicy withCopyEngine(CopyEngine engine) {
        return new DdlPolicy(
                lockWait,
                retryBudget,
                firstBackoff,
                maxBackoff,
                copyRowLimit,
                onlineCopy,
                copyChunkRows,
                copyThrottle,
                copyVerify,
                copyMaxThreadsRunning,
                engine);
    }

    /** Milliseconds to wait before retrying a batch or chunk that failed on a busy row lock for the {@code attempt}-th time. */
    long pauseBeforeRetry(int attempt) {
        return Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempt, 10));
    }
}
