package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.DbSchema;
import dev.retort.core.db.TestDatabase;
import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.ops.Operation;
import dev.retort.core.runner.MigrationException;
import dev.retort.core.runner.MigrationRunner;
import dev.retort.core.runner.RunLog;
import dev.retort.migration.Migration;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classic autogenerate scenarios, end to end. Each scenario is a pair of entity snapshots
 * ({@code scenarios/<name>/before/<Entity>.json}, {@code after/<Entity>.json}). A first migration
 * creates the "before" schema; the migration under test is generated against it, compared with its
 * golden file as whole text, compiled, replayed (upgrade reaches the model, downgrade gives back
 * the original), and applied upgrade, downgrade, upgrade on MariaDB, PostgreSQL and H2, with the
 * database read back through JDBC metadata after every step and rows checked on the way.
 *
 * <p>Goldens are rewritten only on purpose: {@code -Dretort.updateGoldens=true}, then review the diff.
 */
class AutogenerateScenarioTest {

    static final String BASE_STAMP = "20261120_0930";
    static final String STAMP = "20261125_1412";

    /** A statement to run, or a query and the value its first column must hold. */
    record Step(String sql, String expected) {
        static Step run(String sql) {
            return new Step(sql, null);
        }

        static Step expect(String sql, String expected) {
            return new Step(sql, expected);
        }
    }

