package dev.retort.core.runner;

import static dev.retort.core.runner.MigrationRunnerTest.historyStates;
import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.varchar;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryGraph;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.introspect.LiveSchema;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.offline.OfflineCheck;
import dev.retort.core.offline.Squash;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RecordingOperations;
import dev.retort.core.runner.MigrationRunnerTest.Db;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.core.tenants.TenantFanOut;
import dev.retort.core.tenants.TenantReport;
import dev.retort.core.tenants.TenantSettings;
import dev.retort.migration.ForeignKey;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Squash on a 200-revision history: the baseline through r150 stands in for r001..r150 on a
 * database that reached r150 (nothing re-run), refuses a database at r140, and builds a fresh
 * database to the same schema as the original history.
 */
class SquashTest {

    static final int REVISIONS = 200;
    static final String THROUGH = id(150);

    static String id(int k) {
        return String.format("r%03d", k);
    }

    /** Revision k: every fourth creates a table; the others add a column, index it, rename it; some add a foreign key. */
    static RevisionInfo revision(int k) {
        int first = k - (k - 1) % 4;
        String table = "t" + first;
        Migration m = new Migration() {
            @Override
            public void upgrade(Operations op) {
                switch (k % 4) {
                    case 1 -> op.createTable(table, column("id", bigint()).primaryKey());
                    case 2 -> {
                        op.addColumn(table, column("c" + k, varchar(20)).nullable());
                        if (first > 4) {
                            op.addColumn(table, column("ref", bigint()).nullable());
                            op.addForeignKey(
                                    table,
                                    ForeignKey.foreignKey("fk_" + table, "ref").references("t" + (first - 4), "id"));
                        }
                    }
                    case 3 -> op.createIndex(table, "ix_" + table, "c" + (k - 1));
                    default -> op.renameColumn(table, "c" + (k - 2), "d" + (k - 2));
                }
            }

            @Override
            public void downgrade(Operations op) {
                switch (k % 4) {
                    case 1 -> op.dropTable(table).acceptDataLoss();
                    case 2 -> {
                        if (first > 4) {
                            op.dropForeignKey(table, "fk_" + table);
                            op.dropColumn(table, "ref").acceptDataLoss();
                        }
                        op.dropColumn(table, "c" + k).acceptDataLoss();
                    }
                    case 3 -> op.dropIndex(table, "ix_" + table);
                    default -> op.renameColumn(table, "d" + (k - 2), "c" + (k - 2));
                }
            }
        };
        return new RevisionInfo(
                id(k),
                k == 1 ? List.of() : List.of(id(k - 1)),
                "step " + k,
                "db.migration.V" + id(k),
                RecordingOperations.upgradeOf(m),
                RecordingOperations.downgradeOf(m));
    }

    static final RevisionGraph ORIGINAL = new RevisionGraph(Stream.iterate(1, k -> k + 1)
            .limit(REVISIONS)
            .map(SquashTest::revision)
            .toList());

    /** The baseline as migrate:squash would write it, from the plan. */
    static RevisionInfo baseline(Squash.Plan plan, List<Operation> extra) {
        List<Operation> up = new ArrayList<>(plan.upgrade().stream()
                .map(dev.retort.core.diff.Change::operation)
                .toList());
        up.addAll(extra);
        return new RevisionInfo(
                "b150",
                List.of(),
                "squash through " + plan.through(),
                "db.migration.VSquash",
                up,
                plan.downgrade(),
                List.of(),
                List.of(),
                new RevisionInfo.Squashed(plan.through(), plan.replaces(), plan.fingerprint()));
    }

    static final Squash.Plan PLAN = Squash.plan(ORIGINAL, THROUGH);
    static final RevisionGraph SQUASHED = Squash.prove(ORIGINAL, PLAN, baseline(PLAN, List.of()));

