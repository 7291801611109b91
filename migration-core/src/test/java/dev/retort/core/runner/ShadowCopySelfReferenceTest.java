package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.core.runner.ShadowCopyForeignKeysTest.keys;
import static dev.retort.core.runner.ShadowCopyTest.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Column;
import dev.retort.migration.ForeignKey;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Revision;
import dev.retort.migration.Types;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shadow copy of a table with foreign keys on itself (category.parent_id ON DELETE CASCADE,
 * category.mentor_id ON DELETE SET NULL) and a child in another table (tag ON DELETE CASCADE), on
 * real MySQL and MariaDB servers, while writers insert children under existing parents, move
 * nodes to other parents and delete whole subtrees. Parents have larger keys than their children
 * as often as smaller ones, so the copy meets children before their parents. Every writer
 * transaction repeats its write on mirror tables with the same keys (whose rules then cascade
 * alike): the reference computed from the source the changed table must equal afterwards.
 */
class ShadowCopySelfReferenceTest {

    static final int NODES = 2000;
    static final int ROOTS = 20;
    static final int WRITERS = 2;

    /** Nodes by rank; a node's parent has a third of its rank, its key a permutation of ranks. */
    static long id(long rank) {
        return (rank - 1) * 1571 % NODES + 1;
    }

    static void seed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE category_mirror LIKE category");
            s.execute("ALTER TABLE category_mirror ADD CONSTRAINT fkm_parent FOREIGN KEY (parent_id) "
                    + "REFERENCES category_mirror (id) ON DELETE CASCADE, ADD CONSTRAINT fkm_mentor FOREIGN KEY "
                    + "(mentor_id) REFERENCES category_mirror (id) ON DELETE SET NULL");
            s.execute("CREATE TABLE tag (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, category_id bigint NOT NULL, "
                    + "label varchar(20) NOT NULL, CONSTRAINT fk_tag_category FOREIGN KEY (category_id) "
                    + "REFERENCES category (id) ON DELETE CASCADE)");
            s.execute("CREATE TABLE tag_mirror (id bigint NOT NULL PRIMARY KEY, category_id bigint NOT NULL, "
                    + "label varchar(20) NOT NULL, CONSTRAINT fkm_tag_category FOREIGN KEY (category_id) "
                    + "REFERENCES category_mirror (id) ON DELETE CASCADE)");
            // parents first (the keys are checked), in rank order
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO category (id, parent_id, mentor_id, tree, name, amount) VALUES (?, ?, NULL, ?, ?, ?)")) {
                for (long rank = 1; rank <= NODES; rank++) {
                    long root = rank;
                    while (root > ROOTS) {
                        root = root / 3;
                    }
                    ps.setLong(1, id(rank));
                    if (rank <= ROOTS) {
                        ps.setNull(2, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(2, id(rank / 3));
                    }
                    ps.setLong(3, root);
                    ps.setString(4, "n" + rank);
                    ps.setLong(5, rank);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            // a mentor in the same tree, one in four nodes
            s.executeUpdate("UPDATE category c JOIN (SELECT tree, MIN(id) AS m FROM category GROUP BY tree) t "
                    + "ON t.tree = c.tree SET c.mentor_id = t.m WHERE c.id % 4 = 0 AND c.id <> t.m");
            s.executeUpdate("INSERT INTO tag (category_id, label) SELECT id, 'seed' FROM category WHERE id % 3 = 0");
            s.execute("SET SESSION foreign_key_checks = 0"); // a mentor may come later in any order
            s.executeUpdate("INSERT INTO category_mirror SELECT * FROM category");
            s.executeUpdate("INSERT INTO tag_mirror SELECT * FROM tag");
            s.execute("SET SESSION foreign_key_checks = 1");
        }
    }

    /**
     * Writers each owning the trees whose root is theirs: they insert children under existing
     * nodes (and tags), move a node under its tree's root (never a cycle, the depth never grows),
     * change mentors and amounts, and delete subtrees; each write in one read-committed transaction
     * with its mirror write. Any failure is a legitimate write that failed.
     */
    static final class TreeWriters {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong subtreesDeleted = new AtomicLong();
        final AtomicLong slowestMillis = new AtomicLong();
        /** Writes rolled back by a metadata-lock deadlock (none in InnoDB's report) and retried, as applications do. */
        final AtomicLong metadataDeadlocks = new AtomicLong();

