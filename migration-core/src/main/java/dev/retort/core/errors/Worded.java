package dev.retort.core.errors;

/**
 * An error whose message is {@link Text}: its {@code getMessage()} is in the core's neutral words,
 * and an edge shows {@link #text()} rendered in its own.
 */
public interface Worded {

    Text text();

    /** The message in {@code wording}'s words. */
    default String message(Wording wording) {
        return text().render(wording);
    }
}
