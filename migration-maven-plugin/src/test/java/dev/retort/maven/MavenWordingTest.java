package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Worded;
import dev.retort.core.history.GraphException;
import dev.retort.core.history.HistoryRow;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.runner.DataLossException;
import dev.retort.core.runner.IrreversibleException;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.Planner;
import dev.retort.core.runner.SafetyRefusalException;
import dev.retort.core.safety.SafetyGate;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The core words its errors neutrally and carries its hints as data; the goals show them exactly as
 * they read before the errors were typed (the ITs, the docs and users' scripts grep these texts).
 */
class MavenWordingTest {

    static String maven(RuntimeException e) {
        return MavenWording.failure((Worded) e, UnaryOperator.identity(), e).getMessage();
    }

    static RevisionInfo rev(String id, String... parents) {
        return new RevisionInfo(id, List.of(parents), "m " + id, "C" + id, List.of(), List.of());
    }

    @Test
    void dataLossNamesTheMavenSwitch() {
        DataLossException e = new DataLossException(
                Action.UPGRADE, List.of(new DataLossException.LossyStep("r2", 1, "dropColumn t.c")));
        assertEquals(
                "Refusing to upgrade: 1 step destroys data without acknowledgement; nothing was run.\n"
                        + "  r2 step 1: dropColumn t.c\n"
                        + "Review each step, then add .acceptDataLoss() to it in the migration source "
                        + "(or pass -Dmigrate.allowDataLoss=true for a local database you can rebuild).",
                maven(e));
        assertTrue(
                e.getMessage().contains("(or pass allowDataLoss=true for a local"),
                "the core's own words: " + e.getMessage());
    }

    @Test
    void irreversibleDowngradeNamesTheTarget() {
        assertEquals(
                "Refusing to downgrade: 1 revision declares that it cannot be reverted; nothing was run.\n"
                        + "  r1 (C1): the data is gone\n"
                        + "Downgrade to a revision above it (-Dmigrate.target=<revision>), or restore the database from a backup.",
                maven(new IrreversibleException(
                        List.of(new IrreversibleException.Irreversible("r1", "C1", "the data is gone")))));
    }

    /** The refusal as SafetyGate has always worded it for Maven, in every combination. */
    @Test
    void safetyRefusalsReadAsTheGateWordsThem() {
        List<List<String>> lists =
                List.of(List.of(), List.of("r1 step 1: RT207 one"), List.of("r1 step 1: a", "r2 step 2: b"));
        for (String direction : List.of("upgrade", "downgrade")) {
            for (List<String> blocking : lists) {
                for (List<String> incomplete : lists) {
                    SafetyGate.Verdict verdict = new SafetyGate.Verdict(List.of(), blocking, incomplete);
                    if (!verdict.refuses()) {
                        continue;
                    }
                    assertEquals(
                            verdict.refusal(direction),
                            maven(new SafetyRefusalException(
                                    direction.equals("upgrade") ? Action.UPGRADE : Action.DOWNGRADE,
                                    blocking,
                                    incomplete)),
                            direction + " " + blocking + " " + incomplete);
                }
            }
        }
    }

    @Test
    void graphAndPlanErrorsNameTheGoals() {
        RevisionGraph twoHeads = new RevisionGraph(List.of(rev("a"), rev("b", "a"), rev("c", "a")));
        assertEquals(
                "the revision graph has 2 heads (branches that were developed in parallel):\n"
                        + "  b \"m b\" (Cb)\n  c \"m c\" (Cc)\n"
                        + "Join them with mvn migrate:merge (it writes a merge revision whose parents are all heads), "
                        + "or name one with -Dmigrate.target=<revision>, or apply all with -Dmigrate.target=heads.",
                maven(assertThrows(GraphException.class, twoHeads::head)));
        Planner planner = new Planner(new RevisionGraph(List.of(rev("a"), rev("b", "a"))));
        assertEquals(
                "'-1' moves down; use mvn migrate:downgrade -Dmigrate.target=-1",
                maven(assertThrows(GraphException.class, () -> planner.upgrade("-1", List.of()))));
        assertEquals(
                "'+2' moves up; use mvn migrate:upgrade -Dmigrate.target=+2",
                maven(assertThrows(GraphException.class, () -> planner.downgrade("+2", List.of()))));
        assertEquals(
                "downgrade needs a target: -Dmigrate.target=-1 (the last revision), base (all) or a revision id",
                maven(assertThrows(GraphException.class, () -> planner.downgrade("", List.of()))));
        assertEquals(
                "stamp needs a target: -Dmigrate.target=<revision> (the revision the schema is at), head, heads or base",
                maven(assertThrows(GraphException.class, () -> planner.stampTargets(null))));
        HistoryRow failed =
                new HistoryRow("b", List.of("a"), "m b", "x", "me", Instant.EPOCH, 1, HistoryRow.FAILED, 0, 0);
        RevisionGraph branches = new RevisionGraph(List.of(rev("a"), rev("b", "a"), rev("c", "a")));
        HistoryRow applied = new HistoryRow(
                "a", List.of(), "m a", branches.get("a").checksum(), "me", Instant.EPOCH, 1, HistoryRow.APPLIED, 0, 0);
        assertEquals(
                "revision b is recorded as failed (0 of 0 steps) but is not on the way to 'c'. Finish it with mvn "
                        + "migrate:upgrade, or undo its completed steps with mvn migrate:downgrade -Dmigrate.target=-1.",
                maven(assertThrows(
                        MigrationException.class, () -> new Planner(branches).upgrade("c", List.of(applied, failed)))));
        assertTrue(maven(assertThrows(
                        MigrationException.class,
                        () -> new Planner(branches)
                                .stamp(
                                        "a",
                                        List.of("a"),
                                        List.of(new HistoryRow(
                                                "gone",
                                                List.of(),
                                                "",
                                                "x",
                                                "me",
                                                Instant.EPOCH,
                                                1,
                                                HistoryRow.APPLIED,
                                                0,
                                                0)))))
                .endsWith("To start the history over, stamp with -Dmigrate.purge=true: it clears retort_history first, "
                        + "then records a and its ancestors."));
    }
}
