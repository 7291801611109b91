package dev.retort.maven;

import dev.retort.core.runner.Connections;
import java.util.Collection;

/**
 * Keeps passwords out of exceptions. Maven prints an exception's whole cause chain with
 * {@code -e} and {@code -X}, and a driver's message may quote the URL; so causes are rebuilt with
 * masked messages and the original stack traces.
 */
final class Redact {

    private Redact() {
    }

    /**
     * A copy of the exception chain with {@code secrets} and URL passwords masked in every message
     * and the same stack traces, so {@code -e} and {@code -X} can show causes without the password.
     */
    static Throwable scrub(Throwable t, Collection<String> secrets) {
        if (t == null) {
            return null;
        }
        Throwable copy = new Scrubbed(t.getClass().getName() + ": " + Connections.maskAll(String.valueOf(t.getMessage()), secrets),
                t.getCause() == t ? null : scrub(t.getCause(), secrets));
        copy.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(scrub(s, secrets));
        }
        return copy;
    }

    /** An exception rebuilt with a masked message; the original type is the first word of the message. */
    static final class Scrubbed extends Exception {
        Scrubbed(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
