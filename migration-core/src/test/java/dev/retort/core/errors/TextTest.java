package dev.retort.core.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextTest {

    private static final Wording BRACKETS =
            hint -> "[" + (hint.action() == null ? "" : hint.action().key())
                    + (hint.setting() == null ? "" : " " + hint.setting().key())
                    + (hint.value() == null ? "" : "=" + hint.value()) + "]";

    @Test
    void hintsStayDataUntilAnEdgeWordsThem() {
        Text advice = Text.of("  To fix: ", Text.of("delete them, then rerun ", Hint.run(Action.UPGRADE)), ".\n");
        assertEquals("  To fix: delete them, then rerun [upgrade].\n", advice.render(BRACKETS));
        assertEquals("  To fix: delete them, then rerun the upgrade action.\n", advice.toString());
        assertEquals(java.util.List.of(Hint.run(Action.UPGRADE)), advice.hints());
    }

    @Test
    void stripTrailingKeepsHintsAndDropsOnlyTrailingWhiteSpace() {
        Text advice = Text.of("  rerun ", Hint.set(Setting.COPY_ROW_LIMIT, "<rows>"), " soon.\n\n");
        assertEquals(
                "  rerun [ copyRowLimit=<rows>] soon.", advice.stripTrailing().render(BRACKETS));
        assertEquals(
                "  rerun [ copyRowLimit=<rows>]",
                Text.of("  rerun ", Hint.set(Setting.COPY_ROW_LIMIT, "<rows>"), "\n")
                        .stripTrailing()
                        .render(BRACKETS));
    }

    @Test
    void emptyMeansNothingToSay() {
        assertTrue(Text.of().isEmpty());
        assertTrue(Text.of("").isEmpty());
        assertFalse(Text.of(" ").isEmpty());
        assertFalse(Text.of(Hint.run(Action.UPGRADE)).isEmpty());
    }
}
