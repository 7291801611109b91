package dev.retort.core.dialect;

import java.util.List;

/**
 * "This session still holds the migration lock", said in SQL: the journal writes carry it in their
 * {@code WHERE}, so the check that no other run may be changing the schema costs no round trip of
 * its own. A write that finds no row to change says the lock may be lost; the runner then asks
 * {@link Dialect#holdsLock} to tell that apart from a row that did not change.
 *
 * @param condition  a boolean SQL expression, true while the lock is this session's; null when
 *                   there is nothing to check (a private in-memory database takes no lock)
 * @param parameters the values of its {@code ?} placeholders, in order
 * @param fromNothing what an {@code INSERT … SELECT} with a {@code WHERE} and no table needs after
 *                   its select list: {@code " FROM DUAL"} on MySQL, MariaDB and H2, nothing on PostgreSQL
 */
public record LockHeld(String condition, List<Object> parameters, String fromNothing) {

    /** Nothing to check: the lock cannot be lost (or there is none). */
    public static final LockHeld ALWAYS = new LockHeld(null, List.of(), "");

    public LockHeld {
        parameters = List.copyOf(parameters);
    }
}
