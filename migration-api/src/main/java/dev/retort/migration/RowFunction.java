package dev.retort.migration;

import java.util.Map;

/**
 * The Java form of a backfill: computes the new value of the filled column for one row.
 * Retort reads the rows in primary-key batches and writes the results back in the batch's own
 * short transaction, so the function must not talk to the database itself.
 */
@FunctionalInterface
public interface RowFunction {

    /**
     * The value to store for this row.
     *
     * @param row the row's primary key and the columns named in {@code reads}, by column name as
     *            given in the migration; values as JDBC returns them
     * @return the new value; {@code null} leaves the row as it is (it stays to be filled)
     */
    Object compute(Map<String, Object> row) throws Exception;
}
