package dev.retort.core.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A small property runner on plain JUnit: a property is checked on values built from random tapes
 * of integers ({@link SchemaPairs}); when one fails, the tape is shrunk (chunks removed, numbers
 * made smaller) for as long as the property still fails the same way, and the smallest value is
 * reported with the seed that reproduces the run.
 *
 * <p>{@code -Dretort.properties.factor=N} multiplies every property's tries by N;
 * {@code -Dretort.properties.seed=S} runs other tapes than the fixed default seed ({@code random}
 * for a new seed each run).
 */
final class Properties {

    /** A check on one value; throws (an assertion) when the property does not hold. */
    interface Check<T> {
        void check(T value) throws Exception;
    }

    private static final int MIN_TAPE = 20;
    private static final int MAX_TAPE = 80;
    private static final int VALUE_BOUND = 1000;

    private Properties() {}

    static int factor() {
        return Integer.getInteger("retort.properties.factor", 1);
    }

    static long seed(String property) {
        String s = System.getProperty("retort.properties.seed");
        if (s == null || s.isBlank()) {
            return property.hashCode();
        }
        return s.equals("random") ? new Random().nextLong() : Long.parseLong(s.trim());
    }

    /**
     * Checks {@code property} on {@code tries} (times the factor) values.
     *
     * @param shrinkBudget how many more runs the shrinking of a failure may take
     */
    static <T> void forAll(
            String property, int tries, int shrinkBudget, Function<List<Integer>, T> build, Check<T> check) {
        long seed = seed(property);
        Random random = new Random(seed);
        int total = tries * factor();
        for (int i = 0; i < total; i++) {
            List<Integer> tape = new ArrayList<>();
            int length = MIN_TAPE + random.nextInt(MAX_TAPE - MIN_TAPE + 1);
            for (int k = 0; k < length; k++) {
                tape.add(random.nextInt(VALUE_BOUND));
            }
            Throwable error = run(build, check, tape);
            if (error != null) {
                Shrunk shrunk = shrink(build, check, tape, error, shrinkBudget);
                AssertionError failure = new AssertionError(
                        property + " fails on try " + (i + 1) + " of " + total + " (seed "
                                + seed + ", -Dretort.properties.seed=" + seed + "); shrunk in " + shrunk.steps
                                + " steps to tape "
                                + shrunk.tape + ":" + build.apply(shrunk.tape) + "-- error --\n" + shrunk.error,
                        shrunk.error);
                throw failure;
            }
        }
    }

    private record Shrunk(List<Integer> tape, Throwable error, int steps) {}

    private static <T> Throwable run(Function<List<Integer>, T> build, Check<T> check, List<Integer> tape) {
        try {
            check.check(build.apply(tape));
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Greedy: drop chunks of the tape, then lower each number, while the same kind of error remains. */
    private static <T> Shrunk shrink(
            Function<List<Integer>, T> build, Check<T> check, List<Integer> tape, Throwable error, int budget) {
        List<Integer> best = tape;
        Throwable bestError = error;
        int runs = 0;
        int steps = 0;
        boolean improved = true;
        while (improved && runs < budget) {
            improved = false;
            for (int size = 8; size >= 1 && runs < budget; size /= 2) {
                for (int at = 0; at + size <= best.size() && runs < budget; ) {
                    List<Integer> candidate = new ArrayList<>(best.subList(0, at));
                    candidate.addAll(best.subList(at + size, best.size()));
                    runs++;
                    Throwable e = run(build, check, candidate);
                    if (e != null && e.getClass() == error.getClass()) {
                        best = candidate;
                        bestError = e;
                        steps++;
                        improved = true;
                    } else {
                        at++;
                    }
                }
            }
            for (int at = 0; at < best.size() && runs < budget; at++) {
                int value = best.get(at);
                for (int smaller : new int[] {0, value / 2, value - 1}) {
                    if (smaller >= value || smaller < 0 || runs >= budget) {
                        continue;
                    }
                    List<Integer> candidate = new ArrayList<>(best);
                    candidate.set(at, smaller);
                    runs++;
                    Throwable e = run(build, check, candidate);
                    if (e != null && e.getClass() == error.getClass()) {
                        best = candidate;
                        bestError = e;
                        steps++;
                        improved = true;
                        break;
                    }
                }
            }
        }
        return new Shrunk(best, bestError, steps);
    }
}
