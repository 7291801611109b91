package dev.retort.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.db.TestDatabase;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.diff.SchemaPairs.Pair;
import dev.retort.core.introspect.Drift;
import dev.retort.core.introspect.DriftDetector;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.model.Schema;
import dev.retort.core.ops.Operation;
import dev.retort.core.runner.DdlExecutor;
import dev.retort.core.runner.DdlPolicy;
import dev.retort.core.runner.RunLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The differ's properties over random schema pairs ({@link SchemaPairs}): its steps replayed on
 * {@code a} give {@code b}; their inverses, in reverse order, give {@code a} back; and their SQL,
 * run on a real database holding {@code a}, leaves a database the drift detector finds equal to
 * {@code b} (on H2, and on MariaDB and PostgreSQL for a smaller sample).
 *
 * <p>"Equal" is what the differ's own tests use: the differ finds nothing to change between the
 * two. The tries below fit {@code verify}; {@code -Dretort.properties.factor=N} multiplies every
 * property's tries by N for a longer search, {@code -Dretort.properties.seed=random} draws other
 * pairs (see {@link Properties}). A counterexample found here stays as an example in
 * {@link DifferPropertyRegressionTest}.
 */
class SchemaDifferPropertyTests {

    /** How many pairs took each path, printed once all properties ran. */
    static final Map<String, AtomicInteger> PATHS = new ConcurrentHashMap<>();

    static final Map<String, AtomicLong> MILLIS = new ConcurrentHashMap<>();

    static Pair anyPair(List<Integer> tape) {
        return SchemaPairs.pair(tape, true);
    }

    static Pair migratablePair(List<Integer> tape) {
        return SchemaPairs.pair(tape, false);
    }

    /**
     * Replaying the differ's steps on {@code a} gives {@code b}; a pair the differ must refuse (a
     * foreign key over a column retyped to text, a hinted rename into a name the previous schema
     * still has) is reported as a problem naming the key or the hint, and nothing else is.
     */
    @Test
    void replayOfTheDiffGivesTheModel() {
        Properties.forAll(
                "replayOfTheDiffGivesTheModel",
                400,
                2000,
                SchemaDifferPropertyTests::anyPair,
                SchemaDifferPropertyTests::replayGivesTheModel);
    }

    static void replayGivesTheModel(Pair p) {
        Diff diff = SchemaDiffer.compare(p.a(), p.b());
        if (p.expectedProblem() != null) {
            count("replay: refused with a problem");
            assertFalse(diff.problems().isEmpty(), "the last edit must be a problem");
            assertTrue(
                    diff.problems().stream().anyMatch(m -> m.contains(p.expectedProblem())),
                    "a problem names " + p.expectedProblem() + ": " + diff.problems());
            return;
        }
        assertEquals(List.of(), diff.problems(), "problems");
        List<Operation> up = TestSchemas.operations(diff.changes());
        countKinds(up);
        Schema replayed = TestSchemas.apply(p.a(), up);
        assertEquals(
                List.of(),
                TestSchemas.describe(TestSchemas.changes(replayed, p.b())),
                "replaying " + TestSchemas.describe(diff.changes()) + " on a gives b");
    }

    /** Each step's inverse, computed on the schema the step was applied to, run in reverse order, gives {@code a} back. */
    @Test
    void inverseOfTheDiffRestoresThePrevious() {
        Properties.forAll(
                "inverseOfTheDiffRestoresThePrevious",
                400,
                2000,
                SchemaDifferPropertyTests::migratablePair,
                SchemaDifferPropertyTests::inverseRestoresThePrevious);
    }

    static void inverseRestoresThePrevious(Pair p) {
        List<Operation> up = TestSchemas.operations(TestSchemas.changes(p.a(), p.b()));
        Schema upgraded = TestSchemas.apply(p.a(), up);
        List<Operation> down = SchemaDiffer.inverse(p.a(), up);
        Schema downgraded = TestSchemas.apply(upgraded, down);
        assertEquals(
                List.of(),
                TestSchemas.describe(TestSchemas.changes(downgraded, p.a())),
                "downgrading with " + down.stream().map(Operation::describe).toList() + " gives a");
    }

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    /** The SQL of the steps, run by the runner's executor on an H2 database holding {@code a}, leaves no drift from {@code b}. */
    @Test
    void sqlOnH2IntrospectsToTheModel() {
        Properties.forAll(
                "sqlOnH2IntrospectsToTheModel",
                60,
                400,
                SchemaDifferPropertyTests::migratablePair,
                p -> noDriftAfterMigrating(h2(), p));
    }

    /** A fresh in-memory H2 database. */
    static TestDatabase h2() {
        return new TestDatabase("h2", "jdbc:h2:mem:retort_property_" + H2_DATABASES.incrementAndGet(), "sa");
    }

    @Test
    void sqlOnMariaDbIntrospectsToTheModel() {
        Properties.forAll(
                "sqlOnMariaDbIntrospectsToTheModel",
                10,
                150,
                SchemaDifferPropertyTests::migratablePair,
                p -> noDriftAfterMigrating(TestDatabase.mariadb(), p));
    }

    @Test
    void sqlOnPostgresqlIntrospectsToTheModel() {
        Properties.forAll(
                "sqlOnPostgresqlIntrospectsToTheModel",
                10,
                150,
                SchemaDifferPropertyTests::migratablePair,
                p -> noDriftAfterMigrating(TestDatabase.postgresql(), p));
    }

    /** Creates {@code a} from nothing, migrates it to {@code b}, and compares the live schema with {@code b}. */
    static void noDriftAfterMigrating(TestDatabase db, Pair p) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            DdlExecutor executor = new DdlExecutor(c, dialect, DdlPolicy.DEFAULT, RunLog.SILENT);
            List<String> sql = new ArrayList<>();
            try {
                run(executor, "a", TestSchemas.operations(TestSchemas.changes(Schema.EMPTY, p.a())), sql);
                sql.add("-- a to b");
                run(executor, "b", TestSchemas.operations(TestSchemas.changes(p.a(), p.b())), sql);
            } catch (SQLException e) {
                throw new AssertionError(
                        db.label() + " refused the last of\n  " + String.join(";\n  ", sql) + "\n" + e.getMessage(), e);
            }
            List<Drift> drift = DriftDetector.compare(p.b(), new SchemaReader(c, dialect).read(), dialect);
            assertEquals(
                    List.of(),
                    drift.stream().map(Drift::toString).toList(),
                    db.label() + " after\n  " + String.join(";\n  ", sql));
        } finally {
            MILLIS.computeIfAbsent(db.label(), k -> new AtomicLong())
                    .addAndGet((System.nanoTime() - start) / 1_000_000);
            count(db.label() + ": pairs migrated");
        }
    }

    private static void run(DdlExecutor executor, String revision, List<Operation> ops, List<String> sql)
            throws SQLException {
        for (int i = 0; i < ops.size(); i++) {
            sql.addAll(executor.statements(ops, i));
            executor.execute("property_" + revision, ops, i);
        }
    }

    private static void countKinds(List<Operation> up) {
        count(up.isEmpty() ? "replay: no change" : "replay: changes");
        if (up.stream()
                .anyMatch(o ->
                        o.describe().startsWith("renameColumn") || o.describe().startsWith("renameTable"))) {
            count("replay: with a table or column rename");
        }
    }

    static void count(String path) {
        PATHS.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
    }

    @AfterAll
    static void report() {
        System.out.println("SchemaDifferPropertyTests paths: " + new TreeMap<>(PATHS) + "; database time ms: "
                + new TreeMap<>(MILLIS));
    }
}
