package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.migration.RowFunction;
import java.util.List;

/**
 * Fills a column's NULLs in primary-key batches, each batch its own short transaction (see
 * {@code dev.retort.core.runner.Backfiller}). Changes data, not the schema: replay leaves the
 * schema as it is, and the inverse is nothing (the filled values stay; they were NULL before).
 *
 * @param expression   SQL over the row's columns, or null for the Java form; null with a null
 *                     {@code function} is the generator's placeholder the reviewer must replace
 * @param function     the Java form, or null
 * @param reads        the columns the Java form reads besides the primary key
 * @param batchSize    rows per batch
 * @param throttle     pause after each batch as a multiple of the batch's time
 */
public record BackfillColumn(
        String table,
        String column,
        String expression,
        RowFunction function,
        List<String> reads,
        int batchSize,
        double throttle)
        implements Operation {

    public static final int DEFAULT_BATCH_SIZE = 1_000;
    public static final double DEFAULT_THROTTLE = 1.0;

    public BackfillColumn {
        reads = reads == null ? List.of() : List.copyOf(reads);
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "backfill " + table + "." + column + ": batch size must be at least 1, not " + batchSize);
        }
        if (throttle < 0 || Double.isNaN(throttle)) {
            throw new IllegalArgumentException(
                    "backfill " + table + "." + column + ": throttle must be 0 or more, not " + throttle);
        }
    }

    /** The SQL form with default tuning. */
    public BackfillColumn(String table, String column, String expression) {
        this(table, column, expression, null, List.of(), DEFAULT_BATCH_SIZE, DEFAULT_THROTTLE);
    }

    /** True while the step is the generator's placeholder: no value stated yet. */
    public boolean missingValue() {
        return (expression == null || expression.isBlank()) && function == null;
    }

    public BackfillColumn withBatchSize(int rows) {
        return new BackfillColumn(table, column, expression, function, reads, rows, throttle);
    }

    public BackfillColumn withThrottle(double pausePerWork) {
        return new BackfillColumn(table, column, expression, function, reads, batchSize, pausePerWork);
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        for (String c : concat(column, reads)) {
            if (t.column(c).isEmpty()) {
                throw new ReplayException(describe() + ": column " + table + "." + c + " does not exist");
            }
        }
        return schema;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of();
    }

    /** Tuning is left out: it changes how fast, not what is stored. */
    @Override
    public String describe() {
        String how = function != null
                ? "a Java function" + (reads.isEmpty() ? "" : " reading " + String.join(", ", reads))
                : missingValue() ? "<value to be stated>" : expression;
        return "backfill " + table + "." + column + " = " + how + " WHERE " + column + " IS NULL";
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.backfillColumn(this);
    }
}
