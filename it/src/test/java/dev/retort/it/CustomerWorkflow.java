package dev.retort.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the invoker projects {@code workflow-h2} and {@code workflow-mariadb} must leave behind.
 * Both run, in order: generate "create customer" (entity version 1), upgrade, generate "add
 * customer bio" (version 2 adds {@code bio}), upgrade, downgrade to -1, upgrade, and generate
 * again, which must find nothing to do.
 *
 * <p>The expected column definitions are what Hibernate ORM 7 exports for the entity (the project's
 * reference for "correct"): {@code Long} identity is {@code bigint} auto-increment/identity, a
 * {@code String} without length is 255 characters, {@code @Enumerated(STRING)} is the database's
 * native {@code enum} of the constant names, {@code LocalDateTime} has 6 fractional digits,
 * {@code BigDecimal} defaults to precision 38 and scale 2; only {@code @Id} and
 * {@code nullable = false} columns are {@code NOT NULL}.
 */
public final class CustomerWorkflow {

    /** Customer's columns as MariaDB reports them ({@code information_schema.COLUMNS.COLUMN_TYPE}). */
    public static final Map<String, String> MARIADB_CUSTOMER = columns(
            "id", "bigint(20) not null auto_increment",
            "name", "varchar(100) not null",
            "email", "varchar(255)",
            "status", "enum('ACTIVE','BLOCKED')",
            "createdAt", "datetime(6)",
            "balance", "decimal(38,2)",
            "bio", "varchar(500)");

    /** Customer's columns as H2 reports them ({@code INFORMATION_SCHEMA.COLUMNS}). */
    public static final Map<String, String> H2_CUSTOMER = columns(
            "id", "BIGINT not null identity",
            "name", "CHARACTER VARYING(100) not null",
            "email", "CHARACTER VARYING(255)",
            "status", "ENUM('ACTIVE','BLOCKED')",
            "createdAt", "TIMESTAMP(6)",
            "balance", "NUMERIC(38,2)",
            "bio", "CHARACTER VARYING(500)");

    /**
     * Customer's columns as PostgreSQL reports them ({@code information_schema.columns}): the enum is a
     * {@code varchar(255)}, as Hibernate ORM 7 maps it on PostgreSQL.
     */
    public static final Map<String, String> POSTGRES_CUSTOMER = columns(
            "id", "bigint not null identity",
            "name", "character varying(100) not null",
            "email", "character varying(255)",
            "status", "character varying(255)",
            "createdAt", "timestamp(6)",
            "balance", "numeric(38,2)",
            "bio", "character varying(500)");

    /** The columns of the history table, fixed by the contract. */
    public static final List<String> HISTORY_COLUMNS = List.of(
            "revision",
            "parents",
            "message",
            "checksum",
            "applied_by",
            "applied_at",
            "duration_ms",
            "state",
            "steps_done",
            "steps_total");

    private CustomerWorkflow() {}

    /** Checks the project at {@code basedir} after the whole workflow ran against {@code db}. */
    public static void verify(File basedir, ItDatabase db) throws IOException, SQLException {
        Check check = new Check(basedir.getName());

        List<GeneratedMigration> revisions = checkMigrations(basedir.toPath(), check);
        checkCustomerTable(db, check);
        checkHistory(db, 2, revisions.stream().map(GeneratedMigration::id).toList(), check);

        String log = Files.readString(new File(basedir, "build.log").toPath(), StandardCharsets.UTF_8);
        check.equal(
                1,
                count(log, "No changes detected"),
                "times build.log says \"No changes detected\" (only the last generate has nothing to do)");
        check.done();
    }

    /** The two generated sources; returns them first to last (empty if they are not as expected). */
    public static List<GeneratedMigration> checkMigrations(Path basedir, Check check) throws IOException {
        Path dir = basedir.resolve("src/main/java/db/migration");
        List<GeneratedMigration> all = GeneratedMigration.in(dir);
        check.equal(
                2,
                all.size(),
                "number of .java files in " + dir + " "
                        + all.stream().map(m -> m.file().getFileName()).toList());
        Optional<GeneratedMigration> first =
                all.stream().filter(m -> m.isNamed("CreateCustomer")).findFirst();
        Optional<GeneratedMigration> second =
                all.stream().filter(m -> m.isNamed("AddCustomerBio")).findFirst();
        check.that(first.isPresent(), "no V<yyyyMMdd_HHmm>__CreateCustomer.java in " + dir);
        check.that(second.isPresent(), "no V<yyyyMMdd_HHmm>__AddCustomerBio.java in " + dir);
        if (first.isEmpty() || second.isEmpty()) {
            return List.of();
        }
        GeneratedMigration a = first.get();
        GeneratedMigration b = second.get();
        String aName = a.file().getFileName().toString();
        String bName = b.file().getFileName().toString();

        check.that(a.source().contains("package db.migration;"), aName + " is not in package db.migration");
        check.that(a.source().contains("Migration"), aName + " does not implement Migration");
        check.that(a.parents().isEmpty(), aName + " is the first revision but names parents " + a.parents());
        check.equal("create customer", a.message(), aName + " @Revision(message)");
        check.that(
                a.source().contains("createTable(") && a.source().contains("\"Customer\""),
                aName + " does not create table \"Customer\" (op.createTable(\"Customer\", ...))");

        check.that(b.source().contains("package db.migration;"), bName + " is not in package db.migration");
        check.equal(List.of(a.id()), b.parents(), bName + " @Revision(parents) (the id of " + aName + ")");
        check.equal("add customer bio", b.message(), bName + " @Revision(message)");
        check.that(
                b.source().contains("addColumn(") && b.source().contains("\"bio\""),
                bName + " does not add column \"bio\" (op.addColumn(\"Customer\", column(\"bio\", ...)))");
        check.that(!a.id().equals(b.id()), "both revisions have id " + a.id());
        return List.of(a, b);
    }

