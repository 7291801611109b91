package dev.retort.core.dialect;

import dev.retort.core.model.Column;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Operation;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL every supported database spells alike; subclasses override where they differ. */
abstract class AbstractDialect implements Dialect {

    @Override
    public List<String> toSql(Operation op) {
        if (op instanceof CreateTable c) {
            return List.of(createTable(c.definition()));
        }
        if (op instanceof DropTable d) {
            return List.of("DROP TABLE " + quote(d.table()));
        }
        if (op instanceof AddColumn a) {
            return List.of("ALTER TABLE " + quote(a.table()) + " ADD COLUMN " + columnDefinition(a.column()));
        }
        if (op instanceof DropColumn d) {
            return List.of("ALTER TABLE " + quote(d.table()) + " DROP COLUMN " + quote(d.column()));
        }
        if (op instanceof AlterColumn a) {
            return alterColumn(a);
        }
        if (op instanceof CreateIndex c) {
            return List.of(c.index().unique()
                    ? "ALTER TABLE " + quote(c.table()) + " ADD CONSTRAINT " + quote(c.index().name()) + " UNIQUE (" + columnList(c.index().columns()) + ")"
                    : "CREATE INDEX " + quote(c.index().name()) + " ON " + quote(c.table()) + " (" + columnList(c.index().columns()) + ")");
        }
        if (op instanceof DropIndex d) {
            return List.of(dropIndex(d));
        }
        throw new IllegalArgumentException("no SQL for " + op.describe());
    }

    protected String createTable(Table t) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(t.name())).append(" (");
        sql.append(t.columns().stream().map(this::columnDefinition).collect(Collectors.joining(", ")));
        if (!t.primaryKey().isEmpty()) {
            sql.append(", PRIMARY KEY (").append(columnList(t.primaryKey())).append(')');
        }
        return sql.append(')').append(tableOptions()).toString();
    }

    /** Appended to {@code CREATE TABLE (...)}. */
    protected String tableOptions() {
        return "";
    }

    protected String columnDefinition(Column c) {
        return quote(c.name()) + " " + columnType(c.type()) + (c.nullable() ? "" : " NOT NULL")
                + (c.autoIncrement() ? " " + autoIncrement() : "");
    }

    protected abstract String autoIncrement();

    protected abstract List<String> alterColumn(AlterColumn a);

    protected abstract String dropIndex(DropIndex d);

    protected String columnList(List<String> columns) {
        return columns.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    protected static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public String toString() {
        return name();
    }
}
