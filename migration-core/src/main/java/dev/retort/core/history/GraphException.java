package dev.retort.core.history;

import dev.retort.core.errors.Text;
import dev.retort.core.errors.Worded;
import dev.retort.core.errors.Wording;

/** The migrations do not form a usable graph, or a target does not name a revision in it. */
public class GraphException extends RuntimeException implements Worded {

    private final Text text;
    private volatile Wording wording = Wording.NEUTRAL;

    public GraphException(String message) {
        this(Text.of(message));
    }

    public GraphException(Text text) {
        super(text.toString());
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }

    /** Words {@link #getMessage()} from now on (see {@link dev.retort.core.runner.MigrationException#wordedBy}). */
    public GraphException wordedBy(Wording wording) {
        this.wording = wording;
        return this;
    }

    @Override
    public String getMessage() {
        return text.render(wording);
    }
}