    /** Checks table Customer: the version-2 columns, key (id), one unique constraint on (email). */
    public static void checkCustomerTable(ItDatabase db, Check check) throws SQLException {
        Optional<String> customer = db.table("Customer");
        if (customer.isEmpty()) {
            check.fail("no table Customer; tables: " + db.tables());
            return;
        }
        String table = customer.get();
        Map<String, String> expected = switch (db.kind()) {
            case MARIADB -> MARIADB_CUSTOMER;
            case H2 -> H2_CUSTOMER;
            case POSTGRES -> POSTGRES_CUSTOMER;
        };
        checkColumns(db, table, expected, check);
        check.equal(List.of("id"), normalize(db, expected.keySet(), db.primaryKey(table)), table + " primary key");
        List<List<String>> uniques = db.uniqueKeys(table).stream()
                .map(k -> normalize(db, expected.keySet(), k))
                .toList();
        check.that(
                uniques.contains(List.of("email")),
                table + " has no unique constraint on (email); unique keys: " + uniques);
        check.equal(1, uniques.size(), table + " unique constraints " + uniques);
    }

    /** Checks that {@code table} has exactly the {@code expected} columns with the expected definitions. */
    public static void checkColumns(ItDatabase db, String table, Map<String, String> expected, Check check)
            throws SQLException {
        Map<String, String> actual = db.columns(table);
        Map<String, String> byExpectedName = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : actual.entrySet()) {
            String name = expected.keySet().stream()
                    .filter(e -> db.sameName(e, column.getKey()))
                    .findFirst()
                    .orElse(column.getKey());
            byExpectedName.put(name, column.getValue());
        }
        for (Map.Entry<String, String> column : expected.entrySet()) {
            String definition = byExpectedName.get(column.getKey());
            if (definition == null) {
                check.fail(table + " has no column " + column.getKey() + "; columns: " + actual.keySet());
            } else {
                check.equal(column.getValue(), definition, table + "." + column.getKey());
            }
        }
        Set<String> extra = new HashSet<>(byExpectedName.keySet());
        extra.removeAll(expected.keySet());
        check.that(extra.isEmpty(), table + " has unexpected columns " + extra);
    }

    /**
     * Checks {@code retort_history}: its contract columns, key {@code revision}, exactly
     * {@code rows} rows, all in state {@code applied}, and, unless {@code revisions} is empty (the
     * sources could not be read), one row for each of those revision ids.
     */
    public static void checkHistory(ItDatabase db, int rows, List<String> revisions, Check check) throws SQLException {
        Optional<String> history = db.table("retort_history");
        if (history.isEmpty()) {
            check.fail("no table retort_history; tables: " + db.tables());
            return;
        }
        String table = history.get();
        Map<String, String> columns = db.columns(table);
        for (String column : HISTORY_COLUMNS) {
            check.that(
                    columns.keySet().stream().anyMatch(c -> db.sameName(column, c)),
                    table + " has no column " + column + "; columns: " + columns.keySet());
        }
        check.equal(List.of("revision"), normalize(db, HISTORY_COLUMNS, db.primaryKey(table)), table + " primary key");
        String revision = actualName(db, columns.keySet(), "revision");
        String state = actualName(db, columns.keySet(), "state");
        if (revision == null || state == null) {
            return;
        }
        List<Map<String, Object>> actual = db.rows("SELECT " + db.quote(revision) + " AS r, " + db.quote(state)
                + " AS s FROM " + db.quote(table) + " ORDER BY 1");
        check.equal(rows, actual.size(), "number of rows in " + table + " " + actual);
        for (Map<String, Object> row : actual) {
            check.equal("applied", value(row, "s"), table + " state of revision " + value(row, "r"));
        }
        if (!revisions.isEmpty()) {
            Set<Object> recorded = new HashSet<>();
            actual.forEach(r -> recorded.add(value(r, "r")));
            check.equal(new HashSet<>(revisions), recorded, table + " revisions (the ids of the generated migrations)");
        }
    }

    private static Object value(Map<String, Object> row, String label) {
        return row.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(label))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static String actualName(ItDatabase db, Iterable<String> names, String wanted) {
        for (String name : names) {
            if (db.sameName(wanted, name)) {
                return name;
            }
        }
        return null;
    }

    /** Catalog names as spelled in {@code expected} (H2 may report them upper-cased). */
    private static List<String> normalize(ItDatabase db, Iterable<String> expected, List<String> actual) {
        return actual.stream()
                .map(a -> {
                    for (String e : expected) {
                        if (db.sameName(e, a)) {
                            return e;
                        }
                    }
                    return a;
                })
                .toList();
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static Map<String, String> columns(String... nameAndDefinition) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameAndDefinition.length; i += 2) {
            columns.put(nameAndDefinition[i], nameAndDefinition[i + 1]);
        }
        return Collections.unmodifiableMap(columns);
    }
}
