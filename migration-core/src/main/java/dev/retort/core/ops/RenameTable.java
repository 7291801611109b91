package dev.retort.core.ops;

import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.List;

/** Renames a table, keeping its rows; foreign keys that reference it follow. */
public record RenameTable(String table, String to) implements Operation {

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        if (!table.equalsIgnoreCase(to) && schema.table(to).isPresent()) {
            throw new ReplayException(describe() + ": table " + to + " already exists");
        }
        Schema next = schema.without(table).with(t.withName(to));
        for (Table other : next.tables()) {
            List<ForeignKey> fks = other.foreignKeys().stream()
                    .map(fk -> fk.referencedTable().equalsIgnoreCase(table) ? fk.withReferencedTable(to) : fk)
                    .toList();
            if (!fks.equals(other.foreignKeys())) {
                next = next.with(other.withForeignKeys(fks));
            }
        }
        return next;
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new RenameTable(to, table));
    }

    @Override
    public String describe() {
        return "renameTable " + table + " -> " + to;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.renameTable(this);
    }
}
