package dev.retort.core.history;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionGraphTest {

    static RevisionInfo rev(String id, String... parents) {
        return new RevisionInfo(id, List.of(parents), "m " + id, "C" + id, List.of(), List.of());
    }

    @Test
    void ordersParentsFirstAndFindsTheHead() {
        RevisionGraph g = new RevisionGraph(List.of(rev("c", "b"), rev("a"), rev("b", "a")));
        assertEquals(List.of("a", "b", "c"), g.ordered().stream().map(RevisionInfo::id).toList());
        assertEquals("c", g.head());
        assertEquals(List.of("a", "b"), g.lineage("b").stream().map(RevisionInfo::id).toList());
    }

    @Test
    void severalHeadsAreNamed() {
        RevisionGraph g = new RevisionGraph(List.of(rev("a"), rev("b", "a"), rev("c", "a")));
        assertEquals(List.of("b", "c"), g.heads());
        GraphException e = assertThrows(GraphException.class, g::head);
        assertTrue(e.getMessage().contains("2 heads [b, c]"), e.getMessage());
    }

    @Test
    void resolvesUniquePrefixesOnly() {
        RevisionGraph g = new RevisionGraph(List.of(rev("20261101_0900_aaaa"), rev("20261101_0930_bbbb", "20261101_0900_aaaa")));
        assertEquals("20261101_0930_bbbb", g.resolveId("20261101_093"));
        assertTrue(assertThrows(GraphException.class, () -> g.resolveId("20261101")).getMessage().contains("ambiguous"));
        assertTrue(assertThrows(GraphException.class, () -> g.resolveId("x")).getMessage().contains("unknown revision 'x'"));
    }

    @Test
    void rejectsMissingParentsDuplicatesAndCycles() {
        assertTrue(assertThrows(GraphException.class, () -> new RevisionGraph(List.of(rev("b", "a"))))
                .getMessage().contains("names parent a, which does not exist"));
        assertTrue(assertThrows(GraphException.class, () -> new RevisionGraph(List.of(rev("a"), rev("a"))))
                .getMessage().contains("revision id a is used by both"));
        assertTrue(assertThrows(GraphException.class, () -> new RevisionGraph(List.of(rev("a", "b"), rev("b", "a"))))
                .getMessage().contains("cycle"));
    }
}
