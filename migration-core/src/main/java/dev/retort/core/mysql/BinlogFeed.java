package dev.retort.core.mysql;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializationException;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import dev.retort.core.dialect.Session;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps a shadow copy in step with its table from MySQL's binary log instead of triggers
 * ({@code migrate.onlineCopy.feed=binlog}), as gh-ost and Spirit do: the binary log position is
 * taken before the first chunk is copied, a replication client ({@code mysql-binlog-connector-java})
 * streams every row event from there, and the primary keys of the table's inserted, updated and
 * deleted rows are queued, each key once until it is applied ({@link ChangedKeys}). Between chunks (and before each checksum) the queued keys are applied to
 * the shadow by key, the way Spirit does: the shadow's rows of those keys are deleted and the
 * table's present rows of those keys copied again (share-locked first, as a chunk's), so an event
 * applied twice, or after a chunk already copied the row, changes nothing. Chunk copy and event
 * apply converge: every row changed after the position is copied again after its last change.
 *
 * <p>Only the swap takes the table's exclusive lock: {@code LOCK TABLES} of the table and the
 * shadow (attempted like any DDL, with a short wait and never behind a long transaction), the
 * events written up to the binary log's present position applied, then {@code RENAME TABLE} and
 * {@code UNLOCK TABLES}.
 *
 * <p>What the row events carry is not mapped column by column: only the key is read from them,
 * and the row itself is copied from the table with the chunks' column list. So the key must decode
 * exactly: integer keys only.
 */
final class BinlogFeed implements AutoCloseable {

    /** How long the reader may take to reach the server's present position before the step fails. */
    private static final long CATCH_UP_TIMEOUT_MS = 30_000;

    /**
     * How long the reader may take, under the swap's {@code LOCK TABLES}, to reach the position of that
     * moment before the lock is let go (writers wait meanwhile; the drain itself takes milliseconds).
     */
    static final long LOCKED_CATCH_UP_MS = 1_000;

    private static final Set<String> INTEGER_KEYS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");

    /** A position in the binary log: the file and the offset in it. */
    record Position(String file, long offset) implements Comparable<Position> {
        /**
         * By file, then offset. Files of one log ({@code binlog.000009}) compare by the index after the last
         * dot, which grows past six digits ({@code binlog.999999} comes before {@code binlog.1000000}); names
         * of other forms by their text.
         */
        @Override
        public int compareTo(Position o) {
            int byFile = compareFiles(file, o.file);
            return byFile != 0 ? byFile : Long.compare(offset, o.offset);
        }

        static int compareFiles(String a, String b) {
            int dotA = a.lastIndexOf('.');
            int dotB = b.lastIndexOf('.');
            if (dotA > 0
                    && dotB > 0
                    && a.substring(0, dotA).equals(b.substring(0, dotB))
                    && index(a.substring(dotA + 1)) >= 0
                    && index(b.substring(dotB + 1)) >= 0) {
                return Long.compare(index(a.substring(dotA + 1)), index(b.substring(dotB + 1)));
            }
            return a.compareTo(b);
        }

        /** The file's index, or -1 when the suffix is not one (digits only, at most 18 of them). */
        private static long index(String suffix) {
            if (suffix.isEmpty() || suffix.length() > 18 || !suffix.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return -1;
            }
            return Long.parseLong(suffix);
        }

        @Override
        public String toString() {
            return file + ":" + offset;
        }
    }

    private final CopySql sql;
    private final MySqlDialect dialect;
    private final MySqlSession session;
    private final Session.Context context;
    private final ChunkCopy.Plan plan;
    private final String schema;
    private final String keyType;
    private final boolean unsigned;
    private final int keyIndex;
    private final BinaryLogClient client;
    private final ChangedKeys queue = new ChangedKeys();
    private final Map<Long, Boolean> ours = new ConcurrentHashMap<>();
    private volatile Position received;
    private final Position start;
    /** The {@code server_uuid} of the server whose binary log is read: a position means something on it alone. */
    private final String server;

