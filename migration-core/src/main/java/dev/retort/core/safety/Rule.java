package dev.retort.core.safety;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The safety rules. Ids are stable: migrations acknowledge them ({@code .acknowledge("RT204")})
 * and configurations set their severity, so an id is never reused for another meaning.
 *
 * <p>Each rule states what it detects, why it hurts (a lock, a table rewrite, lost data, or the
 * application version still running during a deploy breaking), and the safe rewrite. Rules about
 * the running application and about existing rows hold on every database; rules about locks and
 * rewrites name the databases where they do.
 */
public enum Rule {
    RT201(
            "drop column",
            D.ALL,
            Severity.WARNING,
            "a column is dropped from a table in use",
            "the application version still running during the deploy reads and writes the column (Hibernate names every "
                    + "mapped column), so its queries fail until every instance runs the new version; the values are gone",
            "remove in two releases: ship the entity without the field first and delete this step from the migration; the "
                    + "next mvn migrate:generate proposes the drop again, for the release after"),
    RT202(
            "drop table",
            D.ALL,
            Severity.WARNING,
            "a table is dropped",
            "the application version still running queries it until every instance is replaced; the rows are gone",
            "remove in two releases: ship the code without the entity first, drop the table in the next release"),
    RT203(
            "rename",
            D.ALL,
            Severity.ERROR,
            "a table or column is renamed",
            "the application version still running during the deploy uses the old name: every query naming it fails "
                    + "from the moment the rename commits until the last old instance is gone",
            "expand/contract: add the new column (or table), write both, op.backfill the new one, switch reads to it, and "
                    + "drop the old one in a later release; or deploy with downtime and acknowledge"),
    RT204(
            "type change rewrites the table",
            D.MYSQL,
            Severity.ERROR,
            "a column type change that InnoDB can only make by copying the table",
            "a copy blocks every write for as long as it runs (measured on MariaDB: 2 s at 1M rows, 6.5 s at 4M); Retort "
                    + "states ALGORITHM=INPLACE, LOCK=NONE so the server refuses instead, and copies only tables under "
                    + "migrate.copyRowLimit rows",
            "expand/contract: add a new column of the new type (instant), op.backfill it from the old one, switch the "
                    + "application, drop the old column in a later release; or let Retort copy the table online through a "
                    + "shadow table, writes continuing (-Dmigrate.onlineCopy=copies, which makes this finding a warning)"),
    RT205(
            "VARCHAR crosses 255 bytes",
            D.MYSQL,
            Severity.ERROR,
            "a VARCHAR grows from at most 255 bytes to more (utf8mb4: 63 to 64+ characters; utf8mb3: 85 to 86+; latin1: "
                    + "255 to 256+), which changes the length prefix from one byte to two",
            "InnoDB can widen a VARCHAR in place only while its length prefix stays the same size; across the boundary "
                    + "it copies the table, blocking writes",
            "expand/contract into a new column, or size such columns at 64+ characters from the start; or "
                    + "-Dmigrate.onlineCopy=copies (a shadow-table copy, writes continuing)"),
    RT206(
            "default computed per row",
            D.MYSQL,
            Severity.ERROR,
            "ADD COLUMN with a default that is an expression other than a literal or CURRENT_TIMESTAMP (e.g. (UUID()))",
            "the server must compute the value for every existing row, which it does only by copying the table",
            "add the column nullable without default (instant), op.backfill it in batches, then set the default; or "
                    + "-Dmigrate.onlineCopy=copies (a shadow-table copy, writes continuing)"),
    RT207(
            "NOT NULL column without default",
            D.ALL,
            Severity.ERROR,
            "a NOT NULL column without default is added to a table that exists",
            "MySQL/MariaDB silently fill existing rows with '' or 0 (measured: instant, no error); PostgreSQL and H2 "
                    + "fail as soon as the table has rows; and the application version still running inserts rows "
                    + "without the column, which then fail",
            "phases, as mvn migrate:generate writes them: add the column nullable, op.backfill it with a reviewed value, "
                    + "tighten to NOT NULL once the new version writes it"),
    RT208(
            "NOT NULL on existing data",
            D.ALL,
            Severity.WARNING,
            "a nullable column becomes NOT NULL with no backfill of it earlier in the plan",
            "the change fails while any row holds NULL (MySQL/MariaDB outside strict mode store '' or 0 instead; Retort "
                    + "counts NULLs first and makes its own session strict); inserts of the running version that omit the "
                    + "column fail afterwards",
            "op.backfill the column first, in the same migration, then tighten"),
    RT209(
            "foreign key on existing data",
            D.ALL,
            Severity.WARNING,
            "a foreign key is added to a table that exists",
            "it fails on orphan rows; done plainly, MySQL/MariaDB copy the table to check it (measured: writers stalled "
                    + "5-13 s at 1M rows) and PostgreSQL blocks writes on both tables while it scans",
            "Retort counts orphans first, then adds the key in place with foreign_key_checks=0 (MySQL/MariaDB) or NOT VALID "
                    + "followed by VALIDATE (PostgreSQL); clean orphans in an earlier release"),
    RT210(
            "check constraint on existing data",
            D.ALL,
            null,
            "a CHECK constraint is added to a table that exists",
            "it fails on rows that violate it; MySQL/MariaDB can only add a CHECK by copying the table (refused by "
                    + "ALGORITHM=INPLACE unless the table is small); PostgreSQL adds it NOT VALID and validates it without "
                    + "blocking writes",
            "on MySQL/MariaDB enforce it in the application, or add it in a maintenance window; fix violating rows first"),
    RT211(
            "unique constraint on existing data",
            D.ALL,
            Severity.WARNING,
            "a unique constraint is added to a table that exists",
            "it fails when existing rows hold duplicates, after the index build has spent its time",
            "find and fix duplicates first (SELECT cols, COUNT(*) ... GROUP BY cols HAVING COUNT(*) > 1); Retort builds "
                    + "the index without blocking writes (NOCOPY, LOCK=NONE; CONCURRENTLY then USING INDEX)"),
    RT212(
            "enum change other than appending",
            D.ALL,
            null,
            "an ENUM column's values change other than by appending at the end",
            "MySQL/MariaDB copy the table (only appending is instant); removing a value fails on rows that hold it, and "
                    + "the running version may still write it",
            "append new values only; to remove one, stop writing it in one release, rewrite the rows with op.backfill, "
                    + "and remove it in the next"),
    RT213(
            "auto-increment on existing table",
            D.ALL,
            Severity.ERROR,
            "an auto-increment (identity) column is added, or an existing column becomes auto-increment",
            "MySQL/MariaDB copy the table (measured: refused by ALGORITHM=INPLACE); PostgreSQL rewrites the table for a new "
                    + "identity column, and an identity added to a filled column starts at 1 and collides with its values",
            "add a nullable column, op.backfill it, and attach the sequence in a maintenance window; on PostgreSQL restart "
                    + "the identity past MAX(column)"),
    RT214(
            "DDL may queue behind a long transaction",
            D.MYSQL,
            Severity.ERROR,
            "DDL runs with a lock wait longer than 2 s per attempt (migrate.ddlLockWait)",
            "an ALTER waiting for a table's metadata lock makes every later reader and writer of that table wait behind it "
                    + "(measured: one idle 18 s transaction froze all writers for 18 s)",
            "keep the default: NOWAIT on MariaDB, lock_wait_timeout=1 on MySQL, retried with backoff and jitter"),
    RT215(
            "ALTER without ALGORITHM/LOCK",
            D.MYSQL,
            Severity.ERROR,
            "an ALTER TABLE or CREATE INDEX on a table in use states no ALGORITHM= or LOCK=",
            "without them the server silently falls back to copying the table under a write lock",
            "state the algorithm and lock the change should cost, so the server refuses instead of copying"),
    RT251(
            "DDL without short lock_timeout",
            D.POSTGRES,
            Severity.ERROR,
            "DDL runs with a lock_timeout longer than 2 s per attempt (migrate.ddlLockWait)",
            "a statement waiting for ACCESS EXCLUSIVE queues every later query on the table behind it",
            "keep the default: lock_timeout=100ms, retried with backoff and jitter"),
    RT252(
            "index without CONCURRENTLY",
            D.POSTGRES,
            Severity.ERROR,
            "CREATE INDEX on a table in use without CONCURRENTLY",
            "a plain CREATE INDEX blocks all writes to the table for the whole build",
            "CREATE INDEX CONCURRENTLY, outside a transaction block (what Retort renders)"),
    RT253(
            "FK/CHECK without NOT VALID",
            D.POSTGRES,
            Severity.ERROR,
            "a foreign key or check added to a table in use without NOT VALID",
            "validation scans the table while holding a lock that blocks writes (for a foreign key, on both tables)",
            "ADD ... NOT VALID, then VALIDATE CONSTRAINT in its own transaction (what Retort renders)"),
    RT254(
            "SET NOT NULL without validated CHECK",
            D.POSTGRES,
            Severity.ERROR,
            "SET NOT NULL on a table in use without a validated CHECK (col IS NOT NULL) before it",
            "PostgreSQL scans the whole table under ACCESS EXCLUSIVE to prove there is no NULL",
            "ADD CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL 12+ skips the scan) and drop "
                    + "the check (what Retort renders)"),
    RT255(
            "volatile default",
            D.POSTGRES,
            Severity.ERROR,
            "ADD COLUMN with a volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval(...))",
            "PostgreSQL 11+ adds columns with constant or stable defaults instantly, but a volatile default rewrites the "
                    + "table under ACCESS EXCLUSIVE",
            "add the column without default, op.backfill it in batches, then SET DEFAULT"),
    RT256(
            "type change rewrites the table",
            D.POSTGRES,
            Severity.ERROR,
            "a column type change PostgreSQL makes by rewriting the table (anything but widening varchar, numeric "
                    + "precision or time precision)",
            "the rewrite holds ACCESS EXCLUSIVE: no reads or writes for its whole duration; indexes are rebuilt too",
            "expand/contract: add a new column, op.backfill it, switch the application, drop the old column later");

