package dev.retort.core.history;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionGraphTest {

    static RevisionInfo rev(String id, String... parents) {
        return new RevisionInfo(id, List.of(parents), "m " + id, "C" + id, List.of(), List.of());
    }

    @Test
    void ordersParentsFirstAndFindsTheHead() {
        RevisionGraph g = new RevisionGraph(List.of(rev("c", "b"), rev("a"), rev("b", "a")));
        assertEquals(
                List.of("a", "b", "c"),
                g.ordered().stream().map(RevisionInfo::id).toList());
        assertEquals("c", g.head());
        assertEquals(
                List.of("a", "b"), g.lineage("b").stream().map(RevisionInfo::id).toList());
    }

    @Test
    void severalHeadsAreNamed() {
        RevisionGraph g = new RevisionGraph(List.of(rev("a"), rev("b", "a"), rev("c", "a")));
        assertEquals(List.of("b", "c"), g.heads());
        GraphException e = assertThrows(GraphException.class, g::head);
        assertTrue(e.getMessage().contains("2 heads"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  b \"m b\" (Cb)\n  c \"m c\" (Cc)"), e.getMessage());
        assertTrue(e.text().hints().contains(Hint.run(Action.MERGE)), e.getMessage());
        assertTrue(e.getMessage().contains("Join them with the merge action (it writes"), e.getMessage());
    }

    @Test
    void resolvesUniquePrefixesOnly() {
        RevisionGraph g =
                new RevisionGraph(List.of(rev("20261101_0900_aaaa"), rev("20261101_0930_bbbb", "20261101_0900_aaaa")));
        assertEquals("20261101_0930_bbbb", g.resolveId("20261101_093"));
        assertTrue(assertThrows(GraphException.class, () -> g.resolveId("20261101"))
                .getMessage()
                .contains("ambiguous"));
        assertTrue(assertThrows(GraphException.class, () -> g.resolveId("x"))
                .getMessage()
                .contains("unknown revision 'x'"));
    }

    @Test
    void rejectsMissingParentsDuplicatesAndCycles() {
        assertTrue(assertThrows(GraphException.class, () -> new RevisionGraph(List.of(rev("b", "a"))))
                .getMessage()
                .contains("names parent a, which does not exist"));
        assertTrue(assertThrows(GraphException.class, () -> new RevisionGraph(List.of(rev("a"), rev("a"))))
                .getMessage()
                .contains("revision id a is used by both"));
        assertTrue(assertThrows(GraphException.class, () -> new RevisionGraph(List.of(rev("a", "b"), rev("b", "a"))))
                .getMessage()
                .contains("cycle"));
    }

    /** a - b - c - d, with a branch e off b, merged back by m (parents d, e). */
    static RevisionGraph branched() {
        return new RevisionGraph(
                List.of(rev("a"), rev("b", "a"), rev("c", "b"), rev("d", "c"), rev("e", "b"), rev("m", "d", "e")));
    }

    @Test
    void relativeTargetsWalkTheOnlyChildOrParent() {
        RevisionGraph g = branched();
        assertEquals("d", g.resolve("c+1"));
        assertEquals("m", g.resolve("c+2"));
        assertEquals("b", g.resolve("d-2"));
        assertEquals("a", g.resolve("b-1"));
        assertNull(g.resolve("b-2"), "two below b is base");
        assertNull(g.resolve("base"));
        assertEquals("c", g.resolve("c+0"));
    }

    @Test
    void relativeTargetsThroughABranchPointOrMergeAreAmbiguous() {
        RevisionGraph g = branched();
        assertEquals(
                "'b+1' is ambiguous: b is a branch point with children [c, e]; name the revision on the branch you mean "
                        + "(or count from it)",
                assertThrows(GraphException.class, () -> g.resolve("b+1")).getMessage());
        assertEquals(
                "'m-1' is ambiguous: m is a merge of [d, e]; name the revision on the branch you mean (or count from it)",
                assertThrows(GraphException.class, () -> g.resolve("m-1")).getMessage());
        assertEquals(
                "'d+2' goes past the head m: there is only 1 revision above d",
                assertThrows(GraphException.class, () -> g.resolve("d+2")).getMessage());
        assertEquals(
                "'a-2' goes below base: a is only 1 step above base",
                assertThrows(GraphException.class, () -> g.resolve("a-2")).getMessage());
        assertTrue(assertThrows(GraphException.class, () -> g.resolve("zz+1"))
                .getMessage()
                .startsWith("unknown revision 'zz'"));
    }

    @Test
    void anIdThatLooksRelativeIsStillAnId() {
        RevisionGraph g = new RevisionGraph(List.of(rev("v-1"), rev("v-2", "v-1")));
        assertEquals("v-1", g.resolve("v-1"));
        assertEquals("v-1", g.resolve("v-2-1"));
    }

    @Test
    void unknownTargetsSayWhatIsKnownAndWhatTargetsLookLike() {
        String m = assertThrows(GraphException.class, () -> branched().resolve("x"))
                .getMessage();
        assertTrue(
                m.startsWith(
                        "unknown revision 'x': no revision id is or starts with it. Known revisions: [a, b, c, d, e, m]."),
                m);
        assertTrue(
                m.contains("head, heads, base, a revision id or unique prefix, +N/-N, or <revision>+N/<revision>-N"),
                m);
        List<RevisionInfo> many = new java.util.ArrayList<>(List.of(rev("r00")));
        for (int i = 1; i < 30; i++) {
            many.add(rev("r%02d".formatted(i), "r%02d".formatted(i - 1)));
        }
        String big = assertThrows(GraphException.class, () -> new RevisionGraph(many).resolve("x"))
                .getMessage();
        assertTrue(big.contains("Known heads: [r29] (the history action lists all 30)"), big);
        assertTrue(assertThrows(GraphException.class, () -> new RevisionGraph(many).resolve("r"))
                .getMessage()
                .contains("ambiguous: it starts 30 revision ids"));
    }

    @Test
    void tipsAreWhereADatabaseWithThoseRevisionsIs() {
        RevisionGraph g = branched();
        assertEquals(List.of(), g.tips(java.util.Set.of()));
        assertEquals(List.of("c"), g.tips(java.util.Set.of("a", "b", "c")));
        assertEquals(List.of("c", "e"), g.tips(java.util.Set.of("a", "b", "c", "e")));
        assertEquals(List.of("m"), g.tips(java.util.Set.of("a", "b", "c", "d", "e", "m")));
        assertEquals(List.of("c", "e"), g.children("b"));
    }

    @Test
    void checksumsAreTheRevisionsOwnWorkedOutOnce() {
        RevisionInfo a = new RevisionInfo(
                "a", List.of(), "m a", "Ca", List.of(new dev.retort.core.ops.RenameTable("t", "u")), List.of());
        RevisionGraph graph = new RevisionGraph(List.of(a, rev("b", "a")));
        graph.computeChecksums();
        assertEquals(a.checksum(), graph.checksum("a"));
        assertEquals(graph.get("b").checksum(), graph.checksum("b"));
        assertNotEquals(graph.checksum("a"), graph.checksum("b"));
        assertThrows(GraphException.class, () -> graph.checksum("c"));
    }
}