    @Test
    void theSquashedGraphHasTheBaselineAndTheRevisionsAfterTheTargetReParented() {
        assertEquals(150, PLAN.folded().size());
        assertEquals(51, SQUASHED.ordered().size());
        assertEquals(List.of("b150"), SQUASHED.get(id(151)).parents());
        assertEquals(ORIGINAL.get(id(151)).checksum(), SQUASHED.get(id(151)).checksum());
        assertEquals(
                RevisionInfo.Squashed.fingerprint(ORIGINAL.replayAll()),
                RevisionInfo.Squashed.fingerprint(SQUASHED.replayAll()));
        assertEquals(List.of(), Squash.edited(SQUASHED));
        assertEquals(id(1), PLAN.replaces().get(0));
        assertEquals(THROUGH, PLAN.replaces().get(149));
    }

    @Test
    void aTargetNamingAFoldedRevisionSaysWhereItWentAndWhereToGoInstead() {
        GraphException e = assertThrows(GraphException.class, () -> SQUASHED.resolve(id(140)));
        String m = e.getMessage();
        assertTrue(m.startsWith("revision r140 was squashed into the baseline b150 (db.migration.VSquash)"), m);
        assertTrue(m.contains("target b150 (the schema at r150) or base"), m);
        assertTrue(m.contains("the build from before the squash"), m);
        assertThrows(GraphException.class, () -> SQUASHED.resolve(id(140) + "+2"));
        assertEquals(id(151), SQUASHED.resolve("b150+1"));
    }

    @Test
    void aBaselineThatBuildsAnotherSchemaIsRefusedBeforeWritingAndFailsCheckAfterwards() {
        List<Operation> extra = RecordingOperations.upgradeOf(new Migration() {
            @Override
            public void upgrade(Operations op) {
                op.addColumn("t1", column("sneaked", varchar(5)).nullable());
            }

            @Override
            public void downgrade(Operations op) {}
        });
        RevisionInfo edited = baseline(PLAN, extra);
        GraphException refused = assertThrows(GraphException.class, () -> Squash.prove(ORIGINAL, PLAN, edited));
        assertTrue(refused.getMessage().contains("would not build the schema"), refused.getMessage());

        List<RevisionInfo> after = new ArrayList<>(List.of(edited));
        after.addAll(PLAN.kept(ORIGINAL, "b150"));
        RevisionGraph g = new RevisionGraph(after);
        OfflineCheck.Report report = OfflineCheck.run(g, g.replayAll(), Dialects.offline("h2", null), false);
        assertFalse(report.passed());
        assertTrue(
                report.failures().get(0).problem().contains("no longer builds the schema of " + THROUGH),
                report.failures().get(0).problem());

        OfflineCheck.Report ok = OfflineCheck.run(SQUASHED, SQUASHED.replayAll(), Dialects.offline("h2", null), false);
        assertTrue(ok.passed(), () -> ok.failures().toString());
    }

    @Test
    void refusesATargetThatIsNotASinglePointEveryHeadPassesThrough() {
        // a - b - c - m, with x off a merged by m: c is not passed by x
        RevisionGraph branched = new RevisionGraph(List.of(
                PlannerTest.rev("a", 1),
                PlannerTest.rev("b", 1, "a"),
                PlannerTest.rev("c", 1, "b"),
                PlannerTest.rev("x", 1, "a"),
                PlannerTest.merge("m", "c", "x")));
        GraphException sideways = assertThrows(GraphException.class, () -> Squash.plan(branched, "c"));
        assertTrue(sideways.getMessage().contains("[x] neither comes before it nor after it"), sideways.getMessage());
        assertEquals(
                List.of("a", "b", "c", "x", "m"), ids(Squash.plan(branched, "m").folded()));

        GraphException heads = assertThrows(GraphException.class, () -> Squash.plan(PlannerTest.TWO_HEADS, "b"));
        assertTrue(heads.getMessage().contains("head [c] does not descend from it"), heads.getMessage());
        assertThrows(GraphException.class, () -> Squash.plan(PlannerTest.LINEAR, null));

        // head: everything, when there is one
        assertEquals("c", Squash.plan(PlannerTest.LINEAR, "head").through());
        assertEquals("b", Squash.plan(PlannerTest.LINEAR, "head-1").through());
        GraphException twoHeads = assertThrows(GraphException.class, () -> Squash.plan(PlannerTest.TWO_HEADS, "head"));
        assertTrue(twoHeads.getMessage().contains("2 heads [b, c]"), twoHeads.getMessage());
        assertTrue(twoHeads.getMessage().contains("merge"), twoHeads.getMessage());
    }