    /** Dialect sets; a nested class so the constants above can use them. */
    private static final class D {
        static final Set<String> ALL = Set.of("mysql", "mariadb", "postgresql", "h2");
        static final Set<String> MYSQL = Set.of("mysql", "mariadb");
        static final Set<String> POSTGRES = Set.of("postgresql");
    }

    /**
     * The page that explains every rule under an anchor named by its id, as a path in Retort's
     * repository: generated REVIEW notes and logs point there instead of repeating it. The one
     * place to change when the documentation moves to a URL.
     */
    public static final String DOCS_PAGE = "docs/safety-rules.md";

    private final String title;
    private final Set<String> dialects;
    private final Severity severity;
    private final String detects;
    private final String hurts;
    private final String rewrite;

    Rule(String title, Set<String> dialects, Severity severity, String detects, String hurts, String rewrite) {
        this.title = title;
        this.dialects = dialects;
        this.severity = severity;
        this.detects = detects;
        this.hurts = hurts;
        this.rewrite = rewrite;
    }

    public String id() {
        return name();
    }

    public String title() {
        return title;
    }

    /** What the rule detects. */
    public String detects() {
        return detects;
    }

    /** Why it hurts. */
    public String hurts() {
        return hurts;
    }

    /** The safe rewrite. */
    public String rewrite() {
        return rewrite;
    }

    /** Where this rule is explained: {@code docs/safety-rules.md#RT204}. */
    public String docsLink() {
        return DOCS_PAGE + "#" + id();
    }

    /** True when the rule applies to the named dialect. */
    public boolean appliesTo(String dialect) {
        return dialects.contains(dialect);
    }

    /** The severity when no configuration overrides it; where it differs per database, the copy on MySQL/MariaDB is an error. */
    public Severity defaultSeverity(String dialect) {
        if (severity != null) {
            return severity;
        }
        return Map.of("mysql", Severity.ERROR, "mariadb", Severity.ERROR).getOrDefault(dialect, Severity.WARNING);
    }

    /**
     * False for the drop rules: removing what the revision added is what a rollback is for, its
     * "two releases" advice does not apply, and the lost data is the data-loss gate's business
     * ({@code .acceptDataLoss()}). Every other rule judges a downgrade step as an upgrade step.
     */
    public boolean judgesDowngrade() {
        return this != RT201 && this != RT202;
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values())
                .filter(r -> r.name().equalsIgnoreCase(id.trim()))
                .findFirst();
    }
}
