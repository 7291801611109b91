package dev.retort.core.dialect;

import dev.retort.core.model.Column;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.Operation;
import dev.retort.migration.ColumnType;
import java.util.ArrayList;
import java.util.List;

/**
 * A column type this database has no type for, as Hibernate has none there either (an {@code
 * interval second} on MySQL and MariaDB): thrown by {@link Dialect#columnType} rather than render
 * another type. The runner and the offline script ask {@link #columnsWithout} first, so the user
 * learns it, column by column, before anything runs.
 */
public class NoColumnTypeException extends RuntimeException {

    private final transient ColumnType type;
    private final String dialect;
    private final String reason;

    public NoColumnTypeException(ColumnType type, String dialect, String reason) {
        super("no " + dialect + " column type for " + type + ": " + reason);
        this.type = type;
        this.dialect = dialect;
        this.reason = reason;
    }

    public ColumnType type() {
        return type;
    }

    public String dialect() {
        return dialect;
    }

    /** Why the database has no such type. */
    public String reason() {
        return reason;
    }

    /** A column the operation declares whose type the database has none for, and why. */
    public record Missing(String table, String column, ColumnType type, String reason) {

        @Override
        public String toString() {
            return table + "." + column + " (" + type + "): " + reason;
        }
    }

    /** The columns {@code op} creates, adds or changes to a type {@code dialect} has none for; empty when it has all. */
    public static List<Missing> columnsWithout(Dialect dialect, Operation op) {
        List<Column> columns = op instanceof CreateTable c
                ? c.definition().columns()
                : op instanceof AddColumn a
                        ? List.of(a.column())
                        : op instanceof AlterColumn a ? List.of(a.to()) : List.of();
        List<Missing> missing = new ArrayList<>();
        for (Column c : columns) {
            try {
                dialect.columnType(c.type());
            } catch (NoColumnTypeException e) {
                missing.add(new Missing(op.table(), c.name(), c.type(), e.reason()));
            } catch (UnsupportedColumnTypeException e) {
                throw e.forColumn(c); // a mapping Hibernate refuses on this database: named as the statement would
            }
        }
        return missing;
    }
}
