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
 * @param copyReplicaLag the replicas whose lag the shadow copy waits for ({@code migrate.onlineCopy.replicas},
 *                     {@code migrate.onlineCopy.maxReplicaLag})
 * @param copyEngine   what makes a change that goes through a shadow table: Retort's own copy, or
 *                     pt-online-schema-change with the equivalent settings ({@code migrate.onlineCopy.engine})
 * @param copyFeed     what keeps Retort's shadow copy in step with the table's writes: triggers, or
 *                     (MySQL, experimental) the server's binary log ({@code migrate.onlineCopy.feed})
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
        ReplicaLag copyReplicaLag,
        CopyEngine copyEngine,
        CopyFeed copyFeed) {

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
            ReplicaLag.NONE,
            CopyEngine.RETORT,
            CopyFeed.TRIGGERS);

    /**
     * What makes a change that goes through a shadow table ({@code migrate.onlineCopy.engine}):
     * Retort's own copy, or pt-online-schema-change for teams whose DBAs standardise on it.
     */
    public enum CopyEngine implements Valued {
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
            return parseSetting(
                    values(), value, Setting.ONLINE_COPY_ENGINE, "retort or pt-osc (pt-online-schema-change)");
        }
    }

    /**
     * What keeps Retort's shadow copy in step with the writes made to the table while it is copied
     * ({@code migrate.onlineCopy.feed}): three triggers on the table, or (MySQL, experimental) the
     * server's binary log, read as a replica does, which needs no lock on the table until the swap.
     */
    public enum CopyFeed implements Valued {
        /** Triggers on the table repeat every insert, update and delete on the shadow, in the writer's transaction. */
        TRIGGERS("triggers"),
        /** The binary log's row events of the table are applied to the shadow, as gh-ost and Spirit do. */
        BINLOG("binlog");

        private final String property;

        CopyFeed(String property) {
            this.property = property;
        }

        /** The value as written in {@code migrate.onlineCopy.feed}. */
        public String property() {
            return property;
        }

        /** Parses {@code triggers} or {@code binlog}. */
        public static CopyFeed parse(String value) {
            return parseSetting(
                    values(), value, Setting.ONLINE_COPY_FEED, "triggers or binlog (the binary log, MySQL only)");
        }
    }

    /** When a change to a large MySQL/MariaDB table goes through a shadow table ({@code migrate.onlineCopy}). */
    public enum OnlineCopy implements Valued {
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
            return parseSetting(values(), value, Setting.ONLINE_COPY, "off, copies or rebuilds");
        }
    }

    /** A setting's value as written in its property. */
    interface Valued {
        String property();
    }

    /** The constant whose property value is {@code value} (case and blanks ignored), or the setting's error. */
    private static <E extends Valued> E parseSetting(E[] values, String value, Setting setting, String expected) {
        for (E e : values) {
            if (e.property().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return e;
            }
        }
        throw new InvalidSettingException(
                setting, Text.of(Hint.name(setting), " must be " + expected + ", not '" + value + "'"));
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
        if (copyReplicaLag == null) {
            throw new IllegalArgumentException("copyReplicaLag must not be null (ReplicaLag.NONE: no replicas)");
        }
        if (copyEngine == null) {
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY_ENGINE,
                    Text.of(Hint.name(Setting.ONLINE_COPY_ENGINE), " must be retort or pt-osc"));
        }
        if (copyFeed == null) {
            throw new InvalidSettingException(
                    Setting.ONLINE_COPY_FEED,
                    Text.of(Hint.name(Setting.ONLINE_COPY_FEED), " must be triggers or binlog"));
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
                copyReplicaLag,
                copyEngine,
                copyFeed);
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
                copyReplicaLag,
                copyEngine,
                copyFeed);
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
                copyReplicaLag,
                copyEngine,
                copyFeed);
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
                copyReplicaLag,
                copyEngine,
                copyFeed);
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
                copyReplicaLag,
                copyEngine,
                copyFeed);
    }

    /**
     * The shadow copy pauses while a replica in {@code replicas} is more than {@code maxLagSeconds}
     * behind its primary ({@code Seconds_Behind_Master}/{@code Seconds_Behind_Source}), or its
     * replication is stopped, or it cannot be reached. Each replica is {@code host[:port]} (the
     * primary's JDBC URL scheme) or a whole JDBC URL; they are reached with the credentials of
     * {@link #withReplicaCredentials}.
     */
    public DdlPolicy withReplicaLag(java.util.List<String> replicas, int maxLagSeconds) {
        return withReplicaLag(
                new ReplicaLag(replicas, maxLagSeconds, copyReplicaLag.user(), copyReplicaLag.password()));
    }

    /** The user and password the replicas of {@link #withReplicaLag} are reached with: the primary's, set by each edge. */
    public DdlPolicy withReplicaCredentials(String user, String password) {
        return withReplicaLag(
                new ReplicaLag(copyReplicaLag.replicas(), copyReplicaLag.maxLagSeconds(), user, password));
    }

    private DdlPolicy withReplicaLag(ReplicaLag lag) {
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
                lag,
                copyEngine,
                copyFeed);
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
                copyReplicaLag,
                engine,
                copyFeed);
    }

    /** Shadow copies kept in step by {@code feed} ({@code migrate.onlineCopy.feed}). */
    public DdlPolicy withCopyFeed(CopyFeed feed) {
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
                copyReplicaLag,
                copyEngine,
                feed);
    }

    /**
     * Replicas the shadow copy keeps from falling behind, as pt-online-schema-change's
     * {@code --max-lag} and {@code --check-slave-lag}: an explicit list rather than discovery
     * ({@code SHOW REPLICAS} lists only replicas started with {@code report_host}).
     *
     * @param replicas      {@code host[:port]} or JDBC URLs; empty: no replica is watched
     * @param maxLagSeconds the copy pauses while a replica is further behind than this
     * @param user          user name for the replicas (the primary's); null: none, or the one in the URL
     * @param password      its password; never shown ({@link #toString})
     */
    public record ReplicaLag(java.util.List<String> replicas, int maxLagSeconds, String user, String password) {

        /** Default of {@code migrate.onlineCopy.maxReplicaLag}: pt-online-schema-change's {@code --max-lag}. */
        public static final int DEFAULT_MAX_LAG_SECONDS = 1;

        /** No replica watched. */
        public static final ReplicaLag NONE = new ReplicaLag(java.util.List.of(), DEFAULT_MAX_LAG_SECONDS, null, null);

        public ReplicaLag {
            replicas = replicas == null
                    ? java.util.List.of()
                    : replicas.stream()
                            .filter(java.util.Objects::nonNull)
                            .flatMap(r -> java.util.Arrays.stream(r.split(",")))
                            .map(String::trim)
                            .filter(r -> !r.isEmpty())
                            .toList();
            if (maxLagSeconds < 0) {
                throw new InvalidSettingException(
                        Setting.ONLINE_COPY_MAX_REPLICA_LAG,
                        Text.of(
                                Hint.name(Setting.ONLINE_COPY_MAX_REPLICA_LAG),
                                " must not be negative, not " + maxLagSeconds));
            }
        }

        @Override
        public String toString() {
            return "ReplicaLag[replicas=" + replicas + ", maxLagSeconds=" + maxLagSeconds + ", user=" + user
                    + ", password=" + (password == null || password.isEmpty() ? "(none)" : "****") + "]";
        }
    }

    /** Milliseconds to wait before retrying a batch or chunk that failed on a busy row lock for the {@code attempt}-th time. */
    long pauseBeforeRetry(int attempt) {
        return Math.min(maxBackoff.toMillis(), firstBackoff.toMillis() << Math.min(attempt, 10));
    }
}
