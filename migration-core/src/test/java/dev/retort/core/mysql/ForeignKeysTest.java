package dev.retort.core.mysql;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Temporary key names of a shadow copy: made and undone without a database. */
class ForeignKeysTest {

    @Test
    void aTemporaryNameGivesBackTheOriginal() {
        assertEquals("_fk_item_order_rtfk", ForeignKeys.temporary("fk_item_order"));
        ForeignKeys.Key k = key("_fk_item_order_rtfk");
        assertTrue(k.temporary());
        assertEquals("fk_item_order", k.original());
        ForeignKeys.Key plain = key("fk_item_order");
        assertFalse(plain.temporary());
        assertEquals("fk_item_order", plain.original());
        assertFalse(ForeignKeys.isTemporary("__rtfk"), "no name inside");
    }

    @Test
    void theLongestNameStillFitsAnIdentifier() {
        String longest = "k".repeat(ForeignKeys.LONGEST);
        assertEquals(64, ForeignKeys.temporary(longest).length());
        assertEquals(58, ForeignKeys.LONGEST);
    }

    private static ForeignKeys.Key key(String name) {
        return new ForeignKeys.Key(
                "order_item", name, List.of("order_id"), "shop", "orders", List.of("id"), " ON DELETE CASCADE");
    }
}
