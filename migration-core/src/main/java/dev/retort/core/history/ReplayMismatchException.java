package dev.retort.core.history;

import dev.retort.core.errors.Text;

/** A revision's step does not fit the schema its parents build, so the graph cannot be replayed. */
public class ReplayMismatchException extends GraphException {

    private final String revision;
    private final int step;
    private final int steps;

    public ReplayMismatchException(String revision, String className, int step, int steps, String why) {
        super(Text.of("revision " + revision + " (" + className + ") step " + step + " of " + steps
                + " does not fit the schema built by its parents: " + why));
        this.revision = revision;
        this.step = step;
        this.steps = steps;
    }

    public String revision() {
        return revision;
    }

    /** The step that does not fit, from 1. */
    public int step() {
        return step;
    }

    public int steps() {
        return steps;
    }
}
