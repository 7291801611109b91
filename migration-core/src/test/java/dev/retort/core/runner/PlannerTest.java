package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.varchar;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Worded;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.RecordingOperations;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner on its own: a revision graph and history rows in, ordered steps out. No database,
 * no connection; each row of the tables below is one situation a run can meet.
 */
class PlannerTest {

    /** A revision creating table {@code t_<id>} and adding {@code steps - 1} columns: {@code steps} steps in all. */
    static RevisionInfo rev(String id, int steps, String... parents) {
        Migration m = new Migration() {
            @Override
            public void upgrade(Operations op) {
                op.createTable("t_" + id, column("id", varchar(10)));
                for (int i = 1; i < steps; i++) {
                    op.addColumn("t_" + id, column("c" + i, varchar(10)).nullable());
                }
            }

            @Override
            public void downgrade(Operations op) {
                op.dropTable("t_" + id).acceptDataLoss();
            }
        };
        return new RevisionInfo(
                id,
                List.of(parents),
                "m " + id,
                "C" + id,
                RecordingOperations.upgradeOf(m),
                RecordingOperations.downgradeOf(m));
    }

    /** A merge revision: parents only, no steps. */
    static RevisionInfo merge(String id, String... parents) {
        return new RevisionInfo(id, List.of(parents), "merge", "C" + id, List.of(), List.of());
    }

    /** a - b - c, with 1, 2 and 3 steps. */
    static final RevisionGraph LINEAR = new RevisionGraph(List.of(rev("a", 1), rev("b", 2, "a"), rev("c", 3, "b")));

    /** a - b - c - d, with a branch e off b, merged back by m (parents d, e). */
    static final RevisionGraph BRANCHED = new RevisionGraph(List.of(
            rev("a", 1), rev("b", 1, "a"), rev("c", 1, "b"), rev("d", 1, "c"), rev("e", 2, "b"), merge("m", "d", "e")));

    /** Two heads off a: b and c, never merged. */
    static final RevisionGraph TWO_HEADS = new RevisionGraph(List.of(rev("a", 1), rev("b", 1, "a"), rev("c", 2, "a")));

    /**
     * {@code "a"}: applied; {@code "b:failed:1"} or {@code "b:running:1"}: stopped after 1 step; {@code "a:stale"}: applied, other
     * checksum; {@code "c:reverting:3:1"}: a downgrade of c (applied: 3 of 3 steps) stopped after 1 step, {@code "c:reverting:2:1"}
     * the undo of c's 2 committed steps stopped after 1.
     */
    static List<HistoryRow> history(RevisionGraph graph, String... rows) {
        List<HistoryRow> out = new ArrayList<>();
        for (String spec : rows) {
            String[] p = spec.split(":");
            String id = p[0];
            RevisionInfo r = graph.contains(id) ? graph.get(id) : null;
            String checksum = r == null || (p.length > 1 && p[1].equals("stale")) ? "0000" : r.checksum();
            String state = p.length > 1 && !p[1].equals("stale") ? p[1] : HistoryRow.APPLIED;
            int total = r == null ? 1 : r.upgrade().size();
            int done = p.length > 2 ? Integer.parseInt(p[2]) : total;
            int reverted = p.length > 3 ? Integer.parseInt(p[3]) : 0;
            out.add(new HistoryRow(
                    id,
                    r == null ? List.of() : r.parents(),
                    "m " + id,
                    checksum,
                    "test",
                    Instant.EPOCH,
                    5,
                    state,
                    done,
                    total,
                    r == null ? List.of() : r.stepChecksums(),
                    reverted,
                    List.of()));
        }
        return out;
    }

    /**
     * One situation: a graph, what the database records, a target; what the planner returns, as
     * {@code id@first-step/steps} per revision, or the error it throws.
     */
    record Case(
            String name,
            RevisionGraph graph,
            List<String> rows,
            String target,
            List<String> plan,
            Class<? extends RuntimeException> error,
            String message,
            Hint hint) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case plans(String name, RevisionGraph graph, List<String> rows, String target, String... plan) {
        return new Case(name, graph, rows, target, List.of(plan), null, null, null);
    }

