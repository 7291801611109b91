package dev.retort.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects every failed expectation of a verify script and reports them together, so one run of
 * a long invoker project says everything that is wrong, not only the first thing.
 */
public final class Check {

    private final String subject;
    private final List<String> failures = new ArrayList<>();

    public Check(String subject) {
        this.subject = subject;
    }

    /** Records {@code failure} unless {@code ok}. */
    public Check that(boolean ok, String failure) {
        if (!ok) {
            failures.add(failure);
        }
        return this;
    }

    /** Records a failure unless {@code expected} equals {@code actual}. */
    public Check equal(Object expected, Object actual, String what) {
        return that(Objects.equals(expected, actual), what + ": expected <" + expected + "> but was <" + actual + ">");
    }

    /** Records a failure. */
    public Check fail(String failure) {
        failures.add(failure);
        return this;
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Throws an {@link AssertionError} listing every recorded failure, if there is one. */
    public void done() {
        if (!failures.isEmpty()) {
            throw new AssertionError(
                    subject + ": " + failures.size() + " check(s) failed:\n - " + String.join("\n - ", failures));
        }
    }
}
