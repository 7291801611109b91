package dev.retort.core.introspect;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.ForeignKey.foreignKey;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.HistoryTable;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.core.runner.StepFailedException;
import dev.retort.migration.Database;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Revision;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Drift between a real database and its recorded revisions: none after upgrade, each hand change reported. */
class DriftDetectorTest {

    @Revision(id = "d1", message = "shop")
    public static final class Shop implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "customer",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("name", varchar(50)).notNull(),
                    column("email", varchar(100)).nullable(),
                    column("active", bool()).notNull().defaultValue("true"),
                    column("code", fixedChar(3)).nullable(),
                    column("balance", decimal(12, 2))
                            .notNull()
                            .defaultValue("0")
                            .comment("in euros"),
                    column("rating", real()).nullable(),
                    column("score", doublePrecision()).nullable(),
                    column("born", date()).nullable(),
                    column("wake_up", time()).nullable(),
                    column("created", timestamp(6)).notNull(),
                    column("seen", timestampTz(6)).nullable(),
                    column("token", uuid()).nullable(),
                    column("tier", enumOf("GOLD", "SILVER")).nullable(),
                    column("small", smallint()).nullable(),
                    column("tiny", tinyint()).nullable(),
                    column("count", integer()).nullable(),
                    column("state", varchar(10)).notNull().defaultValue("'new'"));
            op.addUnique("customer", "uk_customer_email", "email");
            op.createIndex("customer", "ix_customer_name", "name");
            op.createTable(
                    "purchase",
                    column("id", bigint()).primaryKey(),
                    column("customer_id", bigint()).notNull(),
                    column("amount", decimal(10, 2)).notNull());
            op.addForeignKey(
                    "purchase",
                    foreignKey("fk_purchase_customer", "customer_id")
                            .references("customer", "id")
                            .onDelete(ReferentialAction.CASCADE));
            op.addCheck("purchase", "ck_purchase_amount", "amount >= 0");
            op.createSequence("purchase_seq", 1, 50);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropSequence("purchase_seq").acceptDataLoss();
            op.dropTable("purchase").acceptDataLoss();
            op.dropTable("customer").acceptDataLoss();
        }
    }

    /** {@code @TimeZoneStorage(AUTO)}: an offset column on PostgreSQL, MySQL and MariaDB, none on H2. */
    @Revision(id = "z1", message = "events")
    public static final class Events implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "event",
                    column("id", bigint()).primaryKey(),
                    column("due", timestampTz(6)).notNull(),
                    column("due_tz", integer()).notNull().absentOn(Database.H2),
                    column("name", varchar(20)).nullable(),
                    column("note_tz", integer()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("event").acceptDataLoss();
        }
    }

    /**
     * {@code COLUMN} to {@code AUTO}: the offset column stays where it is and goes on H2 only; the
     * hand-written backfill of its NULLs runs where it stays and nothing on H2.
     */
    @Revision(id = "z3", parents = "z2", message = "note offset auto")
    public static final class NoteOffsetAuto implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                            "event",
                            column("note_tz", integer()).nullable(),
                            column("note_tz", integer()).nullable().absentOn(Database.H2))
                    .acceptDataLoss();
            op.backfill("event", "note_tz", "3600");
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "event",
                    column("note_tz", integer()).nullable().absentOn(Database.H2),
                    column("note_tz", integer()).nullable());
        }
    }

    /** Steps 1 and 2 concern only columns absent on H2; step 3 fails while event.name holds duplicates. */
    @Revision(id = "z2", parents = "z1", message = "event offsets")
    public static final class EventOffsets implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("event", column("seen_tz", integer()).nullable().absentOn(Database.H2));
            // RT203 where it runs; on H2 the step runs nothing, so no finding there
            op.renameColumn("event", "due_tz", "due_offset")
                    .absentOn(Database.H2)
                    .acknowledge("RT203");
            op.addUnique("event", "uk_event_name", "name");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropUnique("event", "uk_event_name");
            op.renameColumn("event", "due_offset", "due_tz")
                    .absentOn(Database.H2)
                    .acknowledge("RT203");
            op.dropColumn("event", "seen_tz").absentOn(Database.H2).acceptDataLoss();
        }
    }

    /** Embeddables stored as structs: a type nested in another, and a table whose columns are of them. */
    @Revision(id = "s1", message = "venue")
    public static final class Venue implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createType("geo_point", column("x", doublePrecision()), column("y", doublePrecision()));
            op.createType(
                    "postal_address",
                    column("house_no", integer()),
                    column("zip", varchar(10)),
                    column("street", varchar(255)),
                    column("where", struct("geo_point")));
            op.createTable(
                    "venue",
                    column("id", bigint()).primaryKey(),
                    column("address", struct("postal_address")).nullable(),
                    column("billing", struct("postal_address")).notNull());
            op.addCheck("venue", "ck_venue_zip", "(billing).zip is not null");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("venue").acceptDataLoss();
            op.dropType("postal_address");
            op.dropType("geo_point");
        }
    }

    /**
     * {@code @TimeZoneStorage(AUTO)} beside the structs: an offset column absent on H2; and a struct in
     * another schema ({@code @Struct(name = "tag", schema = "sales")}).
     */
    @Revision(id = "s2", parents = "s1", message = "venue opening")
    public static final class VenueOpening implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("venue", column("opens", timestampTz(6)).nullable());
            op.addColumn("venue", column("opens_tz", integer()).nullable().absentOn(Database.H2));
            op.createType("sales.tag", column("label", varchar(20)), column("at", struct("geo_point")));
            op.addColumn("venue", column("tag", struct("sales.tag")).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("venue", "tag").acceptDataLoss();
            op.dropType("sales.tag");
            op.dropColumn("venue", "opens_tz").absentOn(Database.H2).acceptDataLoss();
            op.dropColumn("venue", "opens").acceptDataLoss();
        }
    }

    /**
     * PostgreSQL's composite types (Hibernate's {@code @Struct}): created before the table, read back
     * attribute by attribute without drift, a changed or extra type reported, and gone after downgrade. H2
     * refuses the migration before it runs anything, as Hibernate refuses {@code @Struct} there.
     */
    @org.junit.jupiter.api.Test
    void structTypesUpgradeWithoutDriftReportChangesAndDowngradeOnPostgres() throws Exception {
        RevisionGraph graph =
                new RevisionGraph(List.of(RevisionInfo.of(new Venue()), RevisionInfo.of(new VenueOpening())));
        try (Connection c = DriverManager.getConnection(PostgresServer.newDatabase(), "postgres", "")) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5)).upgrade("head");
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList(),
                    "right after upgrade the types are what the migrations build, beside a column absent on H2");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO venue (id, billing) VALUES (1, ROW(7, '1010', 'Main', ROW(1.5, 2.5)))");
                s.execute("ALTER TYPE geo_point ADD ATTRIBUTE z integer");
                s.execute("CREATE TYPE mood AS (happy boolean)");
            }
            List<String> found =
                    drift(c, dialect, graph).stream().map(Drift::toString).toList();
            String all = String.join("\n", found);
            assertAll(
                    () -> assertTrue(
                            all.contains(
                                    "geo_point: the database has (x double precision, y double precision, z integer),"
                                            + " the migrations (x double precision, y double precision)"),
                            all),
                    () -> assertTrue(all.contains("extra type mood"), all),
                    () -> assertEquals(2, found.size(), all));
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TYPE geo_point DROP ATTRIBUTE z");
                s.execute("DROP TYPE mood");
            }
            new MigrationRunner(c, dialect, graph, RunLog.SILENT, true, Duration.ofSeconds(5)).downgrade("base");
            try (Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_type t JOIN pg_class k ON"
                            + " k.oid = t.typrelid WHERE k.relkind = 'c' AND t.typname IN ('geo_point',"
                            + " 'postal_address', 'tag')")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "downgrade dropped the types");
            }
        }
        try (Connection c = DriverManager.getConnection(
                "jdbc:h2:file:" + Files.createTempDirectory("retort-struct").resolve("db"), "sa", "")) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            MigrationRunner runner =
                    new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5));
            dev.retort.core.dialect.UnsupportedColumnTypeException e = assertThrows(
                    dev.retort.core.dialect.UnsupportedColumnTypeException.class, () -> runner.upgrade("head"));
            assertTrue(e.getMessage().contains("Hibernate ORM refuses it there too"), e.getMessage());
            try (java.sql.ResultSet tables =
                    c.getMetaData().getTables(null, "PUBLIC", "VENUE", new String[] {"TABLE"})) {
                assertFalse(tables.next(), "nothing ran on H2");
            }
        }
    }

    @Revision(id = "c1", message = "thing")
    public static final class Thing implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "thing",
                    column("id", bigint()).primaryKey(),
                    column("n", integer()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("thing").acceptDataLoss();
        }
    }

    /** On PostgreSQL the check is added NOT VALID and validated apart, so the revision commits step by step. */
    @Revision(id = "c2", parents = "c1", message = "typed and checked")
    public static final class TypedAndChecked implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createType("pt", column("x", integer()));
            op.createTable(
                    "pointed",
                    column("id", bigint()).primaryKey(),
                    column("p", struct("pt")).nullable());
            op.addCheck("thing", "ck_thing_n", "n > 0");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropCheck("thing", "ck_thing_n");
            op.dropTable("pointed").acceptDataLoss();
            op.dropType("pt");
        }
    }

    /**
     * A revision that failed at a check its rows break, undone instead of resumed: the downgrade undoes
     * the type and table it committed, and drops the check the failed step left NOT VALID, so no drift is
     * left and the next upgrade adds the check again instead of failing on "already exists".
     */
    @org.junit.jupiter.api.Test
    void undoingARevisionThatFailedValidatingACheckLeavesNothingOnPostgres() throws Exception {
        RevisionGraph graph =
                new RevisionGraph(List.of(RevisionInfo.of(new Thing()), RevisionInfo.of(new TypedAndChecked())));
        try (Connection c = DriverManager.getConnection(PostgresServer.newDatabase(), "postgres", "")) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            MigrationRunner runner =
                    new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5));
            runner.upgrade("c1");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO thing VALUES (1, -1)");
            }
            assertThrows(StepFailedException.class, () -> runner.upgrade("head"));
            assertEquals(List.of("c1:applied:1/1", "c2:failed:2/3"), historyStates(c));

            assertEquals(List.of("c2"), runner.downgrade("c1"));
            assertEquals(List.of("c1:applied:1/1"), historyStates(c));
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList(),
                    "the type, the table and the NOT VALID check are gone");

            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM thing");
            }
            assertEquals(List.of("c2"), runner.upgrade("head"));
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList());
        }
    }

    record Db(String label, String url, String user) {
        Connection open() throws SQLException {
            return DriverManager.getConnection(url, user, "");
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Db> databases() throws Exception {
        return Stream.of(
                new Db("mysql", MySqlServer.newDatabase(), "root"),
                new Db("mariadb", MariaDbServer.newDatabase(), "root"),
                new Db("postgresql", PostgresServer.newDatabase(), "postgres"),
                new Db(
                        "h2",
                        "jdbc:h2:file:"
                                + Files.createTempDirectory("retort-drift").resolve("db"),
                        "sa"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void noDriftAfterUpgradeThenEachHandChangeIsReported(Db db) throws Exception {
        RevisionGraph graph = new RevisionGraph(List.of(RevisionInfo.of(new Shop())));
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList(),
                    "an empty database at base has no drift");
            new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5)).upgrade("head");
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList(),
                    "right after upgrade the database is what the migrations build");

            boolean mysql = db.label().equals("mysql") || db.label().equals("mariadb");
            // MySQL before 8.0.16 keeps no checks, so none can drift there
            boolean checks = dialect.keepsChecks();
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE customer ADD COLUMN nickname varchar(20)");
                s.execute(
                        mysql
                                ? "ALTER TABLE customer MODIFY COLUMN name varchar(80) NOT NULL"
                                : db.label().equals("postgresql")
                                        ? "ALTER TABLE customer ALTER COLUMN name TYPE varchar(80)"
                                        : "ALTER TABLE customer ALTER COLUMN name SET DATA TYPE varchar(80)");
                s.execute(
                        mysql
                                ? "ALTER TABLE customer MODIFY COLUMN email varchar(100) NOT NULL"
                                : "ALTER TABLE customer ALTER COLUMN email SET NOT NULL");
                s.execute("ALTER TABLE customer DROP COLUMN born");
                s.execute(mysql ? "ALTER TABLE customer DROP INDEX ix_customer_name" : "DROP INDEX ix_customer_name");
                s.execute("CREATE INDEX ix_customer_state ON customer (state)");
                s.execute(
                        mysql
                                ? "ALTER TABLE purchase DROP FOREIGN KEY fk_purchase_customer"
                                : "ALTER TABLE purchase DROP CONSTRAINT fk_purchase_customer");
                if (checks) {
                    s.execute("ALTER TABLE purchase DROP CONSTRAINT ck_purchase_amount");
                    s.execute("ALTER TABLE purchase ADD CONSTRAINT ck_purchase_amount CHECK (amount > 10)");
                }
                s.execute("CREATE TABLE audit_log (id integer NOT NULL, PRIMARY KEY (id))");
            }
            List<String> found =
                    drift(c, dialect, graph).stream().map(Drift::toString).toList();
            // H2 reports the names it folded to upper case
            String all = String.join("\n", found).toLowerCase(java.util.Locale.ROOT);
            assertAll(
                    () -> assertTrue(all.contains("extra column customer.nickname: varchar(20) in the database"), all),
                    () -> assertTrue(
                            all.contains(
                                    "column type mismatch customer.name: the database has varchar(80), the migrations make it varchar(50)"),
                            all),
                    () -> assertTrue(
                            all.contains(
                                    "nullability mismatch customer.email: the database says not null, the migrations make it nullable"),
                            all),
                    () -> assertTrue(
                            all.contains(
                                    "missing column customer.born: the migrations make it date; the database has no such column"),
                            all),
                    () -> assertTrue(all.contains("missing index customer.ix_customer_name: on (name)"), all),
                    () -> assertTrue(all.contains("extra index customer.ix_customer_state: on (state)"), all),
                    () -> assertTrue(
                            all.contains(
                                    "missing foreign key purchase.fk_purchase_customer: (customer_id) -> customer (id) on delete cascade"),
                            all),
                    () -> assertEquals(checks, all.contains("check mismatch purchase.ck_purchase_amount"), all),
                    () -> assertTrue(
                            all.contains("extra table audit_log: in the database, but no applied migration creates it"),
                            all),
                    () -> assertEquals(checks ? 9 : 8, found.size(), all),
                    () -> assertFalse(all.contains("retort_history"), "bookkeeping tables are ignored"));
        }
    }

    /**
     * A column absent on H2 is created, renamed and dropped everywhere else and nowhere on H2; each step
     * on it alone runs no SQL there and is journaled, so a failure after them resumes at the failed step;
     * drift detection finds nothing after each upgrade and downgrade on every database.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aColumnAbsentOnH2UpgradesAndDowngradesWithoutDrift(Db db) throws Exception {
        RevisionGraph graph = new RevisionGraph(List.of(
                RevisionInfo.of(new Events()),
                RevisionInfo.of(new EventOffsets()),
                RevisionInfo.of(new NoteOffsetAuto())));
        boolean h2 = db.label().equals("h2");
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            MigrationRunner runner =
                    new MigrationRunner(c, dialect, graph, RunLog.SILENT, false, Duration.ofSeconds(5));
            runner.upgrade("z1");
            Set<String> z1 =
                    h2 ? Set.of("id", "due", "name", "note_tz") : Set.of("id", "due", "due_tz", "name", "note_tz");
            assertEquals(z1, columns(c));
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList());

            try (Statement s = c.createStatement()) {
                s.execute(
                        h2
                                ? "INSERT INTO event (id, due, name) VALUES (1, CURRENT_TIMESTAMP, 'twin'),"
                                        + " (2, CURRENT_TIMESTAMP, 'twin')"
                                : "INSERT INTO event (id, due, due_tz, name) VALUES (1, CURRENT_TIMESTAMP, 0, 'twin'),"
                                        + " (2, CURRENT_TIMESTAMP, 3600, 'twin')");
            }
            assertThrows(StepFailedException.class, () -> runner.upgrade("z2"));
            if (!db.label().equals("postgresql")) {
                // PostgreSQL rolls the whole revision back; elsewhere steps 1 and 2 are journaled as done
                assertEquals(List.of("z1:applied:1/1", "z2:failed:2/3"), historyStates(c));
            }
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM event WHERE id = 2");
            }
            assertEquals(List.of("z2"), runner.upgrade("z2"), "resumes and completes");
            assertEquals(List.of("z1:applied:1/1", "z2:applied:3/3"), historyStates(c));
            Set<String> z2 = h2
                    ? Set.of("id", "due", "name", "note_tz")
                    : Set.of("id", "due", "due_offset", "name", "note_tz", "seen_tz");
            assertEquals(z2, columns(c));
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList());

            // COLUMN to AUTO: H2 drops note_tz, the others keep it (and its values); the backfill fills row 3 there
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE event SET note_tz = 7200");
                s.execute(
                        h2
                                ? "INSERT INTO event (id, due, name) VALUES (3, CURRENT_TIMESTAMP, 'solo')"
                                : "INSERT INTO event (id, due, due_offset, name) VALUES (3, CURRENT_TIMESTAMP, 0, 'solo')");
            }
            assertEquals(List.of("z3"), runner.upgrade("head"));
            assertEquals(List.of("z1:applied:1/1", "z2:applied:3/3", "z3:applied:2/2"), historyStates(c));
            assertEquals(
                    h2 ? Set.of("id", "due", "name") : Set.of("id", "due", "due_offset", "name", "note_tz", "seen_tz"),
                    columns(c));
            if (!h2) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT note_tz FROM event ORDER BY id")) {
                    assertTrue(rs.next());
                    assertEquals(7200, rs.getInt(1), "the offsets stay where the column stays");
                    assertTrue(rs.next());
                    assertEquals(3600, rs.getInt(1), "the backfill ran where the column exists");
                }
            }
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList());
            runner.downgrade("-1");
            assertEquals(z2, columns(c), "back on every database");
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList());

            runner.downgrade("-1");
            assertEquals(List.of("z1:applied:1/1"), historyStates(c));
            assertEquals(z1, columns(c));
            assertEquals(
                    List.of(),
                    drift(c, dialect, graph).stream().map(Drift::toString).toList());

            // the expected schema still has the column: where the database lacks it, that is drift
            if (!h2) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE event DROP COLUMN due_tz");
                }
                String all = String.join(
                        "\n",
                        drift(c, dialect, graph).stream().map(Drift::toString).toList());
                assertTrue(all.contains("missing column event.due_tz"), all);
            } else {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE event ADD COLUMN due_tz integer");
                }
                String all = String.join(
                                "\n",
                                drift(c, dialect, graph).stream()
                                        .map(Drift::toString)
                                        .toList())
                        .toLowerCase(java.util.Locale.ROOT);
                assertTrue(all.contains("extra column event.due_tz"), all);
            }
        }
    }

    static Set<String> columns(Connection c) throws SQLException {
        Set<String> out = new java.util.TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM event WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    static List<String> historyStates(Connection c) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT revision, state, steps_done, steps_total FROM retort_history ORDER BY revision")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getInt(3) + "/" + rs.getInt(4));
            }
        }
        return out;
    }

    static List<Drift> drift(Connection c, Dialect dialect, RevisionGraph graph) throws SQLException {
        HistoryTable history = new HistoryTable(c, dialect);
        Schema expected = DriftDetector.expected(graph, history.exists() ? history.rows() : List.of());
        // as migrate:drift reads it: the other schemas the migrations name too
        return DriftDetector.compare(expected, new SchemaReader(c, dialect).read(expected), dialect);
    }
}
