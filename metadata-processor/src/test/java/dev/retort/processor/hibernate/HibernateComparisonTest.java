package dev.retort.processor.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.retort.core.dialect.Dialect;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.dialect.UnsupportedColumnTypeException;
import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.introspect.Drift;
import dev.retort.core.introspect.DriftDetector;
import dev.retort.core.introspect.SchemaReader;
import dev.retort.core.model.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof that Retort builds the schema Hibernate ORM 7 expects. For each fixture entity set and
 * naming strategy, on each database: Retort's initial migration (the differ's plan from an empty
 * schema to the processor's snapshot, rendered by the dialect) is applied to one fresh database,
 * Hibernate exports its own schema for the same compiled classes into another, and the two are
 * compared as the databases report them; then Hibernate validates Retort's database.
 *
 * <p>The fixtures are in {@code src/test/resources/fixtures}; each is compiled once per naming.
 */
class HibernateComparisonTest {

    private static final Map<String, CompiledFixture> COMPILED = new ConcurrentHashMap<>();

    /**
     * The default character set of the MySQL and MariaDB databases of a fixture, where it is not
     * utf8mb4: a column's character set is compared, and only a database default that differs from
     * the one Hibernate declares for {@code @Nationalized} columns shows whether it is declared.
     */
    private static final Map<String, String> CHARSETS = Map.of("types", "latin1", "charsets", "latin1");

    /** Fixtures whose checks drift detection reads back, expecting no drift (each database's own spelling of them). */
    private static final List<String> CHECKS_DRIFT = List.of("types", "structs");

    /** Fixtures written in one database family's SQL, and the databases they run on. */
    private static final Map<String, List<Db>> ONLY_ON = Map.of("charsets", List.of(Db.MARIADB, Db.MYSQL));

    /**
     * Fixtures with a mapping Hibernate has no column type for on some databases (an interval on MySQL
     * and MariaDB): there Hibernate's export must fail, and Retort's migration must refuse, before
     * running anything, the columns Hibernate cannot declare.
     */
    private static final Map<String, List<Db>> REFUSED_ON = Map.of("intervals", List.of(Db.MARIADB, Db.MYSQL));

    /**
     * Fixtures whose mapping Hibernate refuses on some databases: there Retort's migration must be refused
     * too, before any statement runs, with the reason (a mapping Hibernate builds on PostgreSQL only).
     */
    private static final Map<String, List<Db>> UNSUPPORTED_ON =
            Map.of("xmlagg", List.of(Db.MARIADB, Db.MYSQL, Db.H2), "structs", List.of(Db.MARIADB, Db.MYSQL, Db.H2));

