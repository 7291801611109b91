package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Drops a column and its values. */
public record DropColumn(String table, String column, boolean dataLossAccepted, Set<String> absentOn)
        implements Operation {

    /**
     * @param absentOn the databases on which the column does not exist (as its definition states), so
     *                 the drop runs no SQL there
     */
    public DropColumn {
        absentOn = Column.databases(absentOn);
    }

    /** Drops a column that exists on every database. */
    public DropColumn(String table, String column, boolean dataLossAccepted) {
        this(table, column, dataLossAccepted, Set.of());
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        Column c = t.column(column)
                .orElseThrow(
                        () -> new ReplayException(describe() + ": column " + table + "." + column + " does not exist"));
        Absent.check(describe(), table, c, absentOn, "dropColumn");
        if (t.primaryKey().stream().anyMatch(pk -> pk.equalsIgnoreCase(column))) {
            throw new ReplayException(describe() + ": column " + table + "." + column + " is part of the primary key");
        }
        for (Index i : t.indexes()) {
            if (i.columns().stream().anyMatch(ic -> ic.equalsIgnoreCase(column))) {
                throw new ReplayException(
                        describe() + ": index " + i.name() + " still uses column " + column + "; drop it first");
            }
        }
        for (Table other : schema.tables()) {
            for (ForeignKey fk : other.foreignKeys()) {
                boolean uses = other.name().equalsIgnoreCase(table)
                        && fk.columns().stream().anyMatch(fc -> fc.equalsIgnoreCase(column));
                boolean referenced = fk.referencedTable().equalsIgnoreCase(table)
                        && fk.referencedColumns().stream().anyMatch(fc -> fc.equalsIgnoreCase(column));
                if (uses || referenced) {
                    throw new ReplayException(describe() + ": foreign key " + fk.name() + " of " + other.name()
                            + " still uses column " + column + "; drop it first");
                }
            }
        }
        List<Column> columns = new ArrayList<>(t.columns());
        columns.remove(c);
        return schema.with(t.withColumns(columns));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        Column c = before.table(table)
                .flatMap(t -> t.column(column))
                .orElseThrow(
                        () -> new ReplayException(describe() + ": column " + table + "." + column + " does not exist"));
        return List.of(new AddColumn(table, c));
    }

    @Override
    public boolean destroysData() {
        return true;
    }

    @Override
    public Operation acceptingDataLoss() {
        return new DropColumn(table, column, true, absentOn);
    }

    /** Destroys nothing on a database where the column does not exist. */
    @Override
    public Optional<Operation> on(String database) {
        return absentOn.contains(database.toLowerCase(Locale.ROOT)) ? Optional.empty() : Optional.of(this);
    }

    @Override
    public String describe() {
        return "dropColumn " + table + "." + column + Describe.absentOn(absentOn);
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.dropColumn(this);
    }
}
