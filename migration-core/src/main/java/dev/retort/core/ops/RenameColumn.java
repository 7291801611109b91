package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Renames a column, keeping its values; the primary key, indexes and foreign keys that use it follow. */
public record RenameColumn(String table, String from, String to, Set<String> absentOn) implements Operation {

    /** @param absentOn the databases on which the column does not exist (as its definition states) */
    public RenameColumn {
        absentOn = Column.databases(absentOn);
    }

    /** Renames a column that exists on every database. */
    public RenameColumn(String table, String from, String to) {
        this(table, from, to, Set.of());
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        Column c = t.column(from)
                .orElseThrow(
                        () -> new ReplayException(describe() + ": column " + table + "." + from + " does not exist"));
        Absent.check(describe(), table, c, absentOn, "renameColumn");
        if (!from.equalsIgnoreCase(to) && t.column(to).isPresent()) {
            throw new ReplayException(describe() + ": column " + table + "." + to + " already exists");
        }
        List<Column> columns = new ArrayList<>(t.columns());
        columns.set(columns.indexOf(c), c.withName(to));
        Table renamed = t.withColumns(columns)
                .withPrimaryKey(rename(t.primaryKey()))
                .withIndexes(t.indexes().stream()
                        .map(i -> i.withColumns(rename(i.columns())))
                        .toList())
                .withForeignKeys(t.foreignKeys().stream()
                        .map(fk -> fk.withColumns(
                                rename(fk.columns()),
                                fk.referencedTable().equalsIgnoreCase(table)
                                        ? rename(fk.referencedColumns())
                                        : fk.referencedColumns()))
                        .toList());
        Schema next = schema.with(renamed);
        for (Table other : next.tables()) {
            if (other.name().equalsIgnoreCase(table)) {
                continue;
            }
            List<ForeignKey> fks = other.foreignKeys().stream()
                    .map(fk -> fk.referencedTable().equalsIgnoreCase(table)
                            ? fk.withColumns(fk.columns(), rename(fk.referencedColumns()))
                            : fk)
                    .toList();
            if (!fks.equals(other.foreignKeys())) {
                next = next.with(other.withForeignKeys(fks));
            }
        }
        return next;
    }

    private List<String> rename(List<String> names) {
        return names.stream().map(n -> n.equalsIgnoreCase(from) ? to : n).toList();
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new RenameColumn(table, to, from, absentOn));
    }

    @Override
    public Optional<Operation> on(String database) {
        return absentOn.contains(database.toLowerCase(Locale.ROOT)) ? Optional.empty() : Optional.of(this);
    }

    @Override
    public String describe() {
        return "renameColumn " + table + "." + from + " -> " + to + Describe.absentOn(absentOn);
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.renameColumn(this);
    }
}
