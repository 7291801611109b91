package dev.retort.core.runner;

import dev.retort.core.errors.Text;
import dev.retort.core.errors.Worded;
import dev.retort.core.errors.Wording;

/**
 * Something the user must act on: a failed step, an unacknowledged data loss, an edited
 * migration. The message says what happened, what is already committed, and how to recover; its
 * advice is data ({@link #text()}), worded by the edge that shows it. The subclasses carry what
 * each kind of failure is about; catching this catches them all.
 */
public class MigrationException extends RuntimeException implements Worded {

    private final Text text;
    private volatile Wording wording = Wording.NEUTRAL;

    public MigrationException(String message) {
        this(Text.of(message), null);
    }

    public MigrationException(String message, Throwable cause) {
        this(Text.of(message), cause);
    }

    public MigrationException(Text text, Throwable cause) {
        super(text.toString(), cause);
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }

    /**
     * Words {@link #getMessage()} from now on, for an edge that passes the exception on to code that
     * only reads the message (the start-up API, whose callers catch this type).
     */
    public MigrationException wordedBy(Wording wording) {
        this.wording = wording;
        return this;
    }

    @Override
    public String getMessage() {
        return text.render(wording);
    }
}