    /**
     * A history with a branch merged before the target: a database that reached the merge maps onto
     * the baseline; one on either side of the branch, or with both sides but not the merge, is
     * refused and told where it is.
     */
    @Test
    void branchesMergedBeforeTheTargetMapOnlyOnceTheMergeIsReached() {
        List<RevisionInfo> revisions = new ArrayList<>(PlannerTest.BRANCHED.ordered());
        revisions.add(PlannerTest.rev("n", 1, "m"));
        RevisionGraph original = new RevisionGraph(revisions);
        Squash.Plan plan = Squash.plan(original, "m");
        assertEquals(List.of("a", "b", "c", "d", "e", "m"), plan.replaces());
        RevisionInfo b = new RevisionInfo(
                "bm",
                List.of(),
                "squash through m",
                "db.migration.VSquash",
                plan.upgrade().stream()
                        .map(dev.retort.core.diff.Change::operation)
                        .toList(),
                plan.downgrade(),
                List.of(),
                List.of(),
                new RevisionInfo.Squashed(plan.through(), plan.replaces(), plan.fingerprint()));
        RevisionGraph squashed = Squash.prove(original, plan, b);

        List<SquashedHistory.Adoption> adopted =
                SquashedHistory.adoptions(squashed, PlannerTest.history(original, "a", "b", "c", "d", "e", "m", "n"));
        assertEquals(1, adopted.size());
        assertEquals(6, adopted.get(0).replaced().size());
        List<HistoryRow> seen =
                SquashedHistory.view(squashed, PlannerTest.history(original, "a", "b", "c", "d", "e", "m", "n"));
        assertEquals(List.of("bm", "n"), seen.stream().map(HistoryRow::revision).toList());
        assertEquals(List.of("bm"), seen.get(1).parents());

        for (String[] c :
                new String[][] {{"d", "a", "b", "c", "d"}, {"e", "a", "b", "e"}, {"[d, e]", "a", "b", "c", "d", "e"}}) {
            SquashedHistoryException e = assertThrows(
                    SquashedHistoryException.class,
                    () -> SquashedHistory.adoptions(
                            squashed, PlannerTest.history(original, java.util.Arrays.copyOfRange(c, 1, c.length))));
            assertTrue(e.getMessage().startsWith("This database is at " + c[0] + ", short of m,"), e.getMessage());
        }
    }

    private static int h2s;

    static Db h2() {
        return new Db("h2", "jdbc:h2:mem:squash" + (++h2s) + ";DB_CLOSE_DELAY=-1", "sa");
    }