    /** What Hibernate says when it refuses such a fixture's mapping. */
    private static final Map<String, String> HIBERNATE_REFUSAL = Map.of(
            "xmlagg", "Unsupported aggregate SQL type", "structs", "Database does not support user-defined types");

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        String[][] fixtures = {
            {"basics", "jpa"},
            {"keys", "snake"},
            {"inheritance", "jpa"},
            {"associations", "jpa"},
            {"associations", "spring"},
            {"associations", "snake"},
            // a public application's model, as it runs: Spring Boot's naming
            {"petclinic", "spring"},
            // mappings real models use that Hibernate accepts as they are (issue 15)
            {"longtail", "jpa"},
            // quoted names, table comments; and Hibernate's globally_quoted_identifiers over a whole model
            {"quoted", "jpa"},
            {"quoted", "snake"},
            {"associations", "jpa", "quoteAll"},
            {"keys", "snake", "quoteAll"},
            // @JdbcTypeCode and @JdbcType as real models state them, generated values, @CollectionId (issue 15)
            {"codes", "jpa"},
            // descending index columns (issue 15)
            {"sorted", "jpa"},
            // basic arrays, the codes whose columns differ in kind per database, @Nationalized (issue 15)
            {"types", "jpa"},
            // character sets in a columnDefinition, MySQL's and MariaDB's own syntax
            {"charsets", "jpa"},
            // durations as intervals of seconds: no type on MySQL and MariaDB (issue 15)
            {"intervals", "jpa"},
            // embeddables stored as XML: PostgreSQL's xml, refused elsewhere as Hibernate refuses them (issue 15)
            {"xmlagg", "jpa"},
            // embeddables stored as structs: PostgreSQL's composite types, refused elsewhere as Hibernate refuses them
            {"structs", "jpa"},
            {"structs", "snake"},
        };
        // -Dretort.compare.only=basics narrows the run while working on one fixture
        String only = System.getProperty("retort.compare.only", "");
        // -Dretort.compare.dir=<folder of entity sources> [-Dretort.compare.naming=spring] compares that folder
        // instead of the fixtures: how a real application's model is checked (docs/real-applications.md)
        String external = System.getProperty("retort.compare.dir", "");
        if (!external.isEmpty()) {
            fixtures = new String[][] {{external, System.getProperty("retort.compare.naming", "jpa")}};
            only = "";
        }
        for (String[] f : fixtures) {
            // or to one naming of it: -Dretort.compare.only=quoted/snake,keys/snake+quoteAll
            String label = f[0] + "/" + (f.length > 2 ? f[1] + "+" + f[2] : f[1]);
            if (!only.isEmpty()
                    && java.util.Arrays.stream(only.split(","))
                            .noneMatch(o -> o.contains("/") ? label.equals(o) : f[0].equals(o))) {
                continue;
            }
            for (Db db : ONLY_ON.getOrDefault(f[0], List.of(Db.values()))) {
                // -Dretort.compare.db=H2,MYSQL narrows it to those databases
                String dbs = System.getProperty("retort.compare.db", "");
                if (!dbs.isEmpty()
                        && java.util.Arrays.stream(dbs.split(","))
                                .noneMatch(d -> d.trim().equalsIgnoreCase(db.name()))) {
                    continue;
                }
                cases.add(Arguments.of(f[0], f.length > 2 ? f[1] + "+" + f[2] : f[1], db));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ({1}) on {2}")
    @MethodSource("cases")
    void retortBuildsTheSchemaHibernateExports(String fixtureName, String naming, Db db)
            throws SQLException, IOException {
        CompiledFixture fixture = COMPILED.computeIfAbsent(
                fixtureName + "/" + naming,
                k -> CompiledFixture.compile(
                        fixtureName, naming.replace("+quoteAll", ""), naming.endsWith("+quoteAll")));

        // -Dretort.compare.charset=utf8mb3: the MySQL/MariaDB databases' default character set for an application
        // whose keys only fit in 3-byte characters (Broadleaf's)
        String charset = System.getProperty("retort.compare.charset", CHARSETS.getOrDefault(fixtureName, "utf8mb4"));
        if (REFUSED_ON.getOrDefault(fixtureName, List.of()).contains(db)) {
            bothRefuse(fixture, db, db.newDatabase(charset));
            return;
        }
        String retortUrl = db.newDatabase(charset);
        if (UNSUPPORTED_ON.getOrDefault(fixtureName, List.of()).contains(db)) {
            RuntimeException hibernate =
                    assertThrows(RuntimeException.class, () -> Hibernate.create(fixture, db, db.newDatabase(charset)));
            assertTrue(
                    String.valueOf(rootCause(hibernate).getMessage()).contains(HIBERNATE_REFUSAL.get(fixtureName)),
                    () -> "Hibernate refuses the mapping on " + db + " for another reason: " + rootCause(hibernate));
            UnsupportedColumnTypeException retort =
                    assertThrows(UnsupportedColumnTypeException.class, () -> apply(fixture.snapshot, db, retortUrl));
            assertTrue(
                    retort.getMessage().contains("Hibernate ORM refuses it there too"),
                    () -> "the refusal names neither the column nor the reason: " + retort.getMessage());
            try (Connection r = db.connect(retortUrl)) {
                assertEquals(
                        List.of(),
                        SchemaDescription.describe(db, r),
                        "Retort's refusal came before any statement ran on " + db);
            }
            return;
        }
        apply(fixture.snapshot, db, retortUrl);
        String hibernateUrl = db.newDatabase(charset);
        Hibernate.create(fixture, db, hibernateUrl);

        List<String> retort;
        List<String> hibernate;
        try (Connection r = db.connect(retortUrl);
                Connection h = db.connect(hibernateUrl)) {
            retort = SchemaDescription.describe(db, r);
            hibernate = SchemaDescription.describe(db, h);
        }
        String dump = System.getProperty("retort.compare.dump", "");
        if (!dump.isEmpty()) {
            // -Dretort.compare.dump=<dir> writes both descriptions, to read what was compared
            Path dir = Files.createDirectories(Path.of(dump));
            String file = Path.of(fixtureName).getFileName().toString();
            Files.write(dir.resolve(file + "-" + naming + "-" + db + "-retort.txt"), retort);
            Files.write(dir.resolve(file + "-" + naming + "-" + db + "-hibernate.txt"), hibernate);
        }
        List<String> missing = new ArrayList<>(hibernate);
        missing.removeAll(retort);
        List<String> extra = new ArrayList<>(retort);
        extra.removeAll(hibernate);
        if (fixtureName.startsWith("/")) {
            System.out.printf(
                    "retort.compare %s on %s: %d entities, %d facts, %d matched, %d only in Hibernate's, %d only in"
                            + " Retort's%n",
                    fixtureName,
                    db,
                    fixture.entities.size(),
                    hibernate.size(),
                    hibernate.size() - missing.size(),
                    missing.size(),
                    extra.size());
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            fail("Retort's schema differs from Hibernate's for " + fixture + " on " + db + "\n"
                    + "  only in Hibernate's:\n    " + String.join("\n    ", missing) + "\n"
                    + "  only in Retort's:\n    " + String.join("\n    ", extra));
        }
        if (CHECKS_DRIFT.contains(fixtureName)) {
            // drift detection reads the checks back as the database keeps them and finds them unchanged
            Dialect dialect = Dialects.byName(db.dialect);
            try (Connection r = db.connect(retortUrl)) {
                List<String> drift =
                        DriftDetector.compare(fixture.snapshot, new SchemaReader(r, dialect).read(), dialect).stream()
                                .filter(d -> d.what().equals("check"))
                                .map(Drift::toString)
                                .toList();
                if (!drift.isEmpty()) {
                    fail("drift detection reports the checks Retort created as drift on " + db + ":\n    "
                            + String.join("\n    ", drift));
                }
            }
        }
        try {
            Hibernate.validate(fixture, db, retortUrl);
        } catch (RuntimeException | AssertionError e) {
            // Hibernate's validation fails on some schemas it created itself (a quoted sequence name on H2;
            // under -ea, 7.4's own assertion on quoted index names): Retort's database must pass wherever
            // Hibernate's own does
            assertThrows(
                    e.getClass(),
                    () -> Hibernate.validate(fixture, db, hibernateUrl),
                    "Hibernate's schema validation of Retort's database failed where Hibernate's own passes: " + e);
        }
    }

    /**
     * Hibernate's export fails on a column it has no type for here; Retort's migration is refused for
     * the same columns, naming each, and the database is left as it was.
     */
    private static void bothRefuse(CompiledFixture fixture, Db db, String url) throws SQLException {
        Throwable hibernate = assertThrows(RuntimeException.class, () -> Hibernate.create(fixture, db, url));
        StringBuilder causes = new StringBuilder();
        for (Throwable t = hibernate; t != null; t = t.getCause()) {
            causes.append(t.getMessage()).append('\n');
        }
        assertTrue(causes.toString().contains("no type mapping"), causes.toString());
        Dialect dialect = Dialects.byName(db.dialect);
        List<String> refused = new ArrayList<>();
        for (Change change :
                SchemaDiffer.compare(Schema.EMPTY, fixture.snapshot).changes()) {
            NoColumnTypeException.columnsWithout(dialect, change.operation())
                    .forEach(m -> refused.add(m.table() + "." + m.column()));
        }
        // every column Hibernate declares with the code is refused, and only those
        assertEquals(
                List.of(
                        "Timed.budget",
                        "Timed.castInterval",
                        "Timed.elapsed",
                        "Timed.grace",
                        "Timed.h2Interval",
                        "Timed.pgInterval",
                        "Timed.whole"),
                refused.stream().sorted().toList());
        assertTrue(
                refused.stream().anyMatch(c -> causes.toString().contains(c.substring(c.indexOf('.') + 1))),
                "Hibernate names one of " + refused + ": " + causes);
        assertThrows(NoColumnTypeException.class, () -> apply(fixture.snapshot, db, url));
        try (Connection c = db.connect(url);
                ResultSet tables = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            assertFalse(tables.next(), "neither created a table");
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static Stream<Db> databases() {
        String dbs = System.getProperty("retort.compare.db", "");
        return Stream.of(Db.values())
                .filter(db -> dbs.isEmpty()
                        || java.util.Arrays.stream(dbs.split(","))
                                .anyMatch(d -> d.trim().equalsIgnoreCase(db.name())));
    }

    /**
     * A change between two models on the same ground: Retort's migration from the model before
     * (fixture {@code changes-before}) to the model after ({@code changes-after}), run on the tables
     * the first one built (in the statements for tables in use), leaves the schema Hibernate exports
     * for the model after: a list element collection turned set gets Hibernate's key, and a table
     * comment added, changed or removed follows the model.
     */
    @ParameterizedTest(name = "changes on {0}")
    @MethodSource("databases")
    void aChangedModelMigratesToTheSchemaHibernateExports(Db db) throws SQLException {
        CompiledFixture before = COMPILED.computeIfAbsent(
                "changes-before/jpa", k -> CompiledFixture.compile("changes-before", "jpa", false));
        CompiledFixture after = COMPILED.computeIfAbsent(
                "changes-after/jpa", k -> CompiledFixture.compile("changes-after", "jpa", false));
        String retortUrl = db.newDatabase();
        apply(before.snapshot, db, retortUrl);
        Dialect dialect = Dialects.byName(db.dialect);
        try (Connection c = db.connect(retortUrl);
                Statement s = c.createStatement()) {
            for (Change change :
                    SchemaDiffer.compare(before.snapshot, after.snapshot).changes()) {
                for (String sql : dialect.toSql(change.operation())) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException(e.getMessage() + " in: " + sql, e.getSQLState(), e);
                    }
                }
            }
        }
        String hibernateUrl = db.newDatabase();
        Hibernate.create(after, db, hibernateUrl);
        List<String> retort;
        List<String> hibernate;
        try (Connection r = db.connect(retortUrl);
                Connection h = db.connect(hibernateUrl)) {
            retort = SchemaDescription.describe(db, r);
            hibernate = SchemaDescription.describe(db, h);
        }
        List<String> missing = new ArrayList<>(hibernate);
        missing.removeAll(retort);
        List<String> extra = new ArrayList<>(retort);
        extra.removeAll(hibernate);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            fail("Retort's migrated schema differs from Hibernate's for the changed model on " + db + "\n"
                    + "  only in Hibernate's:\n    " + String.join("\n    ", missing) + "\n"
                    + "  only in Retort's:\n    " + String.join("\n    ", extra));
        }
    }

    /**
     * Retort's initial migration, as {@code migrate:upgrade} would run it: the differ's plan, in the
     * dialect's SQL for tables the same revision creates (no online-DDL clauses on empty tables).
     */
    private static void apply(Schema snapshot, Db db, String url) throws SQLException {
        Dialect dialect = Dialects.byName(db.dialect);
        try (Connection c = db.connect(url);
                Statement s = c.createStatement()) {
            for (Change change : SchemaDiffer.compare(Schema.EMPTY, snapshot).changes()) {
                for (String sql : dialect.toSqlForNewTable(change.operation())) {
                    try {
                        s.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException(e.getMessage() + " in: " + sql, e.getSQLState(), e);
                    }
                }
            }
        }
    }
}