        final java.util.Queue<String> retriedReports = new java.util.concurrent.ConcurrentLinkedQueue<>();

        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<CompletableFuture<Void>> running = new ArrayList<>();

        TreeWriters(String url) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(CompletableFuture.runAsync(() -> {
                    try {
                        write(url, writer);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
        }

        private void write(String url, int writer) throws Exception {
            Random random = new Random(writer);
            try (Connection c = DriverManager.getConnection(url, "root", "")) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                List<long[]> nodes = nodes(c, writer); // {id, tree, seed}
                for (long k = 0; !stop.get() && !nodes.isEmpty(); k++) {
                    long started = System.nanoTime();
                    long[] node = nodes.get(random.nextInt(nodes.size()));
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        switch ((int) (k % 8)) {
                            case 0, 1 -> {
                                if (node[2] == 0) {
                                    break; // new nodes get no children: the depth stays under the cascade limit
                                }
                                s.executeUpdate(
                                        "INSERT INTO category (parent_id, tree, name, amount) VALUES (" + node[0] + ", "
                                                + node[1] + ", 'w" + writer + "', " + k + ")",
                                        Statement.RETURN_GENERATED_KEYS);
                                long id;
                                try (ResultSet keys = s.getGeneratedKeys()) {
                                    keys.next();
                                    id = keys.getLong(1);
                                }
                                s.executeUpdate("INSERT INTO category_mirror SELECT * FROM category WHERE id = " + id);
                                s.executeUpdate(
                                        "INSERT INTO tag (category_id, label) VALUES (" + id + ", 'new')",
                                        Statement.RETURN_GENERATED_KEYS);
                                try (ResultSet keys = s.getGeneratedKeys()) {
                                    keys.next();
                                    s.executeUpdate("INSERT INTO tag_mirror VALUES (" + keys.getLong(1) + ", " + id
                                            + ", 'new')");
                                }
                                nodes.add(new long[] {id, node[1], 0});
                            }
                            case 2 -> {
                                // moved under the root of its tree: the key changes, never a cycle (no subquery:
                                // its locking scan would make the writers deadlock each other)
                                for (String t : List.of("category", "category_mirror")) {
                                    s.executeUpdate("UPDATE " + t + " SET parent_id = " + id(node[1]) + " WHERE id = "
                                            + node[0] + " AND parent_id IS NOT NULL");
                                }
                            }
                            case 3, 4 -> {
                                // a mentor among the writer's own nodes, so a SET NULL stays in its trees
                                long mentor = nodes.get(random.nextInt(nodes.size()))[0];
                                for (String t : List.of("category", "category_mirror")) {
                                    s.executeUpdate("UPDATE " + t + " SET amount = amount + 1, mentor_id = " + mentor
                                            + " WHERE id = " + node[0]);
                                }
                            }
                            case 5 -> {
                                for (String t : List.of("tag", "tag_mirror")) {
                                    s.executeUpdate(
                                            "UPDATE " + t + " SET label = 'touched' WHERE category_id = " + node[0]);
                                }
                            }
                            default -> {
                                if (k % 16 == 7) {
                                    // a whole subtree (never a root): children, grandchildren and their tags cascade
                                    boolean root = scalar(
                                                    c,
                                                    "SELECT COUNT(*) FROM category WHERE parent_id IS NULL AND id = "
                                                            + node[0])
                                            > 0;
                                    if (!root) {
                                        s.executeUpdate("DELETE FROM category WHERE id = " + node[0]);
                                        s.executeUpdate("DELETE FROM category_mirror WHERE id = " + node[0]);
                                        subtreesDeleted.incrementAndGet();
                                    }
                                }
                            }
                        }
                        c.commit();
                    } catch (SQLException e) {
                        c.rollback();
                        String report = lastDeadlock(url);
                        // InnoDB reports its row-lock deadlocks (with the statement); a metadata-lock one is not there
                        if (e.getErrorCode() == 1213
                                && !report.contains("id = " + node[0] + " ")
                                && !report.contains("id = " + node[0] + "\n")) {
                            // a DELETE cascading into the copy against the DDL on the copy's key to the table (both
                            // servers lock the tables a cascade reaches): the server rolls back the DML, the whole
                            // transaction, mirror included; the application retries, as for any deadlock
                            metadataDeadlocks.incrementAndGet();
                            retriedReports.add("write " + k + " on node " + node[0] + ": " + e.getMessage() + report
                                    + "; DDL running then: " + runningDdl(url));
                            continue;
                        }
                        throw new AssertionError("writer " + writer + ", write " + k + " failed" + report, e);
                    } finally {
                        c.setAutoCommit(true);
                    }
                    if (k % 16 == 7) {
                        nodes = nodes(c, writer);
                    }
                    writes.incrementAndGet();
                    slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                    Thread.sleep(1);
                }
            }
        }

        /** The writer's nodes as the mirror has them: {id, tree, 1 for a seeded node}. */
        private static List<long[]> nodes(Connection c, int writer) throws SQLException {
            List<long[]> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, tree, name LIKE 'n%' FROM category_mirror WHERE tree % "
                            + WRITERS + " = " + writer)) {
                while (rs.next()) {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
            }
            return out;
        }