    static Stream<Db> databases() throws Exception {
        return Stream.of(
                new Db(
                        "h2",
                        "jdbc:h2:file:" + Files.createTempDirectory("retort-h2").resolve("db"),
                        "sa"),
                new Db("postgresql", PostgresServer.newDatabase(), "postgres"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseBelowTheTargetIsRefusedWithTheWayForward(Db db) throws Exception {
        try (Connection c = db.open()) {
            runner(c, ORIGINAL, false).upgrade(id(140));
            List<String> before = historyStates(c);
            SquashedHistoryException e = assertThrows(
                    SquashedHistoryException.class,
                    () -> runner(c, SQUASHED, false).upgrade("head"));
            String m = e.getMessage();
            assertTrue(m.contains("applied 140 of the 150 revisions"), m);
            assertTrue(
                    m.startsWith("This database is at r140, short of r150, the last revision squash baseline b150 folds"
                            + " in; nothing was run.\n"),
                    m);
            assertTrue(m.contains("but not r150."), m);
            assertTrue(m.contains("upgrade --target r150") || m.contains("r150"), m);
            assertTrue(m.contains("squash only what every environment has passed"), m);
            assertEquals(List.of(id(140)), e.at());
            assertEquals(before, historyStates(c), "nothing was recorded");
            List<String> drawn = HistoryGraph.render(
                    SQUASHED,
                    runner(c, SQUASHED, false).recorded().stream()
                            .collect(Collectors.toMap(HistoryRow::revision, Function.identity())));
            assertTrue(
                    drawn.stream().anyMatch(l -> l.contains("r140") && l.contains("squashed into b150")),
                    String.join("\n", drawn));
        }
    }

    /** On PostgreSQL only, to keep the suite quick: H2 runs the same code path in the other two. */
    @Test
    void aDatabasePastTheTargetRecordsTheBaselineAndRunsOnlyWhatFollows() throws Exception {
        Db db = new Db("postgresql", PostgresServer.newDatabase(), "postgres");
        try (Connection c = db.open()) {
            runner(c, ORIGINAL, false).upgrade(id(155));
            MigrationRunner squashed = runner(c, SQUASHED, false);
            // read-only views see the mapping before anything is written
            List<HistoryRow> seen = squashed.recorded();
            assertEquals("b150", seen.get(0).revision());
            assertTrue(seen.get(0).stamped());
            assertEquals(6, seen.size());
            assertEquals(
                    List.of("b150"),
                    seen.stream()
                            .filter(r -> r.revision().equals(id(151)))
                            .findFirst()
                            .orElseThrow()
                            .parents(),
                    "the view records r151 as built on the baseline, as its @Revision(parents) now says");

            List<String> ran = squashed.upgrade("head");
            assertEquals(
                    Stream.iterate(156, k -> k + 1)
                            .limit(45)
                            .map(SquashTest::id)
                            .toList(),
                    ran,
                    "nothing re-run");
            List<String> states = historyStates(c);
            assertEquals(51, states.size());
            assertEquals(
                    "b150:applied:" + SQUASHED.get("b150").upgrade().size() + "/"
                            + SQUASHED.get("b150").upgrade().size(),
                    states.get(0));
            assertTrue(states.stream().noneMatch(s -> s.startsWith("r150") || s.startsWith("r001")), states::toString);
            assertEquals(List.of(), squashed.upgrade("head"), "a second run has nothing to do");
            assertEquals(List.of("b150"), parentsRecorded(c, id(151)), "the journal says the same");

            // the same schema a fresh database gets from the original history
            try (Connection fresh = freshLike(db)) {
                runner(fresh, ORIGINAL, false).upgrade("head");
                assertEquals(live(fresh), live(c));
            }
        }
    }

    @Test
    void aFreshDatabaseRunsTheBaselineThenTheRestAndItsDowngradeIsBehindTheDataLossGate() throws Exception {
        Db h2 = databases().findFirst().orElseThrow();
        try (Connection c = h2.open();
                Connection original = freshLike(h2)) {
            List<String> ran = runner(c, SQUASHED, false).upgrade("head");
            assertEquals(51, ran.size());
            assertEquals("b150", ran.get(0));
            runner(original, ORIGINAL, false).upgrade("head");
            assertEquals(live(original), live(c));

            DataLossException refused = assertThrows(
                    DataLossException.class, () -> runner(c, SQUASHED, false).downgrade("base"));
            assertTrue(refused.getMessage().contains("b150"), refused.getMessage());
            assertEquals(51, historyStates(c).size(), "nothing was reverted");
            runner(c, SQUASHED, true).downgrade("base");
            assertEquals(List.of(), historyStates(c));
            assertEquals(List.of(), live(c).tables());
        }
    }

    /**
     * Squash, then one upgrade over tenants at different revisions (H2 schemas): the tenant below the
     * target is refused in the summary with its reason and nothing run on it; the others are mapped
     * or built and go on; brought to the target with the old build, a rerun of it alone finishes.
     */
    @Test
    void tenantsAtDifferentRevisionsEachAdoptOrRefuseTheSquashOnTheirOwn() throws Exception {
        String url = "jdbc:h2:file:"
                + Files.createTempDirectory("retort-squash-tenants").resolve("db");
        JdbcUrl server = JdbcUrl.of(url);
        List<String> tenants = List.of("T_BELOW", "T_AT", "T_PAST", "T_FRESH");
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
                java.sql.Statement st = c.createStatement()) {
            for (String t : tenants) {
                st.execute("CREATE SCHEMA " + t);
            }
        }
        String[] reached = {id(140), id(150), id(155)};
        for (int i = 0; i < reached.length; i++) {
            try (Connection c = java.sql.DriverManager.getConnection(server.forTenant(tenants.get(i)), "sa", "")) {
                runner(c, ORIGINAL, false).upgrade(reached[i]);
            }
        }
        List<String> before;
        try (Connection c = java.sql.DriverManager.getConnection(server.forTenant("T_BELOW"), "sa", "")) {
            before = historyStates(c);
        }
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        RunLog capture = new RunLog() {
            @Override
            public void info(String message) {
                log.add("INFO " + message);
            }

            @Override
            public void warn(String message) {
                log.add("WARN " + message);
            }
        };
        TenantFanOut fanOut = new TenantFanOut(
                url,
                "sa",
                "",
                SquashTest.class.getClassLoader(),
                TenantSettings.of(String.join(",", tenants), null, 2, false),
                capture,
                dev.retort.core.errors.Wording.NEUTRAL);
        TenantFanOut.Task upgrade = t -> TenantFanOut.result(
                "upgraded",
                new MigrationRunner(
                                t.connection(),
                                t.dialect(),
                                SQUASHED,
                                t.log(),
                                false,
                                Duration.ofSeconds(5),
                                SafetyPolicy.parse("warn", null),
                                DdlPolicy.DEFAULT)
                        .upgrade("head"));
        TenantReport report = fanOut.run(tenants, upgrade);
        String table = String.join("\n", report.table()) + "\n" + String.join("\n", log);

        assertEquals(List.of("T_BELOW"), report.failed(), table);
        TenantReport.Row below = report.rows().get(0);
        assertEquals(id(140), below.from(), table);
        assertEquals(id(140), below.to(), table);
        assertInstanceOf(SquashedHistoryException.class, below.error(), table);
        // the summary's one line says why, in full: where it is, what it lacks, that nothing ran
        assertTrue(below.result().contains("at " + id(140)), below.result());
        assertTrue(below.result().contains(THROUGH), below.result());
        assertTrue(below.result().contains("b150"), below.result());
        assertTrue(below.result().contains("nothing was run"), below.result());
        assertFalse(below.result().endsWith("..."), below.result());
        // the ways forward are in its logged error
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.startsWith("WARN [T_BELOW] FAILED: ")
                                && l.contains("squash only what every environment has passed")),
                table);

        TenantReport.Row at = report.rows().get(1);
        assertEquals(TenantReport.Status.OK, at.status(), table);
        assertEquals(id(150) + " → " + id(200), at.from() + " → " + at.to(), table);
        assertEquals("upgraded: 50 revisions", at.result(), table);
        TenantReport.Row past = report.rows().get(2);
        assertEquals(id(155) + " → " + id(200), past.from() + " → " + past.to(), table);
        assertEquals("upgraded: 45 revisions", past.result(), table);
        TenantReport.Row fresh = report.rows().get(3);
        assertEquals("base → " + id(200), fresh.from() + " → " + fresh.to(), table);
        assertEquals("upgraded: 51 revisions", fresh.result(), table);

        LiveSchema expected;
        try (Connection c = java.sql.DriverManager.getConnection(server.forTenant("T_BELOW"), "sa", "")) {
            assertEquals(before, historyStates(c), "nothing was recorded on the refused tenant");
            // the first way forward: the build from before the squash brings it to the target
            runner(c, ORIGINAL, false).upgrade(THROUGH);
        }
        try (Connection c = java.sql.DriverManager.getConnection(server.forTenant("T_FRESH"), "sa", "")) {
            expected = live(c);
        }
        TenantReport rerun = fanOut.run(List.of("T_BELOW"), upgrade);
        assertEquals(List.of(), rerun.failed(), String.join("\n", rerun.table()));
        assertEquals("upgraded: 50 revisions", rerun.rows().get(0).result());
        for (String t : tenants) {
            try (Connection c = java.sql.DriverManager.getConnection(server.forTenant(t), "sa", "")) {
                assertEquals(expected, live(c), t);
                assertTrue(historyStates(c).get(0).startsWith("b150:applied:"), t);
            }
        }
    }