    private volatile Throwable failure;
    /** Set by {@link #close}: the reader's connection ends because the copy is done with it. */
    private volatile boolean closing;

    private long applied;

    private BinlogFeed(
            CopySql sql,
            MySqlDialect dialect,
            MySqlSession session,
            Session.Context context,
            ChunkCopy.Plan plan,
            String schema,
            String keyType,
            boolean unsigned,
            int keyIndex,
            BinaryLogClient client,
            Position start,
            String server) {
        this.sql = sql;
        this.dialect = dialect;
        this.session = session;
        this.context = context;
        this.plan = plan;
        this.schema = schema;
        this.keyType = keyType;
        this.unsigned = unsigned;
        this.keyIndex = keyIndex;
        this.client = client;
        this.received = start;
        this.start = start;
        this.server = server;
    }

    /**
     * Why transaction compression keeps the feed from reading the binary log, or null. The variable exists
     * from MySQL 8.0.20 ({@code version} as 80020); 8.0.13 to 8.0.19 compress nothing and refuse to name it
     * ("Unknown system variable"), so it is not read there.
     */
    static String compressionRefusal(CopySql sql, int version) throws SQLException {
        if (version < 80_020
                || !sql.text("SELECT @@GLOBAL.binlog_transaction_compression").equals("1")) {
            return null;
        }
        return "binlog_transaction_compression is ON, whose compressed events the feed does not read: set it OFF "
                + "(the default), or use migrate.onlineCopy.feed=triggers";
    }

