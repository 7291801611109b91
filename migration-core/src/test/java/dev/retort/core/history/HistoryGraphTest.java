package dev.retort.core.history;

import static dev.retort.core.history.RevisionGraphTest.rev;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryGraphTest {

    static final Instant AT = Instant.parse("2026-11-25T14:12:30.250Z");

    static HistoryRow row(String id, String state, long durationMs, int done, int total) {
        return new HistoryRow(id, List.of(), "m " + id, "x", "ana", AT, durationMs, state, done, total);
    }

    static String render(RevisionGraph g, Map<String, HistoryRow> rows) {
        return String.join("\n", HistoryGraph.render(g, rows)) + "\n";
    }

    @Test
    void linearWithCurrentMarkedAndStates() {
        RevisionGraph g = new RevisionGraph(List.of(rev("a"), rev("b", "a"), rev("c", "b")));
        assertEquals(
                """
                *  c (head)  "m c"  FAILED at step 1 of 3 (the upgrade action resumes it)
                *  b (current)  "m b"  applied 2026-11-25T14:12:30Z by ana in 40 ms
                *  a  "m a"  stamped 2026-11-25T14:12:30Z by ana
                o  <base>
                """,
                render(
                        g,
                        Map.of(
                                "a",
                                row("a", HistoryRow.APPLIED, HistoryRow.STAMPED_DURATION, 0, 0),
                                "b",
                                row("b", HistoryRow.APPLIED, 40, 2, 2),
                                "c",
                                row("c", HistoryRow.FAILED, 0, 1, 3))));
    }

    @Test
    void twoHeadsGrowFromTheirCommonParent() {
        RevisionGraph g = new RevisionGraph(List.of(rev("a"), rev("b", "a"), rev("c", "a")));
        assertEquals("""
                *    c (head)  "m c"
                | *  b (head)  "m b"
                |/
                *    a  "m a"
                o    <base>
                """, render(g, null));
    }

    @Test
    void mergeJoinsTheBranchesAndEveryCurrentTipIsMarked() {
        RevisionGraph g =
                new RevisionGraph(List.of(rev("a"), rev("b", "a"), rev("c", "a"), rev("d", "c"), rev("m", "b", "d")));
        assertEquals(
                """
                *    m (head)  "m m"  pending  [merges b, d]
                |\\
                | *  d (current)  "m d"  applied 2026-11-25T14:12:30Z by ana in 1 ms
                | *  c  "m c"  applied 2026-11-25T14:12:30Z by ana in 1 ms
                * |  b  "m b"  pending
                |/
                *    a  "m a"  applied 2026-11-25T14:12:30Z by ana in 1 ms
                o    <base>
                """,
                render(
                        g,
                        Map.of(
                                "a",
                                row("a", HistoryRow.APPLIED, 1, 1, 1),
                                "c",
                                row("c", HistoryRow.APPLIED, 1, 1, 1),
                                "d",
                                row("d", HistoryRow.APPLIED, 1, 1, 1))));
    }

    @Test
    void recordedRevisionsWithoutAClassAreListedLast() {
        RevisionGraph g = new RevisionGraph(List.of(rev("a")));
        assertEquals(
                """
                *  a (head, current)  "m a"  applied 2026-11-25T14:12:30Z by ana in 5 ms
                o  <base>
                ?  gone  "m gone"  applied 2026-11-25T14:12:30Z by ana in 5 ms  [recorded, but no migration class has this id]
                """,
                render(
                        g,
                        Map.of(
                                "a",
                                row("a", HistoryRow.APPLIED, 5, 1, 1),
                                "gone",
                                row("gone", HistoryRow.APPLIED, 5, 1, 1))));
    }

    @Test
    void nothingAppliedMarksBaseCurrent() {
        RevisionGraph g = new RevisionGraph(List.of(rev("a")));
        assertEquals("""
                *  a (head)  "m a"  pending
                o  <base> (current)
                """, render(g, Map.of()));
    }

    @Test
    void threeBranchesFromOneRevisionAndTwoRoots() {
        RevisionGraph g = new RevisionGraph(
                List.of(rev("a"), rev("b", "a"), rev("c", "a"), rev("d", "a"), rev("e"), rev("f", "e", "b")));
        assertEquals("""
                *        f (head)  "m f"  [merges e, b]
                |\\
                * |      e  "m e"
                | | *    d (head)  "m d"
                | | | *  c (head)  "m c"
                | * | |  b  "m b"
                | | |/
                | |/
                | *      a  "m a"
                |/
                o        <base>
                """, render(g, null));
    }
}