    record Scenario(
            String name, String message, List<String> rows, List<Step> afterUpgrade, List<Step> afterDowngrade) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario(
                    "classic",
                    "classic autogenerate",
                    List.of(
                            "INSERT INTO {user} (id, name, a1, pw) VALUES (1, 'ann', 'a', 'secret')",
                            "INSERT INTO address (id, user_id, city) VALUES (1, 1, 'Paris')",
                            "INSERT INTO {order} (id, amount) VALUES (1, 12.50)",
                            "INSERT INTO extra (id, x) VALUES (1, 'y')"),
                    List.of(
                            Step.expect("SELECT name FROM {user} WHERE id = 1", "ann"),
                            Step.expect("SELECT a1 FROM {user} WHERE id = 1", "a"),
                            Step.run("INSERT INTO {user} (id, name) VALUES (2, 'bob')"),
                            Step.expect("SELECT a1 FROM {user} WHERE id = 2", "x"),
                            Step.expect("SELECT amount FROM {order} WHERE id = 1", "12.50"),
                            Step.expect("SELECT city FROM address WHERE id = 1", "Paris"),
                            Step.run("INSERT INTO item (id, order_id, price) VALUES (1, 1, 3.00)"),
                            Step.expect("SELECT COUNT(*) FROM item", "1")),
                    List.of(
                            Step.expect("SELECT name FROM {user} WHERE id = 2", "bob"),
                            Step.expect("SELECT pw FROM {user} WHERE id = 1", "null"),
                            Step.expect("SELECT COUNT(*) FROM extra", "0"))),
            new Scenario(
                    "renames",
                    "rename person to account",
                    List.of(
                            "INSERT INTO person (id, full_name, fax, note) VALUES (1, 'Ann', '123', 'n')",
                            "INSERT INTO post (id, person_id, title, a, b) VALUES (1, 1, 't', 1, 2)"),
                    List.of(
                            Step.expect("SELECT display_name FROM account WHERE id = 1", "Ann"),
                            Step.expect("SELECT phone FROM account WHERE id = 1", "123"),
                            Step.expect("SELECT person_id FROM post WHERE id = 1", "1"),
                            Step.expect("SELECT c FROM post WHERE id = 1", "null")),
                    List.of(
                            Step.expect("SELECT full_name FROM person WHERE id = 1", "Ann"),
                            Step.expect("SELECT fax FROM person WHERE id = 1", "123"),
                            Step.expect("SELECT a FROM post WHERE id = 1", "null"))),
            new Scenario(
                    "keys",
                    "keys and sequences",
                    List.of(
                            "INSERT INTO customer (id, code, email) VALUES (1, 'c1', 'a@b.c')",
                            "INSERT INTO purchase (id, customer_id, amount) VALUES (1, 1, 5.00)",
                            "INSERT INTO ticket (id, purchase_id, seat) VALUES (1, 1, 3)"),
                    List.of(
                            Step.run("INSERT INTO tag (id, name) VALUES (1, 'vip')"),
                            Step.run("INSERT INTO customer_tag (customer_id, tag_id) VALUES (1, 1)"),
                            Step.expect("SELECT COUNT(*) FROM customer_tag", "1"),
                            Step.expect("SELECT seat FROM ticket WHERE id = 1", "3")),
                    List.of(
                            Step.expect("SELECT seat FROM ticket WHERE id = 1", "3"),
                            Step.expect("SELECT code FROM customer WHERE id = 1", "c1"))),
            new Scenario(
                    "pk_type",
                    "widen shop id",
                    List.of(
                            "INSERT INTO shop (id, name) VALUES (1, 's')",
                            "INSERT INTO branch (id, shop_id) VALUES (1, 1)"),
                    List.of(
                            Step.run("INSERT INTO shop (id, name) VALUES (3000000000, 'big')"),
                            Step.run("INSERT INTO branch (id, shop_id) VALUES (2, 3000000000)"),
                            Step.expect("SELECT shop_id FROM branch WHERE id = 2", "3000000000"),
                            Step.run("DELETE FROM branch WHERE id = 2"),
                            Step.run("DELETE FROM shop WHERE id = 3000000000")),
                    List.of(Step.expect("SELECT shop_id FROM branch WHERE id = 1", "1"))));

    /** One scenario, generated and compiled. */
    record Generated(
            Scenario scenario,
            Schema before,
            Schema after,
            GeneratedMigration base,
            String baseSource,
            MigrationGenerator.Result change,
            Migration baseClass,
            Migration changeClass) {

        RevisionGraph graph() {
            return new RevisionGraph(List.of(RevisionInfo.of(baseClass), RevisionInfo.of(changeClass)));
        }

        String packageName() {
            return "db.migration." + scenario.name();
        }
    }

    static final Map<String, Generated> GENERATED = new LinkedHashMap<>();

    static Schema snapshot(String scenario, String state) throws IOException, URISyntaxException {
        URL dir = AutogenerateScenarioTest.class.getResource("/scenarios/" + scenario + "/" + state);
        Schema merged = Schema.EMPTY;
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            for (Path f : files.sorted().toList()) {
                merged = merged.merge(SchemaJson.read(Files.readString(f)));
            }
        }
        return merged;
    }

    /** The migration that creates {@code before}, as generate would write it for an empty project. */
    static GeneratedMigration base(Scenario s, Schema before) {
        return GeneratedMigration.plan(
                BASE_STAMP,
                s.name() + " base",
                null,
                Schema.EMPTY,
                SchemaDiffer.compare(Schema.EMPTY, before).changes(),
                new RevisionGraph(List.of()));
    }

    static RevisionInfo info(GeneratedMigration g) {
        return new RevisionInfo(
                g.revisionId(),
                g.parents(),
                g.message(),
                g.className(),
                g.upgrade().stream().map(Change::operation).toList(),
                g.downgrade().stream()
                        .map(MigrationSourceWriter.DowngradeStep::operation)
                        .toList());
    }

    static MigrationGenerator.Result change(Scenario s, Schema after, GeneratedMigration base) {
        return MigrationGenerator.generate(new MigrationGenerator.Request(
                after, new RevisionGraph(List.of(info(base))), "db.migration." + s.name(), s.message(), STAMP));
    }

    @BeforeAll
    static void generateAndCompile(@TempDir Path dir) throws Exception {
        List<String> sources = new ArrayList<>();
        Map<String, Object[]> pending = new LinkedHashMap<>();
        for (Scenario s : SCENARIOS) {
            Schema before = snapshot(s.name(), "before");
            Schema after = snapshot(s.name(), "after");
            GeneratedMigration base = base(s, before);
            String baseSource = MigrationSourceWriter.write(base.request("db.migration." + s.name()));
            MigrationGenerator.Result change = change(s, after, base);
            assertEquals(List.of(), change.diff().problems(), s.name());
            Path pkg = Files.createDirectories(dir.resolve("src/db/migration/" + s.name()));
            Files.writeString(pkg.resolve(base.className() + ".java"), baseSource);
            Files.writeString(pkg.resolve(change.migration().className() + ".java"), change.source());
            sources.add(pkg.resolve(base.className() + ".java").toString());
            sources.add(pkg.resolve(change.migration().className() + ".java").toString());
            pending.put(s.name(), new Object[] {s, before, after, base, baseSource, change});
        }
        Path out = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args =
                new ArrayList<>(List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path")));
        args.addAll(sources);
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "generated sources must compile");
        // the loader stays open for the whole class: the migrations are used by every test
        URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, AutogenerateScenarioTest.class.getClassLoader());
        for (Object[] p : pending.values()) {
            Scenario s = (Scenario) p[0];
            GeneratedMigration base = (GeneratedMigration) p[3];
            MigrationGenerator.Result change = (MigrationGenerator.Result) p[5];
            Migration baseClass = (Migration) loader.loadClass("db.migration." + s.name() + "." + base.className())
                    .getDeclaredConstructor()
                    .newInstance();
            Migration changeClass = (Migration) loader.loadClass("db.migration." + s.name() + "."
                            + change.migration().className())
                    .getDeclaredConstructor()
                    .newInstance();
            GENERATED.put(
                    s.name(),
                    new Generated(
                            s, (Schema) p[1], (Schema) p[2], base, (String) p[4], change, baseClass, changeClass));
        }
    }

    static Stream<Scenario> scenarios() {
        return SCENARIOS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void generatedSourceMatchesItsGolden(Scenario s) throws Exception {
        Generated g = GENERATED.get(s.name());
        String file = g.change().migration().className() + ".java.golden";
        String resource = "/scenarios/" + s.name() + "/" + file;
        if (Boolean.getBoolean("retort.updateGoldens")) {
            Path golden = Path.of("src/test/resources/scenarios", s.name(), file);
            Files.writeString(golden, g.change().source(), StandardCharsets.UTF_8);
            fail("rewrote " + golden + "; review the diff, then run the tests again without -Dretort.updateGoldens");
        }
        URL url = getClass().getResource(resource);
        assertNotNull(url, "no golden " + resource + "; write it with -Dretort.updateGoldens=true and review it");
        assertEquals(Files.readString(Path.of(url.toURI())), g.change().source());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameInputSameBytes(Scenario s) throws Exception {
        Generated g = GENERATED.get(s.name());
        Schema before = snapshot(s.name(), "before");
        Schema after = snapshot(s.name(), "after");
        GeneratedMigration base = base(s, before);
        assertEquals(g.baseSource(), MigrationSourceWriter.write(base.request(g.packageName())));
        assertEquals(g.change().source(), change(s, after, base).source());
    }

    /** The compiled class records the planned steps; upgrade reaches the model, downgrade gives back the original. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void upgradeReachesTheModelAndDowngradeRestoresTheOriginal(Scenario s) {
        Generated g = GENERATED.get(s.name());
        RevisionInfo change = RevisionInfo.of(g.changeClass());
        assertEquals(
                g.change().diff().changes().stream()
                        .map(c -> c.operation().describe())
                        .toList(),
                change.upgrade().stream().map(Operation::describe).toList());
        Schema original = RevisionGraph.replay(Schema.EMPTY, RevisionInfo.of(g.baseClass()));
        assertEquals(
                List.of(),
                SchemaDiffer.compare(original, g.before()).changes(),
                "the base migration builds the original model");
        Schema upgraded = RevisionGraph.replay(original, change);
        assertEquals(List.of(), SchemaDiffer.compare(upgraded, g.after()).changes(), "upgrade reaches the new model");
        Schema downgraded = apply(upgraded, change.downgrade());
        assertEquals(
                List.of(),
                SchemaDiffer.compare(downgraded, g.before()).changes(),
                "downgrade gives back the original model");
        assertEquals(List.of(), SchemaDiffer.compare(downgraded, original).changes());
        assertEquals(
                List.of(),
                SchemaDiffer.compare(apply(downgraded, change.upgrade()), g.after())
                        .changes(),
                "and upgrade again");
    }

    static Schema apply(Schema s, List<Operation> ops) {
        for (Operation op : ops) {
            s = op.applyTo(s);
        }
        return s;
    }

    static Stream<Arguments> onDatabases() {
        return SCENARIOS.stream().flatMap(s -> TestDatabase.each().stream().map(db -> Arguments.of(s, db)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("onDatabases")
    void upgradeDowngradeUpgrade(Scenario s, TestDatabase db) throws Exception {
        Generated g = GENERATED.get(s.name());
        RevisionGraph graph = g.graph();
        RevisionInfo base = RevisionInfo.of(g.baseClass());
        RevisionInfo change = RevisionInfo.of(g.changeClass());
        try (Connection c = db.open()) {
            Dialect dialect = Dialects.detect(c.getMetaData());
            runner(c, dialect, graph, false).upgrade(base.id());
            Schema expected = graph.replay(List.of(base.id()));
            assertEquals(DbSchema.describe(expected, c), DbSchema.describe(c), "after the base migration");
            run(c, dialect, s.rows());

            if (change.upgrade().stream().anyMatch(Operation::destroysData)) {
                assertThrows(
                        MigrationException.class,
                        () -> runner(c, dialect, graph, false).upgrade("head"),
                        "the generated drops are not acknowledged: upgrade refuses");
                assertEquals(DbSchema.describe(expected, c), DbSchema.describe(c), "and runs nothing");
            }
            runner(c, dialect, graph, true).upgrade("head");
            expected = apply(expected, change.upgrade());
            assertEquals(DbSchema.describe(expected, c), DbSchema.describe(c), "after upgrade");
            run(c, dialect, s.afterUpgrade());

            runner(c, dialect, graph, false).downgrade("-1");
            expected = apply(expected, change.downgrade());
            assertEquals(DbSchema.describe(expected, c), DbSchema.describe(c), "after downgrade");
            run(c, dialect, s.afterDowngrade());

            runner(c, dialect, graph, true).upgrade("head");
            expected = apply(expected, change.upgrade());
            assertEquals(DbSchema.describe(expected, c), DbSchema.describe(c), "after the second upgrade");
        }
    }

    /**
     * The scenarios rename and retype columns, which the safety rules flag as errors on production
     * databases; here they are exercised for their SQL, so findings are warnings (migrate.safety=warn).
     * The data-loss gate stays on.
     */
    static MigrationRunner runner(Connection c, Dialect d, RevisionGraph g, boolean allowDataLoss) {
        return new MigrationRunner(
                c,
                d,
                g,
                RunLog.SILENT,
                allowDataLoss,
                Duration.ofSeconds(5),
                dev.retort.core.safety.SafetyPolicy.parse("warn", null),
                dev.retort.core.runner.DdlPolicy.DEFAULT);
    }

    private static final Pattern NAME = Pattern.compile("\\{(\\w+)}");

    /** Runs the steps, {@code {name}} quoted for the dialect. */
    static void run(Connection c, Dialect d, List<?> steps) throws SQLException {
        for (Object o : steps) {
            Step step = o instanceof Step st ? st : Step.run((String) o);
            Matcher m = NAME.matcher(step.sql());
            String sql = m.replaceAll(r -> Matcher.quoteReplacement(d.quote(r.group(1))));
            try (Statement st = c.createStatement()) {
                if (step.expected() == null) {
                    st.execute(sql);
                } else {
                    try (ResultSet rs = st.executeQuery(sql)) {
                        assertTrue(rs.next(), sql);
                        assertEquals(step.expected(), String.valueOf(rs.getString(1)), sql);
                    }
                }
            }
        }
    }

    @Test
    void everyScenarioIsGenerated() {
        assertEquals(SCENARIOS.stream().map(Scenario::name).toList(), List.copyOf(GENERATED.keySet()));
    }
}
