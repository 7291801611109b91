package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.DbSchema;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.model.Schema;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Primary-key changes, index and unique renames, sequence and identity changes and a change of
 * type family, applied and reverted on real databases with rows in the tables; and a downgrade
 * that a revision declares irreversible, refused before anything runs.
 */
class SchemaChangeOperationsTest {

    @Revision(id = "s1", message = "tables")
    public static final class Tables implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "t",
                    column("id", bigint()).primaryKey(),
                    column("tenant", integer()).notNull(),
                    column("code", varchar(10)).nullable(),
                    column("note", varchar(20)).nullable());
            op.createIndex("t", "ix_t_old", "code");
            op.addUnique("t", "uk_t_old", "note");
            op.createTable(
                    "u",
                    column("id", bigint()).primaryKey(),
                    column("name", varchar(10)).nullable());
            op.createSequence("t_seq", 1, 1);
        }

        @Override
        public void downgrade(Operations op) {
            op.dropSequence("t_seq").acceptDataLoss();
            op.dropTable("u").acceptDataLoss();
            op.dropUnique("t", "uk_t_old");
            op.dropIndex("t", "ix_t_old");
            op.dropTable("t").acceptDataLoss();
        }
    }

    @Revision(id = "s2", parents = "s1", message = "changes")
    public static final class Changes implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterPrimaryKey("t", List.of("id"), List.of("id", "tenant"));
            op.renameIndex("t", "ix_t_old", "ix_t_new");
            op.renameUnique("t", "uk_t_old", "uk_t_new");
            op.alterSequence("t_seq", 1, 1, 1, 50);
            op.dropIndex("t", "ix_t_new");
            op.alterColumn(
                            "t",
                            column("code", varchar(10)).nullable(),
                            column("code", integer()).nullable())
                    .acceptDataLoss();
            op.createIndex("t", "ix_t_new", "code");
            op.alterColumn(
                    "u",
                    column("id", bigint()).notNull(),
                    column("id", bigint()).notNull().autoIncrement());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                    "u",
                    column("id", bigint()).notNull().autoIncrement(),
                    column("id", bigint()).notNull());
            op.dropIndex("t", "ix_t_new");
            op.alterColumn(
                            "t",
                            column("code", integer()).nullable(),
                            column("code", varchar(10)).nullable())
                    .acceptDataLoss();
            op.createIndex("t", "ix_t_new", "code");
            op.alterSequence("t_seq", 1, 50, 1, 1);
            op.renameUnique("t", "uk_t_new", "uk_t_old");
            op.renameIndex("t", "ix_t_new", "ix_t_old");
            op.alterPrimaryKey("t", List.of("id", "tenant"), List.of("id"));
        }
    }

    @Revision(id = "s3", parents = "s2", message = "one way")
    public static final class OneWay implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("u", column("extra", integer()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.irreversible("u.extra was filled from data that no longer exists");
        }
    }

    @Revision(id = "k1", message = "kinds")
    public static final class Kinds implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "t",
                    column("id", bigint()).primaryKey(),
                    column("kind", enumOf("A", "B")).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("t").acceptDataLoss();
        }
    }

    /** PostgreSQL keeps the enum check's creation name through renames; the new values must still be accepted. */
    @Revision(id = "k2", parents = "k1", message = "renamed, one more kind")
    public static final class RenamedWithOneMoreKind implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.renameTable("t", "u");
            op.renameColumn("u", "kind", "sort");
            op.alterColumn(
                    "u",
                    column("sort", enumOf("A", "B")).nullable(),
                    column("sort", enumOf("A", "B", "C")).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.alterColumn(
                            "u",
                            column("sort", enumOf("A", "B", "C")).nullable(),
                            column("sort", enumOf("A", "B")).nullable())
                    .acceptDataLoss();
            op.renameColumn("u", "sort", "kind");
            op.renameTable("u", "t");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.MigrationRunnerTest#databases")
    void enumValuesChangeAfterTheTableAndColumnWereRenamed(MigrationRunnerTest.Db db) throws Exception {
        RevisionGraph g = MigrationRunnerTest.graph(new Kinds(), new RenamedWithOneMoreKind());
        try (Connection c = db.open()) {
            runner(c, g, false).upgrade("head");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO u (id, sort) VALUES (1, 'C')");
                s.executeUpdate("DELETE FROM u");
            }
            runner(c, g, false).downgrade("-1");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t (id, kind) VALUES (2, 'B')");
                assertThrows(
                        java.sql.SQLException.class,
                        () -> s.executeUpdate("INSERT INTO t (id, kind) VALUES (3, 'C')"),
                        "C is no longer a kind");
            }
        }
    }

    static Schema replayed(RevisionGraph g, String... ids) {
        return g.replay(List.of(ids));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.MigrationRunnerTest#databases")
    void applyRevertAndReapply(MigrationRunnerTest.Db db) throws Exception {
        RevisionGraph g = MigrationRunnerTest.graph(new Tables(), new Changes(), new OneWay());
        try (Connection c = db.open()) {
            runner(c, g, false).upgrade("s1");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t (id, tenant, code, note) VALUES (1, 1, '42', 'a')");
                s.executeUpdate("INSERT INTO u (id, name) VALUES (7, 'x')");
            }
            assertEquals(DbSchema.describe(replayed(g, "s1"), c), DbSchema.describe(c));

            runner(c, g, false).upgrade("s2");
            assertEquals(DbSchema.describe(replayed(g, "s1", "s2"), c), DbSchema.describe(c));
            assertEquals(
                    "42",
                    ConstraintOperationsTest.scalar(c, "SELECT code FROM t WHERE id = 1"),
                    "text converted to a number");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO u (name) VALUES ('y')");
            }
            assertEquals(
                    "8",
                    ConstraintOperationsTest.scalar(c, "SELECT id FROM u WHERE name = 'y'"),
                    "the new identity continues after the stored ids");

            runner(c, g, false).downgrade("s1");
            assertEquals(DbSchema.describe(replayed(g, "s1"), c), DbSchema.describe(c));
            assertEquals("42", ConstraintOperationsTest.scalar(c, "SELECT code FROM t WHERE id = 1"));

            runner(c, g, false).upgrade("head");
            assertEquals(DbSchema.describe(replayed(g, "s1", "s2", "s3"), c), DbSchema.describe(c));
            MigrationException e = assertThrows(
                    MigrationException.class, () -> runner(c, g, true).downgrade("base"));
            assertEquals(
                    "Refusing to downgrade: 1 revision declares that it cannot be reverted; nothing was run.\n"
                            + "  s3 (" + OneWay.class.getName()
                            + "): u.extra was filled from data that no longer exists\n"
                            + "Downgrade to a revision above it (target=<revision>), or restore the database from a backup.",
                    e.getMessage());
            assertEquals(DbSchema.describe(replayed(g, "s1", "s2", "s3"), c), DbSchema.describe(c), "nothing was run");
            assertEquals(3, runner(c, g, false).recorded().size());
        }
    }

    /**
     * These steps (key changes, type conversions) are the risky ones the safety rules flag; here
     * they are exercised for their SQL, so findings are reported as warnings (migrate.safety=warn).
     * The gate itself is tested in the safety tests.
     */
    static MigrationRunner runner(java.sql.Connection c, dev.retort.core.history.RevisionGraph g, boolean allowDataLoss)
            throws java.sql.SQLException {
        return new MigrationRunner(
                c,
                dev.retort.core.dialect.Dialects.detect(c.getMetaData()),
                g,
                RunLog.SILENT,
                allowDataLoss,
                java.time.Duration.ofSeconds(5),
                dev.retort.core.safety.SafetyPolicy.parse("warn", null),
                DdlPolicy.DEFAULT);
    }
}