    /**
     * A second squash folds the first baseline in: databases mapped onto the first baseline and
     * databases that never saw it both map onto the second; one between the two targets is refused.
     */
    @Test
    void aSecondSquashFoldsTheFirstBaselineInAndMapsBothKindsOfDatabase() throws Exception {
        Squash.Plan plan = Squash.plan(SQUASHED, id(170));
        assertEquals(171, plan.replaces().size());
        assertEquals(id(1), plan.replaces().get(0));
        assertEquals("b150", plan.replaces().get(150));
        assertEquals(id(170), plan.replaces().get(170));
        List<Operation> up = plan.upgrade().stream()
                .map(dev.retort.core.diff.Change::operation)
                .toList();
        RevisionInfo b170 = new RevisionInfo(
                "b170",
                List.of(),
                "squash through " + id(170),
                "db.migration.VSquash2",
                up,
                plan.downgrade(),
                List.of(),
                List.of(),
                new RevisionInfo.Squashed(plan.through(), plan.replaces(), plan.fingerprint()));
        RevisionGraph twice = Squash.prove(SQUASHED, plan, b170);
        assertEquals(List.of("b170"), twice.get(id(171)).parents());
        assertEquals("b170", twice.baselineReplacing("b150").id());
        assertEquals("b170", twice.baselineReplacing(id(3)).id());

        try (Connection mapped = h2().open();
                Connection raw = h2().open();
                Connection between = h2().open()) {
            runner(mapped, SQUASHED, false).upgrade(id(175));
            runner(raw, ORIGINAL, false).upgrade(id(175));
            runner(between, SQUASHED, false).upgrade(id(160));
            List<String> rest = Stream.iterate(176, k -> k + 1)
                    .limit(25)
                    .map(SquashTest::id)
                    .toList();
            for (Connection c : List.of(mapped, raw)) {
                assertEquals(rest, runner(c, twice, false).upgrade("head"), "nothing re-run");
                List<String> states = historyStates(c);
                assertTrue(states.get(0).startsWith("b170:applied:"), states::toString);
                assertEquals(31, states.size(), states::toString);
                assertEquals(List.of("b170"), parentsRecorded(c, id(171)));
            }
            SquashedHistoryException e = assertThrows(
                    SquashedHistoryException.class,
                    () -> runner(between, twice, false).upgrade("head"));
            assertEquals(List.of(id(160)), e.at(), e.getMessage());
            assertTrue(e.getMessage().startsWith("This database is at r160, short of r170"), e.getMessage());
        }
    }

