package dev.retort.core.mysql;

import dev.retort.core.dialect.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a finished shadow copy against its table before the swap, chunk by chunk, the way Spirit
 * does: each chunk's rows are reduced to a count and two aggregates of a per-row CRC32 (their
 * BIT_XOR and their SUM, so two differences cannot cancel out) on both tables, in one consistent
 * snapshot. The triggers change both tables in the writer's own transaction, so a snapshot sees
 * the two in step; a chunk that differs was copied wrong (or the shadow was written to by someone
 * else) and is copied again, then checked again. The table's columns are projected as the shadow
 * holds them: a column the change converts is cast to its new type first.
 */
final class CopyVerifier {

    private static final int MAX_RECOPIES = 3;
    /** The most keys written meanwhile that a checksum of the binary-log feed leaves out (more: checked again). */
    private static final int MAX_PENDING = 1000;

    private static final Set<String> STRING_TYPES =
            Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
    /** Types whose values keep their bytes when only the length changes. */
    private static final Set<String> SAME_BYTES_TYPES =
            Set.of("varbinary", "tinyblob", "blob", "mediumblob", "longblob");

    private static final Set<String> INTEGER_TYPES =
            Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint");

    private final CopySql sql;
    private final MySqlDialect dialect;
    private final MySqlSession session;
    private final Session.Context context;
    private final CopyRecord record;
    private final ChunkCopy chunks;
    /** With {@code migrate.onlineCopy.feed=binlog}: the writes read from the binary log, caught up before each chunk. */
    BinlogFeed feed;

    CopyVerifier(
            CopySql sql,
            MySqlDialect dialect,
            MySqlSession session,
            Session.Context context,
            CopyRecord record,
            ChunkCopy chunks) {
        this.sql = sql;
        this.dialect = dialect;
        this.session = session;
        this.context = context;
        this.record = record;
        this.chunks = chunks;
    }

    /** The per-row CRC of each side: what the table's row becomes in the shadow, and the shadow's row. */
    record Projection(String source, String shadow, List<String> leftOut) {}

