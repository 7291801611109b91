package dev.retort.core.dialect;

/**
 * One DDL statement as data: the table it names, its body, and the clauses that say how it may
 * run on a table in use ({@code ALGORITHM=}, {@code LOCK=}, MariaDB's {@code NOWAIT}/{@code WAIT n})
 * kept apart from the body. "The same with ALGORITHM=COPY" or "the same against the shadow table"
 * are new values ({@link #withOnline}, {@link #onTable}); nothing rewrites rendered SQL, so a
 * comment or default that reads like a clause is sent as written. {@link #render} spells it once,
 * where it is sent or printed.
 *
 * @param form      which statement it is, and so where its clauses go
 * @param head      {@link Form#CREATE_INDEX}: {@code CREATE INDEX `name`}; {@link Form#OTHER}: the whole statement
 * @param table     the quoted table ({@code RENAME TABLE}: the first one named); null for {@link Form#OTHER}
 * @param body      what follows the table ({@code CREATE INDEX}: the column list; {@code RENAME TABLE}: {@code TO ...})
 * @param algorithm {@code INSTANT}, {@code INPLACE}, {@code NOCOPY}, {@code COPY}, or null for none stated
 * @param lock      {@code NONE}, {@code SHARED}, or null for none stated
 * @param lockWait  {@code NOWAIT} or {@code WAIT n} (MariaDB), or null
 * @param alone     true when the statement cannot run inside a transaction block or must commit on its own
 *                  to keep its lock short (PostgreSQL {@code CREATE INDEX CONCURRENTLY}, {@code VALIDATE CONSTRAINT})
 */
public record Ddl(
        Form form,
        String head,
        String table,
        String body,
        String algorithm,
        String lock,
        String lockWait,
        boolean alone) {

    /** The statements whose clauses are data. */
    public enum Form {
        /** {@code ALTER TABLE t body, ALGORITHM=a, LOCK=l}. */
        ALTER_TABLE,
        /** {@code CREATE INDEX i ON t (columns) ALGORITHM=a LOCK=l}. */
        CREATE_INDEX,
        /** {@code RENAME TABLE t TO u, ...}. */
        RENAME_TABLE,
        /** {@code DROP TABLE t}. */
        DROP_TABLE,
        /** Any other statement, as written. */
        OTHER
    }

    /** A statement with no clauses of its own to state. */
    public static Ddl of(String sql) {
        return new Ddl(Form.OTHER, sql, null, null, null, null, null, false);
    }

    /** A statement that cannot run inside a transaction block or must commit on its own ({@link #alone}). */
    public static Ddl alone(String sql) {
        return new Ddl(Form.OTHER, sql, null, null, null, null, null, true);
    }

    public static Ddl alterTable(String quotedTable, String body) {
        return new Ddl(Form.ALTER_TABLE, null, quotedTable, body, null, null, null, false);
    }

    /** {@code head} is {@code CREATE INDEX `name`} (or {@code CREATE UNIQUE INDEX `name`}), {@code columns} {@code (`a`, `b`)}. */
    public static Ddl createIndex(String head, String quotedTable, String columns) {
        return new Ddl(Form.CREATE_INDEX, head, quotedTable, columns, null, null, null, false);
    }

    /** {@code rest} is what follows the first table: {@code TO `b`, `c` TO `d`}. */
    public static Ddl renameTable(String quotedTable, String rest) {
        return new Ddl(Form.RENAME_TABLE, null, quotedTable, rest, null, null, null, false);
    }

    public static Ddl dropTable(String quotedTable) {
        return new Ddl(Form.DROP_TABLE, null, quotedTable, "", null, null, null, false);
    }

    /** The same statement stating {@code algorithm} and {@code lock} (either may be null: not stated). */
    public Ddl withOnline(String algorithm, String lock) {
        return new Ddl(form, head, table, body, algorithm, lock, lockWait, alone);
    }

    /** The same statement with neither algorithm nor lock stated. */
    public Ddl withoutOnline() {
        return withOnline(null, null);
    }

    /** The same statement against another (quoted) table. */
    public Ddl onTable(String quotedTable) {
        if (form == Form.OTHER) {
            throw new IllegalArgumentException("not a statement on a table: " + render());
        }
        return new Ddl(form, head, quotedTable, body, algorithm, lock, lockWait, alone);
    }

    /** The same statement with MariaDB's lock wait ({@code NOWAIT}, {@code WAIT n}); null for none. */
    public Ddl withLockWait(String clause) {
        return new Ddl(form, head, table, body, algorithm, lock, clause, alone);
    }

    /** True when the statement states {@code algorithm}. */
    public boolean states(String algorithm) {
        return algorithm.equals(this.algorithm);
    }

    /** The SQL text sent to the server. */
    public String render() {
        String wait = lockWait == null ? "" : " " + lockWait;
        return switch (form) {
            case ALTER_TABLE ->
                "ALTER TABLE " + table + wait + " " + body + (algorithm == null ? "" : ", ALGORITHM=" + algorithm)
                        + (lock == null ? "" : ", LOCK=" + lock);
            case CREATE_INDEX ->
                head + " ON " + table + " " + body + wait + (algorithm == null ? "" : " ALGORITHM=" + algorithm)
                        + (lock == null ? "" : " LOCK=" + lock);
            case RENAME_TABLE -> "RENAME TABLE " + table + wait + " " + body;
            case DROP_TABLE -> "DROP TABLE " + table + wait;
            case OTHER -> head;
        };
    }

    @Override
    public String toString() {
        return render();
    }
}
