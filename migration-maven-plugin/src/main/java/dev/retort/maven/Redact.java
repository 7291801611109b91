package dev.retort.maven;

import dev.retort.core.runner.Connections;
import java.util.Collection;

/**
 * Keeps passwords out of exceptions. Maven prints an exception's whole cause chain with
 * {@code -e} and {@code -X}, and a driver's message may quote the URL; so causes are rebuilt with
 * masked messages and the original stack traces.
 */
final class Redact {

    private Redact() {}

    /**
     * A copy of the exception chain with {@code secrets} and URL passwords masked in every message
     * and the same stack traces, so {@code -e} and {@code -X} can show causes without the password
     * ({@link Connections#scrub}).
     */
    static Throwable scrub(Throwable t, Collection<String> secrets) {
        return Connections.scrub(t, secrets);
    }
}