    /** Checks the chunks after {@code from} (null: all); returns the number of chunks that were copied again. */
    int verify(ChunkCopy.Plan p, Object from) throws SQLException {
        Projection projection = project(p);
        if (!projection.leftOut().isEmpty()) {
            context.info("  left out of the checksum, no exact cast to their new type: "
                    + String.join(", ", projection.leftOut()));
        }
        Connection connection = sql.connection;
        String t = dialect.quote(p.table());
        String k = dialect.quote(p.key());
        String shadow = dialect.quote(p.names().shadow());
        int isolation = connection.getTransactionIsolation();
        long started = System.nanoTime();
        long lastLog = started;
        long checked = 0;
        int recopied = 0;
        Object last = from;
        try {
            while (true) {
                chunks.awaitCalm(p.table());
                Object end;
                try (Statement s = connection.createStatement();
                        ResultSet rs = s.executeQuery("SELECT MAX(" + k + ") FROM " + t)) {
                    end = rs.next() ? rs.getObject(1) : null;
                }
                // the last chunk is open-ended, so rows the shadow has beyond the table's last key are seen too
                Object upper = end == null ? null : chunks.upperBound(t, k, last, end);
                boolean finalChunk = upper == null || upper.equals(end);
                if (finalChunk) {
                    upper = null;
                }
                String range = CopySql.range(k, last, upper);
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                long[] source;
                long[] copy;
                for (int attempt = 0; ; attempt++) {
                    if (feed != null) {
                        // the shadow as far as the binary log goes now; what is written meanwhile is left out below
                        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                        feed.catchUp();
                        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    }
                    connection.setAutoCommit(false);
                    try {
                        try (Statement s = connection.createStatement()) {
                            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
                        }
                        source = sums(projection.source(), t, range, last, upper);
                        copy = sums(projection.shadow(), shadow, range, last, upper);
                        if (feed != null && !java.util.Arrays.equals(source, copy)) {
                            // rows written since the catch-up: the snapshot sees them in the table, the shadow gets
                            // them with the next apply. Every such write is in the binary log by the position read
                            // now (written before the snapshot), so leaving out their keys compares the rest exactly
                            java.util.Set<String> pending = feed.pendingKeys(MAX_PENDING);
                            if (pending != null && !pending.isEmpty()) {
                                String without = range + " AND " + k + " NOT IN (" + String.join(", ", pending) + ")";
                                source = sums(projection.source(), t, without, last, upper);
                                copy = sums(projection.shadow(), shadow, without, last, upper);
                            }
                        }
                        if (java.util.Arrays.equals(source, copy)) {
                            record.checkpoint(p.table(), CopyRecord.VERIFY, upper == null ? last : upper);
                        }
                        connection.commit();
                    } catch (SQLException e) {
                        connection.rollback();
                        throw e;
                    } finally {
                        connection.setAutoCommit(true);
                    }
                    if (java.util.Arrays.equals(source, copy)) {
                        break;
                    }
                    if (attempt >= MAX_RECOPIES) {
                        throw new SQLException(
                                "the shadow copy " + p.names().shadow() + " still differs from " + p.table()
                                        + " in the key range " + describe(last, upper) + " after copying it again "
                                        + MAX_RECOPIES
                                        + " times (rows " + source[0] + " against " + copy[0]
                                        + "); something other than Retort's "
                                        + "triggers writes to it",
                                "HY000");
                    }
                    context.warn("  the shadow copy of " + p.table() + " differs in the key range "
                            + describe(last, upper) + " (" + source[0] + " rows in the table, " + copy[0]
                            + " in the copy, checksums differ): copying it again");
                    recopied++;
                    connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    recopy(p, range, last, upper);
                    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                }
                checked += source[0];
                long now = System.nanoTime();
                if (finalChunk || now - lastLog >= ChunkCopy.LOG_EVERY_NANOS) {
                    context.info(String.format(
                            Locale.ROOT,
                            "  checksum of the copy of %s: %,d rows %s in %s (%,.0f rows/s)%s",
                            p.table(),
                            checked,
                            finalChunk ? "match" : "match so far",
                            ChunkCopy.seconds(now - started),
                            checked / Math.max(1e-9, (now - started) / 1e9),
                            recopied == 0
                                    ? ""
                                    : "; " + recopied + " chunk" + (recopied == 1 ? "" : "s") + " copied again"));
                    lastLog = now;
                }
                if (finalChunk) {
                    return recopied;
                }
                last = upper;
                if (context.copyThrottle() > 0) {
                    CopySql.sleep((long) ((System.nanoTime() - now) * context.copyThrottle() / 1_000_000));
                }
            }
        } finally {
            connection.setTransactionIsolation(isolation);
        }
    }

    private static String describe(Object lower, Object upper) {
        return "("
                + (lower == null
                        ? "start"
                        : lower instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : lower) + ", "
                + (upper == null
                        ? "end"
                        : upper instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : upper) + "]";
    }

