package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.ForeignKey.foreignKey;
import static dev.retort.migration.Types.*;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.introspect.Drift;
import dev.retort.core.introspect.DriftDetector;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The revisions the fault-injection harness kills: a realistic set on three seeded tables, with a
 * NOT NULL column filled by an SQL backfill and by a Java backfill (batches), an index and a foreign
 * key, a column rename and, on MySQL/MariaDB, shadow copies ({@code onlineCopy=rebuilds} with a
 * copy-row limit below the seeded row counts). {@code k1} creates the tables and is never killed;
 * the seed rows go in after it. Also the checks run after every rerun.
 */
final class KillRevisions {

    static final int CUSTOMERS = 60;
    static final int ORDERS = 60;
    static final int EVENTS = 120;

    private KillRevisions() {}

    @Revision(id = "k1", message = "create tables")
    public static final class CreateTables implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("name", varchar(50)).notNull());
            op.createTable(
                    "orders",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("customer_id", bigint()).notNull(),
                    column("amount", integer()).notNull());
            op.createTable(
                    "event",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("kind", varchar(20)).notNull(),
                    column("payload", varchar(60)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("event").acceptDataLoss();
            op.dropTable("orders").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    @Revision(id = "k2", parents = "k1", message = "customer email and code required")
    public static final class CustomerEmail implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("customer", column("email", varchar(100)).nullable());
            op.backfill("customer", "email", "concat('c', id)").batchSize(25).throttle(0);
            op.alterColumn(
                    "customer",
                    column("email", varchar(100)).nullable(),
                    column("email", varchar(100)).notNull());
            op.addColumn("customer", column("code", varchar(20)).nullable());
            op.backfill("customer", "code", row -> "k" + row.get("name"), "name")
                    .batchSize(40)
                    .throttle(0);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("customer", "code").acceptDataLoss();
            op.dropColumn("customer", "email").acceptDataLoss();
        }
    }

    @Revision(id = "k3", parents = "k2", message = "orders by customer")
    public static final class OrdersKey implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createIndex("orders", "ix_orders_customer", "customer_id");
            op.addForeignKey(
                    "orders", foreignKey("fk_orders_customer", "customer_id").references("customer", "id"));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropForeignKey("orders", "fk_orders_customer");
            op.dropIndex("orders", "ix_orders_customer");
        }
    }

    @Revision(id = "k4", parents = "k3", message = "amount is a total")
    public static final class RenameAmount implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameColumn("orders", "amount", "total");
        }

        @Override
        public void downgrade(Operations op) {
            op.renameColumn("orders", "total", "amount");
        }
    }

    @Revision(id = "k5", parents = "k4", message = "event kind index, longer payload, note")
    public static final class EventChanges implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createIndex("event", "ix_event_kind", "kind");
            op.alterColumn(
                    "event",
                    column("payload", varchar(60)).nullable(),
                    column("payload", varchar(200)).nullable());
            op.addColumn("event", column("note", varchar(30)).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("event", "note").acceptDataLoss();
            op.alterColumn(
                            "event",
                            column("payload", varchar(200)).nullable(),
                            column("payload", varchar(60)).nullable())
                    .acceptDataLoss();
            op.dropIndex("event", "ix_event_kind");
        }
    }

    /**
     * Shadow copies of tables in a foreign key (MySQL/MariaDB): customer is referenced by
     * orders.fk_orders_customer, orders has that key of its own; both are rebuilt.
     */
    @Revision(id = "k6", parents = "k5", message = "longer customer names, wider totals")
    public static final class WidenKeyedTables implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                    "customer",
                    column("name", varchar(50)).notNull(),
                    column("name", varchar(120)).notNull());
            op.alterColumn(
                            "orders",
                            column("total", integer()).notNull(),
                            column("total", bigint()).notNull())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                            "orders",
                            column("total", bigint()).notNull(),
                            column("total", integer()).notNull())
                    .acceptDataLoss();
            op.alterColumn(
                            "customer",
                            column("name", varchar(120)).notNull(),
                            column("name", varchar(50)).notNull())
                    .acceptDataLoss();
        }
    }

    static RevisionGraph graph() {
        return new RevisionGraph(Stream.of(
                        new CreateTables(),
                        new CustomerEmail(),
                        new OrdersKey(),
                        new RenameAmount(),
                        new EventChanges(),
                        new WidenKeyedTables())
                .map(RevisionInfo::of)
                .toList());
    }

    static final List<String> ALL = List.of("k1", "k2", "k3", "k4", "k5", "k6");

    /** Shadow copies for every rebuild of a table above 50 rows, in chunks of 50 (MySQL/MariaDB; elsewhere inert). */
    static final DdlPolicy POLICY = DdlPolicy.DEFAULT
            .withRetryBudget(Duration.ofSeconds(20))
            .withCopyRowLimit(50)
            .withOnlineCopy(OnlineCopy.REBUILDS, 50, 0);

    static MigrationRunner runner(Connection c, RunLog log) throws SQLException {
        return new MigrationRunner(
                c,
                Dialects.detect(c.getMetaData()),
                graph(),
                log,
                true,
                Duration.ofSeconds(60),
                new SafetyPolicy(true, Map.of()),
                POLICY);
    }

    /** {@code k1} applied, then the seed rows. */
    static void prepare(Connection c) throws SQLException {
        runner(c, RunLog.SILENT).upgrade("k1");
        try (PreparedStatement customer = c.prepareStatement("INSERT INTO customer (id, name) VALUES (?, ?)");
                PreparedStatement order =
                        c.prepareStatement("INSERT INTO orders (id, customer_id, amount) VALUES (?, ?, ?)");
                PreparedStatement event =
                        c.prepareStatement("INSERT INTO event (id, kind, payload) VALUES (?, ?, ?)")) {
            for (int i = 1; i <= CUSTOMERS; i++) {
                customer.setLong(1, i);
                customer.setString(2, "name" + i);
                customer.addBatch();
            }
            customer.executeBatch();
            for (int i = 1; i <= ORDERS; i++) {
                order.setLong(1, i);
                order.setLong(2, 1 + (i * 7) % CUSTOMERS);
                order.setInt(3, i * 13);
                order.addBatch();
            }
            order.executeBatch();
            for (int i = 1; i <= EVENTS; i++) {
                event.setLong(1, i);
                event.setString(2, "kind" + (i % 5));
                event.setString(3, i % 4 == 0 ? null : "payload " + i);
                event.addBatch();
            }
            event.executeBatch();
        }
    }

    /** Digest of the seeded rows, read in key order from whichever column name the schema has. */
    static String checksum(Connection c) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Set<String> orders = columns(c, "orders");
        String amount = orders.contains("total") ? "total" : "amount";
        for (String sql : List.of(
                "SELECT id, name FROM customer ORDER BY id",
                "SELECT id, customer_id, " + amount + " FROM orders ORDER BY id",
                "SELECT id, kind, payload FROM event ORDER BY id")) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(rs.getString(i)).append('|');
                    }
                    md.update(row.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new TreeSet<>();
        DatabaseMetaData meta = c.getMetaData();
        for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), t, null)) {
                while (rs.next()) {
                    names.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }

    /**
     * Everything that must hold once a run finished at {@code applied}: the history records
     * exactly those revisions as applied (no running or failed row), the schema is what they build
     * (drift detector), the seeded rows are all there once with their values, backfilled columns
     * are full and right, and no shadow table, copy trigger or bookkeeping row of a copy or
     * backfill is left. Returns the problems, empty when none.
     */
    static List<String> problems(Connection c, List<String> applied, String seeded) throws Exception {
        List<String> out = new ArrayList<>();
        Dialect d = Dialects.detect(c.getMetaData());
        {
            List<HistoryRow> rows = runner(c, RunLog.SILENT).recorded();
            List<String> states = rows.stream()
                    .map(r -> r.revision() + ":" + r.state() + ":" + r.stepsDone() + "/" + r.stepsTotal())
                    .sorted()
                    .toList();
            List<String> want = applied.stream()
                    .map(id -> id + ":applied:" + graph().get(id).upgrade().size() + "/"
                            + graph().get(id).upgrade().size())
                    .toList();
            if (!states.equals(want)) {
                out.add("history " + states + ", expected " + want);
            }
            try {
                for (Drift drift : DriftDetector.compare(
                        DriftDetector.expected(graph(), rows), new SchemaReader(c, d).read(), d)) {
                    out.add("drift: " + drift);
                }
            } catch (RuntimeException e) {
                out.add("drift detector failed: " + e);
            }
            List<Drift> atTarget =
                    DriftDetector.compare(graph().replay(Set.copyOf(applied)), new SchemaReader(c, d).read(), d);
            if (!atTarget.isEmpty() && out.stream().noneMatch(p -> p.startsWith("drift"))) {
                out.add("schema is not the one of " + applied + ": " + atTarget);
            }
        }
        String now = checksum(c);
        if (!now.equals(seeded)) {
            out.add("seeded rows changed (lost, duplicated or altered): checksum " + now + ", expected " + seeded
                    + "; counts " + count(c, "SELECT COUNT(*) FROM customer") + "/"
                    + count(c, "SELECT COUNT(*) FROM orders") + "/"
                    + count(c, "SELECT COUNT(*) FROM event"));
        }
        Set<String> customer = columns(c, "customer");
        if (customer.contains("email")) {
            long wrong = count(c, "SELECT COUNT(*) FROM customer WHERE email IS NULL OR email <> concat('c', id)");
            if (wrong > 0) {
                out.add(wrong + " customer rows without the backfilled email");
            }
        }
        if (customer.contains("code")) {
            long wrong = count(c, "SELECT COUNT(*) FROM customer WHERE code IS NULL OR code <> concat('k', name)");
            if (wrong > 0) {
                out.add(wrong + " customer rows without the backfilled code");
            }
        }
        if (exists(c, "retort_backfill") && count(c, "SELECT COUNT(*) FROM retort_backfill") > 0) {
            out.add("retort_backfill keeps progress rows: "
                    + rows(c, "SELECT revision, step, last_key FROM retort_backfill"));
        }
        switch (d.name()) {
            case "mysql", "mariadb" -> {
                List<String> left = rows(
                        c,
                        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                + "AND (TABLE_NAME LIKE '\\_%\\_rtnew' OR TABLE_NAME LIKE '\\_%\\_rtold') UNION ALL SELECT TRIGGER_NAME "
                                + "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()");
                if (!left.isEmpty()) {
                    out.add("shadow copy remains: " + left);
                }
                List<String> keys = rows(
                        c,
                        "SELECT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME, '->', REFERENCED_TABLE_NAME, ' ', DELETE_RULE) "
                                + "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()");
                List<String> wantKeys =
                        applied.contains("k3") ? List.of("orders.fk_orders_customer->customer RESTRICT") : List.of();
                if (!keys.equals(wantKeys) && !keys.equals(List.of("orders.fk_orders_customer->customer NO ACTION"))) {
                    out.add("foreign keys " + keys + ", expected " + wantKeys);
                }
                long orphans = applied.contains("k3")
                        ? count(
                                c,
                                "SELECT COUNT(*) FROM orders o LEFT JOIN customer cu ON cu.id = o.customer_id "
                                        + "WHERE cu.id IS NULL")
                        : 0;
                if (orphans > 0) {
                    out.add(orphans + " orders without their customer");
                }
                if (exists(c, "retort_online_copy") && count(c, "SELECT COUNT(*) FROM retort_online_copy") > 0) {
                    out.add("retort_online_copy keeps rows: "
                            + rows(c, "SELECT table_name, marker FROM retort_online_copy"));
                }
            }
            case "postgresql" -> {
                List<String> invalid = rows(
                        c,
                        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT i.indisvalid");
                if (!invalid.isEmpty()) {
                    out.add("invalid indexes left: " + invalid);
                }
            }
            default -> {}
        }
        return out;
    }

    static boolean exists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), t, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? ":" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
