package dev.retort.core.diff;

/** The model changed in a way Retort cannot yet express as a migration; the message says which and what to do. */
public class UnsupportedChangeException extends RuntimeException {

    public UnsupportedChangeException(String message) {
        super(message);
    }
}