    private long[] sums(String crc, String table, String range, Object lower, Object upper) throws SQLException {
        String query = "SELECT COUNT(*), COALESCE(BIT_XOR(h), 0), COALESCE(SUM(h), 0) FROM (SELECT " + crc
                + " AS h FROM " + table + " FORCE INDEX (PRIMARY) WHERE " + range + ") rows_";
        sql.last = query;
        try (PreparedStatement ps = sql.connection.prepareStatement(query)) {
            CopySql.bindRange(ps, lower, upper);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {
                    rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).longValue()
                };
            }
        }
    }

    /** Copies one key range again: its source rows share-locked, the shadow's rows of the range deleted, then copied. */
    private void recopy(ChunkCopy.Plan p, String range, Object lower, Object upper) throws SQLException {
        Connection connection = sql.connection;
        String t = dialect.quote(p.table());
        String shadow = dialect.quote(p.names().shadow());
        String k = dialect.quote(p.key());
        String list = p.list(dialect);
        for (int attempt = 1; ; attempt++) {
            connection.setAutoCommit(false);
            try {
                for (String statement : List.of(
                        "SELECT COUNT(*) FROM " + t + " FORCE INDEX (PRIMARY) WHERE " + range + " LOCK IN SHARE MODE",
                        "DELETE FROM " + shadow + " WHERE " + range,
                        "INSERT INTO " + shadow + " (" + list + ") SELECT " + list + " FROM " + t
                                + " FORCE INDEX (PRIMARY) WHERE " + range + " ON DUPLICATE KEY UPDATE " + shadow + "."
                                + k + " = " + shadow + "." + k)) {
                    sql.last = statement;
                    try (PreparedStatement ps = connection.prepareStatement(statement)) {
                        CopySql.bindRange(ps, lower, upper);
                        ps.execute();
                    }
                }
                connection.commit();
                return;
            } catch (SQLException e) {
                connection.rollback();
                if (!session.isLockBusy(e) || attempt >= 20) {
                    throw e;
                }
                CopySql.sleep(context.pauseBeforeRetry(attempt));
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * The CRC expressions of both sides. A column of the same type on both is read as it is; one the
     * change converts is cast on the table's side to what the shadow holds; strings are compared as
     * utf8mb4, so a changed character set does not count as a difference. Columns with no exact cast
     * (floating point, JSON, ENUM, ...) are left out and named. A NULL marker per column keeps
     * {@code ('a', NULL)} apart from {@code (NULL, 'a')}.
     */
    Projection project(ChunkCopy.Plan p) throws SQLException {
        Map<String, String[]> source = columnTypes(p.table());
        Map<String, String[]> shadow = columnTypes(p.names().shadow());
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (String column : p.columns()) {
            String[] before = source.get(column.toLowerCase(Locale.ROOT));
            String[] after = shadow.get(column.toLowerCase(Locale.ROOT));
            String q = dialect.quote(column);
            if (before == null || after == null) {
                continue;
            }
            String dataType = after[0];
            if (STRING_TYPES.contains(dataType)) {
                from.add("CONVERT(" + q + " USING utf8mb4)");
                to.add("CONVERT(" + q + " USING utf8mb4)");
            } else if (before[1].equalsIgnoreCase(after[1])
                    || before[0].equals(dataType) && SAME_BYTES_TYPES.contains(dataType)) {
                from.add(q);
                to.add(q);
            } else {
                String cast = castTo(dataType, after[1]);
                if (cast == null) {
                    leftOut.add(column + " (" + before[1] + " to " + after[1] + ")");
                    continue;
                }
                from.add("CAST(" + q + " AS " + cast + ")");
                to.add(q);
            }
        }
        String nulls = p.columns().stream()
                .filter(c -> source.containsKey(c.toLowerCase(Locale.ROOT))
                        && shadow.containsKey(c.toLowerCase(Locale.ROOT)))
                .map(c -> "ISNULL(" + dialect.quote(c) + ")")
                .collect(Collectors.joining(", "));
        return new Projection(crc(from, nulls), crc(to, nulls), leftOut);
    }

    private static String crc(List<String> values, String nulls) {
        return "CRC32(CONCAT_WS('#', " + String.join(", ", values) + ", CONCAT(" + nulls + ")))";
    }

    /** The CAST type that turns a value into what a column of this type holds, or null when there is no exact one. */
    static String castTo(String dataType, String columnType) {
        String type = columnType.toLowerCase(Locale.ROOT);
        if (INTEGER_TYPES.contains(dataType)) {
            return type.contains("unsigned") ? "UNSIGNED" : "SIGNED";
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\((\\d+)(?:,(\\d+))?\\)").matcher(type);
        String args = m.find() ? "(" + m.group(1) + (m.group(2) == null ? "" : "," + m.group(2)) + ")" : "";
        return switch (dataType) {
            case "decimal" -> "DECIMAL" + args;
            case "date" -> "DATE";
            case "datetime" -> "DATETIME" + args;
            case "time" -> "TIME" + args;
            case "binary" -> "BINARY" + args;
            default -> null;
        };
    }

    /** Column name (lower case) to {DATA_TYPE, COLUMN_TYPE + character set}. */
    private Map<String, String[]> columnTypes(String table) throws SQLException {
        Map<String, String[]> types = new HashMap<>();
        try (PreparedStatement ps = sql.prepare(
                        "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, COALESCE(CHARACTER_SET_NAME, '') "
                                + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
                        table);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                types.put(rs.getString(1).toLowerCase(Locale.ROOT), new String[] {
                    rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(3) + " " + rs.getString(4)
                });
            }
        }
        return types;
    }
}
