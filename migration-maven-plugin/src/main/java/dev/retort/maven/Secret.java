package dev.retort.maven;

import dev.retort.core.runner.Connections;

/**
 * A configured secret. Maven's debug log ({@code -X}) prints every parameter it injects with
 * {@code toString()}; this type prints {@code ***}, so a password given as {@code -Dmigrate.password}
 * or {@code <password>${env.DB_PASSWORD}</password>} never reaches the log. Maven fills it through
 * {@link #set(String)}, as it does for any parameter type with a {@code set} method.
 */
public final class Secret {

    private String value;

    /** For Maven, which instantiates parameter types itself. */
    public Secret() {
    }

    static Secret of(String value) {
        Secret s = new Secret();
        s.set(value);
        return s;
    }

    /** Called by Maven's configurator with the parameter's text. */
    public void set(String value) {
        this.value = value;
    }

    /** The secret itself; never log it. */
    String reveal() {
        return value;
    }

    boolean isSet() {
        return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
        return "***";
    }

    /**
     * A copy of the exception chain with {@code secret} and URL passwords masked in every message
     * and the same stack traces, so {@code -e} and {@code -X} can show causes without the password.
     */
    static Throwable scrub(Throwable t, String secret) {
        if (t == null) {
            return null;
        }
        Throwable copy = new Scrubbed(t.getClass().getName() + ": " + Connections.mask(String.valueOf(t.getMessage()), secret),
                t.getCause() == t ? null : scrub(t.getCause(), secret));
        copy.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(scrub(s, secret));
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
