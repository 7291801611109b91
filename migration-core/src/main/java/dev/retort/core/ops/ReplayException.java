package dev.retort.core.ops;

/** An operation does not fit the schema it is applied to. */
public class ReplayException extends RuntimeException {

    public ReplayException(String message) {
        super(message);
    }
}