    static Case fails(
            String name,
            RevisionGraph graph,
            List<String> rows,
            String target,
            Class<? extends RuntimeException> error,
            String message,
            Hint hint) {
        return new Case(name, graph, rows, target, null, error, message, hint);
    }

    static Stream<Case> upgrades() {
        return Stream.of(
                plans("linear from base to head", LINEAR, List.of(), "head", "a@0/1", "b@0/2", "c@0/3"),
                plans("linear from the middle", LINEAR, List.of("a"), "head", "b@0/2", "c@0/3"),
                plans("already at the target", LINEAR, List.of("a", "b", "c"), "head"),
                plans("already past the target", LINEAR, List.of("a", "b", "c"), "b"),
                plans(
                        "resume at step 2 of 2 after a failure",
                        LINEAR,
                        List.of("a", "b:failed:1"),
                        "head",
                        "b@1/2",
                        "c@0/3"),
                plans(
                        "resume at step 3 of 3 after a killed run",
                        LINEAR,
                        List.of("a", "b", "c:running:2"),
                        "head",
                        "c@2/3"),
                plans("a failure before step 1 starts over", LINEAR, List.of("a", "b:failed:0"), "b", "b@0/2"),
                plans("the next revision", LINEAR, List.of(), "+1", "a@0/1"),
                plans("the next two revisions", LINEAR, List.of("a"), "+2", "b@0/2", "c@0/3"),
                plans("a revision by id", LINEAR, List.of(), "b", "a@0/1", "b@0/2"),
                plans("relative to a revision", LINEAR, List.of(), "c-1", "a@0/1", "b@0/2"),
                plans(
                        "branches and the merge, parents first",
                        BRANCHED,
                        List.of(),
                        "head",
                        "a@0/1",
                        "b@0/1",
                        "c@0/1",
                        "d@0/1",
                        "e@0/2",
                        "m@0/0"),
                plans("one branch only", BRANCHED, List.of(), "e", "a@0/1", "b@0/1", "e@0/2"),
                plans(
                        "the merge once both branches are applied",
                        BRANCHED,
                        List.of("a", "b", "c", "d", "e"),
                        "head",
                        "m@0/0"),
                plans(
                        "the other branch before the merge",
                        BRANCHED,
                        List.of("a", "b", "c", "d"),
                        "head",
                        "e@0/2",
                        "m@0/0"),
                plans("every head", TWO_HEADS, List.of(), "heads", "a@0/1", "b@0/1", "c@0/2"),
                plans("one of several heads by id", TWO_HEADS, List.of("a"), "c", "c@0/2"),
                fails(
                        "head with several heads",
                        TWO_HEADS,
                        List.of(),
                        "head",
                        GraphException.class,
                        "2 heads",
                        Hint.run(Action.MERGE)),
                fails(
                        "an unknown revision",
                        LINEAR,
                        List.of(),
                        "zz",
                        GraphException.class,
                        "unknown revision 'zz'",
                        null),
                fails(
                        "base moves down",
                        LINEAR,
                        List.of("a"),
                        "base",
                        GraphException.class,
                        "'base' moves down",
                        Hint.run(Action.DOWNGRADE, Setting.TARGET, "base")),
                fails(
                        "-1 moves down",
                        LINEAR,
                        List.of("a"),
                        "-1",
                        GraphException.class,
                        "'-1' moves down",
                        Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1")),
                fails(
                        "a half-reverted revision on the way",
                        LINEAR,
                        List.of("a", "b", "c:reverting:3:0"),
                        "head",
                        MigrationException.class,
                        "revision c is half-reverted",
                        Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1")),
                fails(
                        "a half-reverted undo on the way",
                        LINEAR,
                        List.of("a", "b", "c:reverting:2:1"),
                        "head",
                        MigrationException.class,
                        "revision c is half-reverted",
                        Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1")),
                fails(
                        "a half-applied revision off the way",
                        TWO_HEADS,
                        List.of("a", "c:failed:1"),
                        "b",
                        MigrationException.class,
                        "revision c is recorded as failed (1 of 2 steps) but is not on the way to 'b'",
                        Hint.run(Action.DOWNGRADE, Setting.TARGET, "-1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upgrades")
    void upgradePlans(Case c) {
        check(
                c,
                rows -> new Planner(c.graph()).upgrade(c.target(), rows),
                s -> s.from() + "/" + s.steps().size());
    }

    static Stream<Case> downgrades() {
        return Stream.of(
                plans("the last revision", LINEAR, List.of("a", "b", "c"), "-1", "c@0/1"),
                plans("the last two, newest first", LINEAR, List.of("a", "b", "c"), "-2", "c@0/1", "b@0/1"),
                plans("to base", LINEAR, List.of("a", "b", "c"), "base", "c@0/1", "b@0/1", "a@0/1"),
                plans("to a revision, which stays", LINEAR, List.of("a", "b", "c"), "a", "c@0/1", "b@0/1"),
                plans("relative to a revision", LINEAR, List.of("a", "b", "c"), "c-2", "c@0/1", "b@0/1"),
                plans("already at the target", LINEAR, List.of("a"), "a"),
                plans("nothing applied", LINEAR, List.of(), "base"),
                plans(
                        "a half-applied revision undoes its 2 completed steps",
                        LINEAR,
                        List.of("a", "b", "c:failed:2"),
                        "-1",
                        "c@0/2"),
                plans(
                        "a half-reverted revision resumes its downgrade",
                        LINEAR,
                        List.of("a", "b", "c:reverting:3:0"),
                        "-1",
                        "c@0/1"),
                plans(
                        "a half-reverted undo resumes after its reverted step",
                        LINEAR,
                        List.of("a", "b", "c:reverting:2:1"),
                        "-1",
                        "c@1/2"),
                plans(
                        "to base through a half-reverted revision",
                        LINEAR,
                        List.of("a", "b", "c:reverting:2:1"),
                        "base",
                        "c@1/2",
                        "b@0/1",
                        "a@0/1"),
                plans(
                        "the merge and both branches, newest first",
                        BRANCHED,
                        List.of("a", "b", "c", "d", "e", "m"),
                        "b",
                        "m@0/0",
                        "e@0/1",
                        "d@0/1",
                        "c@0/1"),
                fails(
                        "no target",
                        LINEAR,
                        List.of("a"),
                        "",
                        GraphException.class,
                        "downgrade needs a target",
                        Hint.set(Setting.TARGET, "-1")),
                fails(
                        "+1 moves up",
                        LINEAR,
                        List.of("a"),
                        "+1",
                        GraphException.class,
                        "'+1' moves up",
                        Hint.run(Action.UPGRADE, Setting.TARGET, "+1")),
                fails(
                        "a revision that is not applied",
                        LINEAR,
                        List.of("a"),
                        "b",
                        GraphException.class,
                        "revision b is not applied, so the database cannot go down to it; the database is at revision a",
                        null),
                fails(
                        "an unknown revision",
                        LINEAR,
                        List.of("a"),
                        "zz",
                        GraphException.class,
                        "unknown revision 'zz'",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("downgrades")
    void downgradePlans(Case c) {
        check(
                c,
                rows -> new Planner(c.graph()).downgrade(c.target(), rows),
                s -> s.from() + "/" + s.steps().size());
    }

    static Stream<Case> stamps() {
        return Stream.of(
                plans("a baseline", LINEAR, List.of(), "b", "+a", "+b"),
                plans("head", LINEAR, List.of("a"), "head", "+b", "+c"),
                plans("below what is recorded", LINEAR, List.of("a", "b", "c"), "a", "-b", "-c"),
                plans("base", LINEAR, List.of("a", "b", "c"), "base", "-a", "-b", "-c"),
                plans("already recorded", LINEAR, List.of("a", "b"), "b"),
                plans("an edited revision gets its checksum again", LINEAR, List.of("a:stale", "b"), "b", "~a"),
                plans(
                        "a half-applied revision is stamped as applied",
                        LINEAR,
                        List.of("a", "b:failed:1"),
                        "b",
                        "+b(failed)"),
                plans("one branch keeps the other's rows", TWO_HEADS, List.of("a", "c"), "b", "+b"),
                plans("every head", TWO_HEADS, List.of(), "heads", "+a", "+b", "+c"),
                fails(
                        "a row for a revision no longer in the code",
                        LINEAR,
                        List.of("a", "gone"),
                        "a",
                        MigrationException.class,
                        "retort_history records revision [gone] but no migration class has that id; nothing was changed",
                        Hint.set(Setting.PURGE, "true")),
                fails(
                        "a relative target",
                        LINEAR,
                        List.of(),
                        "+1",
                        GraphException.class,
                        "stamp needs an absolute target",
                        null),
                fails(
                        "no target",
                        LINEAR,
                        List.of(),
                        " ",
                        GraphException.class,
                        "stamp needs a target",
                        Hint.set(Setting.TARGET, "<revision>")),
                fails(
                        "an unknown revision",
                        LINEAR,
                        List.of(),
                        "zz",
                        GraphException.class,
                        "unknown revision 'zz'",
                        null));
    }

    /** Stamp plans as {@code -id} (row removed), {@code +id} (recorded; with the state it replaces) and {@code ~id} (checksum). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stamps")
    void stampPlans(Case c) {
        Planner planner = new Planner(c.graph());
        List<HistoryRow> rows = history(c.graph(), c.rows().toArray(String[]::new));
        if (c.error() != null) {
            assertError(c, () -> planner.stamp(c.target(), planner.stampTargets(c.target()), rows));
            return;
        }
        Planner.StampPlan plan = planner.stamp(c.target(), planner.stampTargets(c.target()), rows);
        List<String> shown =
                new ArrayList<>(plan.remove().stream().map(id -> "-" + id).toList());
        plan.changes()
                .forEach(s -> shown.add((s.checksumOnly() ? "~" : "+")
                        + s.revision().id()
                        + (s.recorded() == null || s.checksumOnly()
                                ? ""
                                : "(" + s.recorded().state() + ")")));
        assertEquals(c.plan(), shown);
    }

    private static void check(
            Case c, Function<List<HistoryRow>, Planner.Plan> planner, Function<Planner.Step, String> steps) {
        List<HistoryRow> rows = history(c.graph(), c.rows().toArray(String[]::new));
        if (c.error() != null) {
            assertError(c, () -> planner.apply(rows));
            return;
        }
        Planner.Plan plan = planner.apply(rows);
        assertEquals(
                c.plan(),
                plan.steps().stream().map(s -> s.id() + "@" + steps.apply(s)).toList());
    }

    private static void assertError(Case c, org.junit.jupiter.api.function.Executable run) {
        RuntimeException e = assertThrows(c.error(), run);
        assertTrue(e.getMessage().contains(c.message()), e.getMessage());
        if (c.hint() != null) {
            assertTrue(
                    ((Worded) e).text().hints().contains(c.hint()),
                    ((Worded) e).text().hints().toString());
        }
    }

    @Test
    void resumingPlansOnlyTheStepsNotYetCommitted() {
        Planner.Plan plan = new Planner(LINEAR).upgrade("head", history(LINEAR, "a", "b", "c:running:2"));
        Planner.Step c = plan.steps().get(0);
        assertTrue(c.interrupted(), "a running row means the earlier run died mid-revision");
        assertEquals(LINEAR.get("c").upgrade(), c.steps());
        assertEquals(2, c.from());
        assertFalse(new Planner(LINEAR)
                .upgrade("head", history(LINEAR, "a", "b", "c:failed:2"))
                .steps()
                .get(0)
                .interrupted());
    }

    @Test
    void undoingAHalfAppliedRevisionInvertsItsCompletedStepsNewestFirst() {
        Planner.Step c = new Planner(LINEAR)
                .downgrade("-1", history(LINEAR, "a", "b", "c:failed:2"))
                .steps()
                .get(0);
        assertEquals(List.of(new DropColumn("t_c", "c1", true), new DropTable("t_c", true)), c.steps());
    }

    @Test
    void theSchemaOfAHalfRevertedRevisionStopsAtItsLastRevertedStep() {
        Planner planner = new Planner(LINEAR);
        assertEquals(
                List.of("id", "c1", "c2"),
                columnsOf(planner, "c:reverting:3:0"),
                "no downgrade step committed yet: c whole");
        assertEquals(List.of("id"), columnsOf(planner, "c:reverting:2:1"), "the undo of c's 2 steps dropped c1");
        assertTrue(
                planner.currentSchema(history(LINEAR, "a", "b", "c:reverting:3:1"))
                        .table("t_c")
                        .isEmpty(),
                "c's downgrade dropped t_c");
    }

    private static List<String> columnsOf(Planner planner, String row) {
        return planner.currentSchema(history(LINEAR, "a", "b", row)).table("t_c").orElseThrow().columns().stream()
                .map(col -> col.name())
                .toList();
    }

    @Test
    void preflightRefusesAHalfAppliedRevisionWhoseCommittedStepsWereEdited() {
        Preflight preflight =
                new Preflight(LINEAR, Dialects.byName("h2"), SafetyPolicy.DEFAULT, null, false, RunLog.SILENT);
        RevisionInfo c = LINEAR.get("c");
        List<String> sums = new ArrayList<>(c.stepChecksums());
        sums.set(1, "0123456789abcdef");
        List<HistoryRow> editedStep2 = new ArrayList<>(history(LINEAR, "a", "b"));
        editedStep2.add(new HistoryRow(
                "c",
                c.parents(),
                "m c",
                "0000",
                "test",
                Instant.EPOCH,
                5,
                HistoryRow.FAILED,
                2,
                3,
                sums,
                0,
                List.of()));
        EditedStepsException e = assertThrows(EditedStepsException.class, () -> preflight.checkRecorded(editedStep2));
        assertEquals("c", e.revision());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("step 2 is now \"addColumn t_c.c1"), e.getMessage());
        assertTrue(
                e.text().hints().contains(Hint.run(Action.UPGRADE)),
                e.text().hints().toString());

        List<HistoryRow> editedAfter = new ArrayList<>(history(LINEAR, "a", "b"));
        editedAfter.add(new HistoryRow(
                "c",
                c.parents(),
                "m c",
                "0000",
                "test",
                Instant.EPOCH,
                5,
                HistoryRow.FAILED,
                1,
                3,
                sums,
                0,
                List.of()));
        preflight.checkRecorded(editedAfter);

        List<HistoryRow> tooFew = new ArrayList<>(history(LINEAR, "a", "b"));
        tooFew.add(new HistoryRow(
                "c",
                c.parents(),
                "m c",
                "0000",
                "test",
                Instant.EPOCH,
                5,
                HistoryRow.FAILED,
                4,
                5,
                List.of(sums.get(0), c.stepChecksums().get(1), c.stepChecksums().get(2), "x"),
                0,
                List.of()));
        assertEquals(
                4,
                assertThrows(EditedStepsException.class, () -> preflight.checkRecorded(tooFew))
                        .step());

        List<HistoryRow> oldVersion = new ArrayList<>(history(LINEAR, "a", "b"));
        oldVersion.add(
                new HistoryRow("c", c.parents(), "m c", "0000", "test", Instant.EPOCH, 5, HistoryRow.FAILED, 2, 3));
        assertEquals(
                0,
                assertThrows(EditedStepsException.class, () -> preflight.checkRecorded(oldVersion))
                        .step(),
                "an earlier version's row cannot say which step changed");
        List<HistoryRow> oldUnchanged = new ArrayList<>(history(LINEAR, "a", "b"));
        oldUnchanged.add(new HistoryRow(
                "c", c.parents(), "m c", c.checksum(), "test", Instant.EPOCH, 5, HistoryRow.FAILED, 2, 3));
        preflight.checkRecorded(oldUnchanged);

        List<HistoryRow> revertEdited = new ArrayList<>(history(LINEAR, "a", "b"));
        revertEdited.add(new HistoryRow(
                "c",
                c.parents(),
                "m c",
                c.checksum(),
                "test",
                Instant.EPOCH,
                5,
                HistoryRow.REVERTING,
                2,
                3,
                c.stepChecksums(),
                1,
                List.of("0123456789abcdef", "x")));
        EditedStepsException r = assertThrows(EditedStepsException.class, () -> preflight.checkRecorded(revertEdited));
        assertEquals(1, r.step());
        assertTrue(
                r.text().hints().contains(Hint.run(Action.DOWNGRADE)),
                r.text().hints().toString());
    }

    @Test
    void preflightRefusesRowsTheCodeDoesNotExplain() {
        Preflight preflight =
                new Preflight(LINEAR, Dialects.byName("h2"), SafetyPolicy.DEFAULT, null, false, RunLog.SILENT);
        ChecksumMismatchException gone = assertThrows(
                ChecksumMismatchException.class, () -> preflight.checkRecorded(history(LINEAR, "a", "gone")));
        assertEquals(List.of("gone"), gone.unknown());
        assertTrue(
                gone.getMessage()
                        .contains(
                                "revision gone (\"m gone\") is recorded in the database but no migration class has that id"),
                gone.getMessage());
        ChecksumMismatchException edited = assertThrows(
                ChecksumMismatchException.class, () -> preflight.checkRecorded(history(LINEAR, "a:stale", "b")));
        assertEquals(List.of("a"), edited.edited());
        assertTrue(
                edited.text().hints().contains(Hint.run(Action.STAMP, Setting.TARGET, "b")),
                "re-stamp the applied tip above it");
        preflight.checkRecorded(history(LINEAR, "a", "b:failed:1"));
    }

    @Test
    void preflightRefusesUnacknowledgedDataLossUnlessAllowed() {
        RevisionGraph lossy = new RevisionGraph(List.of(
                rev("a", 2),
                new RevisionInfo(
                        "b", List.of("a"), "drop", "Cb", List.of(new DropColumn("t_a", "c1", false)), List.of())));
        Planner.Plan plan = new Planner(lossy).upgrade("head", history(lossy, "a"));
        DataLossException e = assertThrows(
                DataLossException.class,
                () -> new Preflight(lossy, Dialects.byName("h2"), SafetyPolicy.DEFAULT, null, false, RunLog.SILENT)
                        .checkDataLoss(plan, Action.UPGRADE));
        assertEquals(List.of(new DataLossException.LossyStep("b", 1, "dropColumn t_a.c1")), e.steps());
        assertEquals(
                List.of(Hint.set(Setting.ALLOW_DATA_LOSS, "true")), e.text().hints());
        List<String> warnings = new ArrayList<>();
        new Preflight(lossy, Dialects.byName("h2"), SafetyPolicy.DEFAULT, null, true, new RunLog() {
                    @Override
                    public void info(String message) {}

                    @Override
                    public void warn(String message) {
                        warnings.add(message);
                    }
                })
                .checkDataLoss(plan, Action.UPGRADE);
        assertEquals(1, warnings.size(), warnings.toString());
    }
}