    /** The history is made to exercise the graph, not to be online-safe: safety findings are warnings here. */
    static MigrationRunner runner(Connection c, RevisionGraph g, boolean allowDataLoss) throws SQLException {
        return new MigrationRunner(
                c,
                Dialects.detect(c.getMetaData()),
                g,
                RunLog.SILENT,
                allowDataLoss,
                Duration.ofSeconds(5),
                SafetyPolicy.parse("warn", null),
                DdlPolicy.DEFAULT);
    }

    private static Connection freshLike(Db db) throws Exception {
        Db other = db.label().equals("h2")
                ? new Db(
                        "h2",
                        "jdbc:h2:file:" + Files.createTempDirectory("retort-h2").resolve("db"),
                        "sa")
                : new Db(db.label(), PostgresServer.newDatabase(), db.user());
        return other.open();
    }

    private static List<String> parentsRecorded(Connection c, String revision) throws SQLException {
        try (java.sql.PreparedStatement ps =
                c.prepareStatement("SELECT parents FROM retort_history WHERE revision = ?")) {
            ps.setString(1, revision);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), revision);
                return List.of(rs.getString(1).split(","));
            }
        }
    }

    private static LiveSchema live(Connection c) throws SQLException {
        LiveSchema s = new SchemaReader(c, Dialects.detect(c.getMetaData())).read();
        return new LiveSchema(
                s.tables().stream().filter(t -> !t.name().startsWith("retort_")).toList(), s.sequences());
    }

    private static List<String> ids(List<RevisionInfo> revisions) {
        return revisions.stream().map(RevisionInfo::id).toList();
    }
}