        void stop() throws Exception {
            stop.set(true);
            for (CompletableFuture<Void> w : running) {
                w.get(30, TimeUnit.SECONDS);
            }
            if (failure.get() != null) {
                throw new AssertionError("a legitimate write failed", failure.get());
            }
        }
    }

    /** The DDL other sessions are running now (which statement a metadata-lock deadlock met), for a report. */
    static String runningDdl(String url) {
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT INFO FROM information_schema.PROCESSLIST WHERE INFO REGEXP "
                        + "'^(ALTER|RENAME|CREATE|DROP)' AND ID <> CONNECTION_ID()")) {
            List<String> running = new ArrayList<>();
            while (rs.next()) {
                running.add(rs.getString(1));
            }
            return running.toString();
        } catch (SQLException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    /** The server's account of its latest deadlock, for a failure message. */
    static String lastDeadlock(String url) {
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW ENGINE INNODB STATUS")) {
            String status = rs.next() ? rs.getString(3) : "";
            int from = status.indexOf("LATEST DETECTED DEADLOCK");
            int to = status.indexOf("TRANSACTIONS\n------------", Math.max(from, 0));
            return from < 0 ? " (no deadlock reported)" : "\n" + status.substring(from, to < 0 ? status.length() : to);
        } catch (SQLException e) {
            return " (no deadlock report: " + e.getMessage() + ")";
        }
    }

    static List<String> rows(Connection c, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    static void assertSameAsMirror(Connection c) throws SQLException {
        String columns = "id, parent_id, mentor_id, tree, name, CAST(amount AS SIGNED)";
        List<String> table = rows(c, "SELECT " + columns + " FROM category ORDER BY id");
        List<String> mirror = rows(c, "SELECT " + columns + " FROM category_mirror ORDER BY id");
        List<String> differences = new ArrayList<>();
        java.util.Set<String> a = new java.util.TreeSet<>(table);
        java.util.Set<String> b = new java.util.TreeSet<>(mirror);
        for (String row : a) {
            if (!b.contains(row) && differences.size() < 10) {
                differences.add("only in category: " + row);
            }
        }
        for (String row : b) {
            if (!a.contains(row) && differences.size() < 20) {
                differences.add("only in the reference: " + row);
            }
        }
        assertEquals(List.of(), differences, table.size() + " rows, reference " + mirror.size());
        assertEquals(
                rows(c, "SELECT id, category_id, label FROM tag_mirror ORDER BY id"),
                rows(c, "SELECT id, category_id, label FROM tag ORDER BY id"),
                "tags");
    }

    static long orphans(Connection c) throws SQLException {
        return scalar(
                c,
                "SELECT (SELECT COUNT(*) FROM category c LEFT JOIN category p ON p.id = c.parent_id "
                        + "WHERE c.parent_id IS NOT NULL AND p.id IS NULL)"
                        + " + (SELECT COUNT(*) FROM category c LEFT JOIN category m ON m.id = c.mentor_id "
                        + "WHERE c.mentor_id IS NOT NULL AND m.id IS NULL)"
                        + " + (SELECT COUNT(*) FROM tag t LEFT JOIN category c ON c.id = t.category_id WHERE c.id IS NULL)");
    }

    static List<String> leftovers(Connection c) throws SQLException {
        return rows(
                c,
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE "
                        + "'\\_category\\_rt%' UNION ALL SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
                        + "WHERE TRIGGER_SCHEMA = DATABASE() UNION ALL SELECT CONSTRAINT_NAME FROM "
                        + "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
                        + "AND CONSTRAINT_NAME LIKE '%\\_rtf_'");
    }

    /** Every key enforced and applying its rule, on the changed table and its child. */
    static void assertEnforced(Connection c) throws SQLException {
        for (String orphan : List.of(
                "INSERT INTO category (parent_id, tree, name, amount) VALUES (999999, 1, 'orphan', 1)",
                "INSERT INTO category (mentor_id, tree, name, amount) VALUES (999999, 1, 'orphan', 1)",
                "UPDATE category SET parent_id = 999999 WHERE id = " + scalar(c, "SELECT MIN(id) FROM category"),
                "INSERT INTO tag (category_id, label) VALUES (999999, 'orphan')")) {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(orphan);
                }
            });
            assertEquals(1452, e.getErrorCode(), orphan + ": " + e.getMessage());
        }
        long parent = scalar(
                c,
                "SELECT MAX(parent_id) FROM category WHERE parent_id IN (SELECT parent_id FROM tag "
                        + "JOIN category ON category.id = tag.category_id)");
        assertTrue(parent > 0, "a node with children");
        long mentor;
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM category WHERE id = " + parent);
            // chosen after the delete, which may have taken any node of the subtree with it
            mentor = scalar(c, "SELECT MAX(id) FROM category WHERE parent_id IS NOT NULL");
            s.executeUpdate("INSERT INTO category (id, mentor_id, tree, name, amount) VALUES (999990, " + mentor
                    + ", 1, 'mentee', 1)");
        }
        assertEquals(0, scalar(c, "SELECT COUNT(*) FROM category WHERE parent_id = " + parent), "ON DELETE CASCADE");
        assertEquals(0, scalar(c, "SELECT COUNT(*) FROM tag WHERE category_id = " + parent), "ON DELETE CASCADE");
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM category WHERE id = " + mentor);
        }
        assertEquals(
                1,
                scalar(c, "SELECT COUNT(*) FROM category WHERE id = 999990 AND mentor_id IS NULL"),
                "ON DELETE SET NULL");
        assertEquals(0, orphans(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void changesASelfReferencingTableWhileSubtreesAreWrittenAndDeleted(String server) throws Exception {
        try (Connection c = connect(server)) {
            runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new CategoryTable())
                    .upgrade("s2");
            seed(c);
            List<String> before = keys(c);
            assertTrue(
                    before.toString()
                            .contains("category.fk_category_parent (parent_id) -> category (id) ON DELETE CASCADE"),
                    before.toString());
            assertTrue(
                    before.toString()
                            .contains("category.fk_category_mentor (mentor_id) -> category (id) ON DELETE SET NULL"),
                    before.toString());
            assertSameAsMirror(c);
            // children before their parents in key order: a copy checking the key on the copy itself would fail
            assertTrue(scalar(c, "SELECT COUNT(*) FROM category WHERE parent_id > id") > NODES / 3);
            List<String> indexesBefore = ShadowCopyForeignKeysTest.indexes(c);
            TreeWriters writers = new TreeWriters(url(c));
            Log log = new Log();
            long during;
            try {
                Thread.sleep(200);
                long start = writers.writes.get();
                assertEquals(
                        List.of("s3"),
                        runner(
                                        c,
                                        log,
                                        copying(OnlineCopy.COPIES, 200, 0.5),
                                        SafetyPolicy.DEFAULT,
                                        new CategoryTable(),
                                        new WidenCategoryAmount())
                                .upgrade("head"),
                        log.all());
                during = writers.writes.get() - start;
                Thread.sleep(200);
            } finally {
                writers.stop();
            }
            System.out.println("[self-fk-copy] " + server + ": " + writers.writes.get() + " writes (" + during
                    + " during the step, " + writers.subtreesDeleted.get() + " subtrees deleted, slowest "
                    + writers.slowestMillis.get() + " ms), " + writers.metadataDeadlocks.get()
                    + " rolled back by a metadata-lock deadlock and retried " + writers.retriedReports
                    + ", none failed\n" + log.all());
            // a metadata-lock deadlock around the copy's key changes is retried: a few writes at most
            assertTrue(writers.metadataDeadlocks.get() <= 10, writers.retriedReports.toString());
            assertTrue(log.all().contains("through a shadow copy"), log.all());
            assertTrue(
                    log.all().contains("pointed 2 foreign keys of category on itself at _category_rtnew"), log.all());
            assertTrue(log.all().contains("pointed 1 foreign key of tag at _category_rtnew"), log.all());
            assertEquals(
                    "decimal(14,2)",
                    text(
                            c,
                            "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'category' AND COLUMN_NAME = 'amount'"));
            assertEquals(before, keys(c), "names, columns and rules as before");
            assertEquals(indexesBefore, ShadowCopyForeignKeysTest.indexes(c));
            assertEquals(List.of(), leftovers(c), "no shadow table, old table, trigger or temporary key is left");
            assertEquals(0, orphans(c), "no orphan");
            assertSameAsMirror(c);
            assertTrue(during > 20, "writes went on during the copy: " + during);
            assertTrue(writers.subtreesDeleted.get() > 0, "subtrees were deleted");
            assertEnforced(c);
        }
    }

    /**
     * A run killed just before the swap, its key on itself already pointed at the copy (journaled
     * as the phase swap): the table stays usable with the key enforced and cascading, and the next
     * run goes on to the swap without checking the copy again (a re-copy would now cascade within
     * it), the key ending with its name and rule.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aRunKilledBeforeTheSwapIsFinishedByTheNext(String server) throws Exception {
        try (Connection c = connect(server)) {
            runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new CategoryTable())
                    .upgrade("s2");
            seed(c);
            List<String> before = keys(c);
            String url = url(c);
            KillSwitch kill = KillSwitch.before("RENAME TABLE");
            assertThrows(
                    KillSwitch.Killed.class,
                    () -> runner(
                                    kill.wrap(c),
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 500, 0),
                                    SafetyPolicy.DEFAULT,
                                    new CategoryTable(),
                                    new WidenCategoryAmount())
                            .upgrade("head"));
            try (Connection admin = DriverManager.getConnection(url, "root", "")) {
                assertTrue(
                        rows(
                                        admin,
                                        "SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE "
                                                + "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = '_category_rtnew' AND "
                                                + "REFERENCED_TABLE_NAME = '_category_rtnew'")
                                .contains("_fk_category_parent_rtfk"),
                        "the copy's key on itself points at the copy");
                long parent = scalar(admin, "SELECT MAX(parent_id) FROM category");
                try (Statement s = admin.createStatement()) {
                    s.executeUpdate("DELETE FROM category WHERE id = " + parent);
                    s.executeUpdate("DELETE FROM category_mirror WHERE id = " + parent);
                }
                assertEquals(0, scalar(admin, "SELECT COUNT(*) FROM _category_rtnew WHERE parent_id = " + parent));
                Log second = new Log();
                assertEquals(
                        List.of("s3"),
                        runner(
                                        admin,
                                        second,
                                        copying(OnlineCopy.COPIES, 500, 0),
                                        SafetyPolicy.DEFAULT,
                                        new CategoryTable(),
                                        new WidenCategoryAmount())
                                .upgrade("head"),
                        second.all());
                assertTrue(second.all().contains("goes on to the swap"), second.all());
                assertEquals(before, keys(admin), second.all());
                assertEquals(List.of(), leftovers(admin));
                assertEquals(0, orphans(admin));
                assertSameAsMirror(admin);
                assertEnforced(admin);
            }
        }
    }

    /**
     * Adding a key of the table on itself through the copy: the shadow gets it referencing the table
     * (every copied row is checked against the complete table), it is pointed at the shadow before
     * the swap like the table's own keys on itself, and keeps its name and rule afterwards. It was
     * refused (built in place) before.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void addsAKeyOnItselfThroughTheCopy(String server) throws Exception {
        try (Connection c = connect(server)) {
            runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new NodeTable()).upgrade("s2");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO node (id, boss_id, name) VALUES (?, ?, ?)")) {
                for (long id = 1; id <= 300; id++) {
                    ps.setLong(1, id);
                    // bosses with larger keys as often as smaller ones: the copy meets subordinates first
                    long boss = id <= 10 ? 0 : (id * 7) % 300 + 1;
                    if (boss == 0 || boss == id) {
                        ps.setNull(2, java.sql.Types.BIGINT);
                    } else {
                        ps.setLong(2, boss);
                    }
                    ps.setString(3, "n" + id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Log log = new Log();
            runner(c, log, copying(OnlineCopy.REBUILDS, 50, 0), SafetyPolicy.DEFAULT, new NodeTable(), new BossKey())
                    .upgrade("head");
            assertTrue(log.all().contains("through a shadow copy (migrate.onlineCopy=rebuilds)"), log.all());
            assertFalse(log.all().contains("building in place"), log.all());
            assertEquals(
                    "node",
                    text(
                            c,
                            "SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                    + "WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'fk_node_boss' "
                                    + "AND TABLE_NAME = 'node' AND DELETE_RULE = 'SET NULL'"),
                    log.all());
            assertEquals(300, scalar(c, "SELECT COUNT(*) FROM node"));
            assertEquals(
                    0,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME LIKE '\\_node\\_rt%'"));
            assertEquals(
                    0, scalar(c, "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
            long boss = scalar(c, "SELECT MIN(boss_id) FROM node WHERE id > 100");
            assertTrue(scalar(c, "SELECT COUNT(*) FROM node WHERE boss_id = " + boss) > 0);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM node WHERE id = " + boss);
                SQLException orphan = assertThrows(
                        SQLException.class,
                        () -> s.executeUpdate("INSERT INTO node (id, boss_id, name) VALUES (1000, 999, 'x')"));
                assertTrue(orphan.getMessage().contains("fk_node_boss"), orphan.getMessage());
            }
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM node WHERE boss_id = " + boss), "ON DELETE SET NULL holds");
        }
    }

    @Revision(id = "s2", parents = "s1", message = "nodes")
    public static final class NodeTable implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "node",
                    Column.column("id", Types.bigint()).primaryKey().autoIncrement(),
                    Column.column("boss_id", Types.bigint()).nullable(),
                    Column.column("name", Types.varchar(40)).notNull());
            op.createIndex("node", "ix_node_boss", "boss_id");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("node").acceptDataLoss();
        }
    }

    @Revision(id = "s3", parents = "s2", message = "node bosses")
    public static final class BossKey implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addForeignKey(
                    "node",
                    ForeignKey.foreignKey("fk_node_boss", "boss_id")
                            .references("node", "id")
                            .onDelete(ReferentialAction.SET_NULL));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropForeignKey("node", "fk_node_boss");
        }
    }

    /** A change of type to a column of the key on itself: refused (MySQL refuses it itself, error 3780). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void refusesToChangeTheTypeOfAColumnOfItsKeyOnItself(String server) throws Exception {
        try (Connection c = connect(server)) {
            runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new CategoryTable())
                    .upgrade("s2");
            seed(c);
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(
                                    c,
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 100, 0),
                                    SafetyPolicy.DEFAULT,
                                    new CategoryTable(),
                                    new RetypeParent())
                            .upgrade("head"));
            assertTrue(
                    e.getMessage().contains("category.parent_id is in the foreign key category.fk_category_parent")
                            || e.getMessage().contains("fk_category_parent"),
                    e.getMessage());
            assertEquals(List.of(), leftovers(c));
        }
    }

    @Revision(id = "s3", parents = "s2", message = "parent ids as decimals")
    public static final class RetypeParent implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                            "category",
                            Column.column("parent_id", Types.bigint()).nullable(),
                            Column.column("parent_id", Types.decimal(20, 0)).nullable())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(Operations op) {}
    }

    @Revision(id = "s2", parents = "s1", message = "categories")
    public static final class CategoryTable implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "category",
                    Column.column("id", Types.bigint()).primaryKey().autoIncrement(),
                    Column.column("parent_id", Types.bigint()).nullable(),
                    Column.column("mentor_id", Types.bigint()).nullable(),
                    Column.column("tree", Types.bigint()).notNull(),
                    Column.column("name", Types.varchar(40)).notNull(),
                    Column.column("amount", Types.decimal(12, 2)).notNull());
            op.addForeignKey(
                    "category",
                    ForeignKey.foreignKey("fk_category_parent", "parent_id")
                            .references("category", "id")
                            .onDelete(ReferentialAction.CASCADE));
            op.addForeignKey(
                    "category",
                    ForeignKey.foreignKey("fk_category_mentor", "mentor_id")
                            .references("category", "id")
                            .onDelete(ReferentialAction.SET_NULL));
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("category").acceptDataLoss();
        }
    }

    @Revision(id = "s3", parents = "s2", message = "wider category amounts")
    public static final class WidenCategoryAmount implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.alterColumn(
                            "category",
                            Column.column("amount", Types.decimal(12, 2)).notNull(),
                            Column.column("amount", Types.decimal(14, 2)).notNull())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(Operations op) {}
    }
}