    /**
     * Why the server or the run cannot feed a copy from the binary log, or null: the binary log on,
     * row-based with full row images, the privileges a replica needs, the login to open a
     * connection of its own, and MySQL 8.0.13 or later ({@code RENAME TABLE} under {@code LOCK TABLES}).
     */
    static String serverRefusal(CopySql sql, MySqlSession session, Session.Context context) throws SQLException {
        if (session instanceof MariaDbSession) {
            return "the binary-log feed is made for MySQL only so far; on MariaDB use migrate.onlineCopy.feed=triggers";
        }
        String version = sql.text("SELECT VERSION()");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version);
        int number = m.find()
                ? Integer.parseInt(m.group(1)) * 10_000
                        + Integer.parseInt(m.group(2)) * 100
                        + Integer.parseInt(m.group(3))
                : 0;
        if (number < 80_013) {
            return "MySQL " + version + " cannot rename tables it holds with LOCK TABLES (8.0.13 and later can), "
                    + "which the binary-log feed's swap needs; use migrate.onlineCopy.feed=triggers";
        }
        if (!sql.text("SELECT @@GLOBAL.log_bin").equals("1")) {
            return "the binary log is off (log_bin=OFF): start the server with it on (--log-bin, the default of "
                    + "MySQL 8), or use migrate.onlineCopy.feed=triggers";
        }
        String format = sql.text("SELECT @@GLOBAL.binlog_format");
        if (!format.equalsIgnoreCase("ROW")) {
            return "binlog_format is " + format + ": the binary-log feed reads row events, set binlog_format=ROW "
                    + "(the default), or use migrate.onlineCopy.feed=triggers";
        }
        String image = sql.text("SELECT @@GLOBAL.binlog_row_image");
        if (!image.equalsIgnoreCase("FULL")) {
            return "binlog_row_image is " + image + ": the binary-log feed needs the whole key of every row "
                    + "changed, set binlog_row_image=FULL (the default), or use migrate.onlineCopy.feed=triggers";
        }
        String compression = compressionRefusal(sql, number);
        if (compression != null) {
            return compression;
        }
        String valueOptions = sql.text("SELECT @@GLOBAL.binlog_row_value_options");
        if (!valueOptions.isEmpty()) {
            return "binlog_row_value_options is " + valueOptions + ": every update is then logged as a partial update "
                    + "event, which the feed does not read; set it to '' (the default), or use "
                    + "migrate.onlineCopy.feed=triggers";
        }
        // asked of the server rather than read from information_schema.USER_PRIVILEGES, which lists neither
        // the privileges of the user's active roles nor SUPER's stand-ins: each statement needs what the
        // replica's connection needs, and is refused with 1227 otherwise
        List<String> missing = new ArrayList<>();
        if (refusedForPrivilege(sql, "SHOW REPLICAS", "SHOW SLAVE HOSTS")) {
            missing.add("REPLICATION SLAVE");
        }
        if (refusedForPrivilege(sql, "SHOW BINARY LOGS", null)) {
            missing.add("REPLICATION CLIENT");
        }
        if (!missing.isEmpty()) {
            return "the user lacks " + String.join(" and ", missing) + ", which reading the binary log needs (the "
                    + "server refuses it "
                    + (missing.contains("REPLICATION SLAVE") ? "SHOW REPLICAS" : "SHOW BINARY LOGS")
                    + (missing.size() > 1 ? " and SHOW BINARY LOGS" : "") + "; a role's privileges count once the role "
                    + "is active, as SET DEFAULT ROLE makes it at login): GRANT " + String.join(", ", missing)
                    + " ON *.* TO the migration user or a default role of it, or use migrate.onlineCopy.feed=triggers";
        }
        if (context.login() == null) {
            return "the binary log is read over a connection of its own, and this run was given no login "
                    + "(MigrationRunner.withLogin); use migrate.onlineCopy.feed=triggers";
        }
        return null;
    }

    /** MySQL's ER_SPECIFIC_ACCESS_DENIED_ERROR: "Access denied; you need (at least one of) the … privilege(s)". */
    static final int ACCESS_DENIED = 1227;

    /**
     * True when the server refuses {@code statement} to this user for want of a privilege; a
     * statement the server does not know (1064) is tried under its older name, when there is one.
     * Sends only statements that read.
     */
    private static boolean refusedForPrivilege(CopySql sql, String statement, String olderName) throws SQLException {
        try (Statement s = sql.connection.createStatement();
                ResultSet rs = s.executeQuery(statement)) {
            return false;
        } catch (SQLException e) {
            if (e.getErrorCode() == ACCESS_DENIED) {
                return true;
            }
            if (olderName != null && CopySql.unknownStatement(e)) {
                return refusedForPrivilege(sql, olderName, null);
            }
            throw e;
        }
    }

    /** Why the binary-log feed cannot copy this table, or null: it needs an integer key, which row events carry exactly. */
    static String keyRefusal(String table, String key, String dataType) {
        if (!INTEGER_KEYS.contains(dataType.toLowerCase(Locale.ROOT))) {
            return "the primary key " + table + "." + key + " is of type " + dataType
                    + "; the binary-log feed copies tables with an integer key (use migrate.onlineCopy.feed=triggers)";
        }
        return null;
    }

    /**
     * Takes the binary log's present position and starts reading from it: every change committed
     * after this call is seen, so the chunks may start.
     */
    static BinlogFeed start(
            CopySql sql,
            MySqlDialect dialect,
            MySqlSession session,
            Session.Context context,
            ChunkCopy.Plan plan,
            Position from)
            throws SQLException {
        String schema = sql.text("SELECT DATABASE()");
        String columnType = sql.text(
                "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                        + "AND COLUMN_NAME = ?",
                plan.table(),
                plan.key());
        // the row images hold every column, generated ones too, in the table's order
        long ordinal = sql.count(
                "SELECT ORDINAL_POSITION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME = ? AND COLUMN_NAME = ?",
                plan.table(),
                plan.key());
        Position start = from != null ? from : position(sql);
        Session.Login login = context.login();
        String[] hostPort = hostAndPort(login.url());
        BinaryLogClient client =
                new BinaryLogClient(hostPort[0], Integer.parseInt(hostPort[1]), login.username(), login.password());
        // a replica's server id must be unique among the primary's replicas: one no configured server uses
        client.setServerId(0x4000_0000L + ThreadLocalRandom.current().nextLong(0x3FFF_FFFFL));
        client.setBinlogFilename(start.file());
        client.setBinlogPosition(start.offset());
        client.setKeepAlive(false);
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(
                EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        // events the connector does not decode are named rather than passed over: an update a session logged with
        // binlog_row_value_options=PARTIAL_JSON (only its table is read), and a transaction a session compressed
        // (binlog_transaction_compression=ON; whose tables cannot be known without the zstd library)
        deserializer.setEventDataDeserializer(
                EventType.PARTIAL_UPDATE_ROWS_EVENT,
                (EventDataDeserializer<PartialUpdate>) in -> new PartialUpdate(in.readLong(6)));
        deserializer.setEventDataDeserializer(EventType.TRANSACTION_PAYLOAD, in -> {
            throw new IOException("a transaction compressed by a session with binlog_transaction_compression=ON, "
                    + "which the feed does not read, may have changed " + plan.table());
        });
        client.setEventDeserializer(deserializer);
        BinlogFeed feed = new BinlogFeed(
                sql,
                dialect,
                session,
                context,
                plan,
                schema,
                sql.text(
                        "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                + "AND TABLE_NAME = ? AND COLUMN_NAME = ?",
                        plan.table(),
                        plan.key()),
                columnType.toLowerCase(Locale.ROOT).contains("unsigned"),
                (int) ordinal - 1,
                client,
                start,
                sql.text("SELECT @@GLOBAL.server_uuid"));
        client.setThreadFactory(r -> {
            Thread t = new Thread(r, "retort-binlog-" + plan.table());
            t.setDaemon(true);
            // an Error ends the reader without a lifecycle call for it
            t.setUncaughtExceptionHandler((thread, e) -> {
                if (!feed.closing) {
                    feed.failure = e;
                }
            });
            return t;
        });
        client.registerEventListener(feed::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                feed.failure = ex;
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                feed.failure = ex;
            }

            @Override
            public void onDisconnect(BinaryLogClient c) {
                // the server ending the stream (a restart, a KILL of the reader's connection) calls nothing else
                if (!feed.closing && feed.failure == null) {
                    feed.failure = new IOException("the server ended the connection the binary log was read over, at "
                            + feed.received + " (a restart, or a KILL of that connection)");
                }
            }
        });
        try {
            client.connect(10_000);
        } catch (IOException | TimeoutException e) {
            throw new SQLException(
                    "could not read the binary log from " + start + " as a replica (" + hostPort[0] + ":" + hostPort[1]
                            + "): " + e.getMessage() + "; use migrate.onlineCopy.feed=triggers",
                    "HY000",
                    e);
        }
        context.info("  reading the binary log from " + start + " for the writes to " + plan.table()
                + (from != null ? " made since the copy began" : " made during the copy")
                + " (migrate.onlineCopy.feed=binlog; no triggers)");
        return feed;
    }

    /** Host and port of a {@code jdbc:mysql://host[:port]/...} URL. */
    static String[] hostAndPort(String url) {
        String rest = url.replaceFirst("^jdbc:[a-z]+://", "");
        int end = rest.length();
        for (char c : new char[] {'/', '?', ','}) {
            int i = rest.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && !authority.endsWith("]")) {
            return new String[] {authority.substring(0, colon), authority.substring(colon + 1)};
        }
        return new String[] {authority.isEmpty() ? "localhost" : authority, "3306"};
    }

    /** The binary log's present position, MySQL 8.2 and later (8.4 knows no other). */
    static final String BINARY_LOG_STATUS = "SHOW BINARY LOG STATUS";

    /** The binary log's present position before MySQL 8.2; removed in 8.4. */
    static final String MASTER_STATUS = "SHOW MASTER STATUS";

    /**
     * The binary log's present position: {@value #BINARY_LOG_STATUS} on MySQL 8.2 and later,
     * {@value #MASTER_STATUS} before; when the server does not know the one its version names, the
     * other ({@link #positionStatements}).
     */
    static Position position(CopySql sql) throws SQLException {
        java.sql.DatabaseMetaData meta = sql.connection.getMetaData();
        return position(sql, positionStatements(meta.getDatabaseMajorVersion(), meta.getDatabaseMinorVersion()));
    }

    /** The position from the first of {@code statements}, or the second when the server does not know the first. */
    static Position position(CopySql sql, List<String> statements) throws SQLException {
        try {
            return position(sql, statements.get(0));
        } catch (SQLException e) {
            if (!CopySql.unknownStatement(e) || statements.size() < 2) {
                throw e;
            }
            return position(sql, statements.get(1));
        }
    }

    /**
     * The statements that give the binary log's position on a server of this version, the one to
     * send first first: MySQL 8.4 refuses {@value #MASTER_STATUS} as a syntax error (1064), 8.0 and
     * 8.1 {@value #BINARY_LOG_STATUS}; the second is sent only when the server refuses the first so.
     */
    static List<String> positionStatements(int major, int minor) {
        return major > 8 || major == 8 && minor >= 2
                ? List.of(BINARY_LOG_STATUS, MASTER_STATUS)
                : List.of(MASTER_STATUS, BINARY_LOG_STATUS);
    }

    private static Position position(CopySql sql, String statement) throws SQLException {
        try (Statement s = sql.connection.createStatement();
                ResultSet rs = s.executeQuery(statement)) {
            if (!rs.next()) {
                throw new SQLException(statement + " returned nothing: the binary log is off", "HY000");
            }
            return new Position(rs.getString(1), rs.getLong(2));
        }
    }

    /** The table of an update logged as a partial update ({@code binlog_row_value_options=PARTIAL_JSON}). */
    record PartialUpdate(long tableId) implements EventData {}

    /** On the reader's thread: queues the keys of the table's changed rows, then moves the position read. */
    private void onEvent(Event event) {
        try {
            EventData data = event.getData();
            if (data instanceof PartialUpdate p && Boolean.TRUE.equals(ours.get(p.tableId()))) {
                failure = new IOException("an update of " + plan.table() + " after " + received + " is logged as a "
                        + "partial update (binlog_row_value_options=PARTIAL_JSON in the writer's session), which the "
                        + "feed does not read");
                return;
            }
            if (data instanceof QueryEventData q && truncates(q)) {
                failure = new IOException(plan.table() + " was truncated by another session after " + received + " ("
                        + q.getSql().strip() + "), which the copy, still holding its rows, would undo");
                return;
            }
            if (data instanceof TableMapEventData map) {
                ours.put(
                        map.getTableId(),
                        schema.equalsIgnoreCase(map.getDatabase())
                                && plan.table().equalsIgnoreCase(map.getTable()));
            } else if (data instanceof WriteRowsEventData w) {
                if (Boolean.TRUE.equals(ours.get(w.getTableId()))) {
                    for (Serializable[] row : w.getRows()) {
                        queue.add(key(row));
                    }
                }
            } else if (data instanceof UpdateRowsEventData u) {
                if (Boolean.TRUE.equals(ours.get(u.getTableId()))) {
                    for (Map.Entry<Serializable[], Serializable[]> row : u.getRows()) {
                        String before = key(row.getKey());
                        String after = key(row.getValue());
                        queue.add(before);
                        if (!after.equals(before)) {
                            queue.add(after);
                        }
                    }
                }
            } else if (data instanceof DeleteRowsEventData d) {
                if (Boolean.TRUE.equals(ours.get(d.getTableId()))) {
                    for (Serializable[] row : d.getRows()) {
                        queue.add(key(row));
                    }
                }
            }
            if (data instanceof RotateEventData r) {
                received = new Position(r.getBinlogFilename(), r.getBinlogPosition());
            } else if (event.getHeader() instanceof EventHeaderV4 h && h.getNextPosition() > 0) {
                received = new Position(received.file(), h.getNextPosition());
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private static final java.util.regex.Pattern TRUNCATE = java.util.regex.Pattern.compile(
            "\\s*TRUNCATE\\s+(?:TABLE\\s+)?(?:`?([^`\\s.]+)`?\\.)?`?([^`\\s;]+)`?\\s*;?\\s*",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Whether a statement event is a {@code TRUNCATE} of the table: logged as a statement, not as row
     * events, it would otherwise pass unseen, and the swap bring the rows back.
     */
    private boolean truncates(QueryEventData q) {
        if (q.getSql() == null) {
            return false;
        }
        java.util.regex.Matcher m = TRUNCATE.matcher(q.getSql().replaceAll("(?s)/\\*.*?\\*/", " "));
        if (!m.matches()) {
            return false;
        }
        String database = m.group(1) != null ? m.group(1) : q.getDatabase();
        return schema.equalsIgnoreCase(database) && plan.table().equalsIgnoreCase(m.group(2));
    }

    /** The key of a row image as the decimal text of the value the column holds (unsigned values made positive). */
    private String key(Serializable[] row) {
        Serializable v = row[keyIndex];
        if (v == null) {
            throw new IllegalStateException("a row event of " + plan.table() + " has no key value");
        }
        long n = ((Number) v).longValue();
        if (!unsigned || n >= 0 && !(v instanceof Integer || v instanceof Short || v instanceof Byte)) {
            return Long.toString(n);
        }
        return switch (keyType.toLowerCase(Locale.ROOT)) {
            case "tinyint" -> Long.toString(n & 0xFFL);
            case "smallint" -> Long.toString(n & 0xFFFFL);
            case "mediumint" -> Long.toString(n & 0xFFFFFFL);
            case "int" -> Long.toString(n & 0xFFFF_FFFFL);
            default -> new BigInteger(Long.toUnsignedString(n)).toString();
        };
    }

    private void healthy() throws SQLException {
        Throwable f = failure;
        if (f != null) {
            Throwable why = f instanceof EventDataDeserializationException && f.getCause() != null ? f.getCause() : f;
            throw new SQLException(
                    "reading the binary log failed: " + why.getMessage() + "; the copy cannot know the writes since",
                    "HY000",
                    f);
        }
    }

    /** Applies the keys queued so far (between chunks): share-locks the table's rows, copies them again. */
    void applyPending() throws SQLException {
        healthy();
        apply(false);
    }

    /**
     * Reads the binary log up to the server's present position and applies every key queued: then
     * the shadow holds, for every row, what the table held when that position was taken or later.
     */
    void catchUp() throws SQLException {
        awaitPosition(position(sql));
        apply(false);
    }

    /**
     * The keys changed since the last {@link #catchUp} whose events are written by now: the rows in
     * which a checksum taken meanwhile may find the shadow behind the table. Null when there are too
     * many to leave out of a checksum.
     */
    Set<String> pendingKeys(int most) throws SQLException {
        awaitPosition(position(sql));
        Set<String> keys = queue.waiting();
        return keys.size() > most ? null : keys;
    }

    /**
     * Under the swap's {@code LOCK TABLES}: nobody else writes the table, so every change to it is
     * in the binary log up to the present position; reads that far and applies it all, without
     * locking reads (the table lock covers them). Returns the rows applied, or -1, having applied
     * nothing, when the reader does not reach that position within {@value #LOCKED_CATCH_UP_MS} ms.
     */
    long drainLocked() throws SQLException {
        if (!reached(position(sql), LOCKED_CATCH_UP_MS)) {
            return -1;
        }
        return apply(true);
    }

    private void awaitPosition(Position target) throws SQLException {
        if (!reached(target, CATCH_UP_TIMEOUT_MS)) {
            throw new SQLException(
                    "the binary log reader is at " + received + " and did not reach " + target + " within "
                            + CATCH_UP_TIMEOUT_MS / 1000 + " s",
                    "HY000");
        }
    }

    /** Waits for the reader to reach {@code target}: false when it has not within {@code millis}. */
    private boolean reached(Position target, long millis) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (received.compareTo(target) < 0) {
            healthy();
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(0, 200_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while reading the binary log", "HY000", e);
            }
        }
        healthy();
        return true;
    }

    /** Applies the queued keys in batches of a chunk's size; returns how many distinct keys were applied. */
    private long apply(boolean locked) throws SQLException {
        long done = 0;
        int batch = Math.max(1, context.copyChunkRows());
        while (!queue.isEmpty()) {
            Set<String> keys = new LinkedHashSet<>();
            String k;
            while (keys.size() < batch && (k = queue.take()) != null) {
                keys.add(k);
            }
            applyKeys(keys, locked);
            done += keys.size();
        }
        applied += done;
        return done;
    }

    private void applyKeys(Set<String> keys, boolean locked) throws SQLException {
        String t = dialect.quote(plan.table());
        String shadow = dialect.quote(plan.names().shadow());
        String k = dialect.quote(plan.key());
        String in = k + " IN (" + String.join(", ", keys) + ")";
        String list = plan.list(dialect);
        List<String> statements = List.of(
                "DELETE FROM " + shadow + " WHERE " + in,
                "INSERT INTO " + shadow + " (" + list + ") SELECT " + list + " FROM " + t + " WHERE " + in);
        if (locked) {
            for (String s : statements) {
                sql.exec(s);
            }
            return;
        }
        Connection connection = sql.connection;
        int isolation = connection.getTransactionIsolation();
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        try {
            for (int attempt = 1; ; attempt++) {
                connection.setAutoCommit(false);
                try {
                    // the table's rows first, as a chunk does: a writer's change not yet committed holds its row
                    // (its event may already be read), so the copy below sees it committed or not at all
                    String lock = "SELECT " + k + " FROM " + t + " WHERE " + in + " " + session.shareLockNoWait();
                    sql.last = lock;
                    try (PreparedStatement ps = connection.prepareStatement(lock);
                            ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // taking the locks is the point
                        }
                    }
                    for (String s : statements) {
                        sql.last = s;
                        try (Statement st = connection.createStatement()) {
                            st.executeUpdate(s);
                        }
                    }
                    connection.commit();
                    return;
                } catch (SQLException e) {
                    connection.rollback();
                    if (!session.isLockBusy(e) || attempt >= 50) {
                        throw e;
                    }
                    CopySql.sleep(context.pauseBeforeRetry(Math.min(attempt, 3)));
                } finally {
                    connection.setAutoCommit(true);
                }
            }
        } finally {
            connection.setTransactionIsolation(isolation);
        }
    }

    /** Keys applied so far (a key changed twice between two applies counts once). */
    long applied() {
        return applied;
    }

    /** Where the reading started: the position taken before the first chunk. */
    Position start() {
        return start;
    }

    /**
     * The text recorded in {@value CopyRecord#TABLE}'s {@code feed} column: {@code binlog <file>:<offset> on
     * <server_uuid>} (without the server when written by a version that did not record it).
     */
    String recorded() {
        return "binlog " + start.file() + ":" + start.offset() + ON + server;
    }

    private static final String ON = " on ";

    /** The position of a {@link #recorded} text, or null when it is none. */
    static Position recorded(String feed) {
        if (feed == null || !feed.startsWith("binlog ")) {
            return null;
        }
        String position = feed.lastIndexOf(ON) > 0 ? feed.substring(0, feed.lastIndexOf(ON)) : feed;
        int colon = position.lastIndexOf(':');
        if (colon < 8) {
            return null;
        }
        try {
            return new Position(position.substring(7, colon), Long.parseLong(position.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The {@code server_uuid} of a {@link #recorded} text, or null when it names none. */
    static String recordedServer(String feed) {
        return recorded(feed) == null || feed.lastIndexOf(ON) < 0
                ? null
                : feed.substring(feed.lastIndexOf(ON) + ON.length());
    }

    /** Whether the server still keeps the binary log file of {@code p} ({@code SHOW BINARY LOGS}). */
    static boolean kept(CopySql sql, Position p) throws SQLException {
        try (Statement s = sql.connection.createStatement();
                ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                if (rs.getString(1).equals(p.file())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The position read so far. */
    Position received() {
        return received;
    }

    @Override
    public void close() {
        closing = true;
        try {
            client.disconnect();
        } catch (IOException e) {
            context.warn("  could not close the binary log reader: " + e.getMessage());
        }
    }
}
