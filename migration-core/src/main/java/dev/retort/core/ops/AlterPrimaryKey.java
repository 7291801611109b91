package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.List;
import java.util.Locale;

/**
 * Replaces a table's primary key. Carries the key before the change so it can be inverted and
 * checked against the replayed schema; an empty {@code from} adds a key, an empty {@code to} drops it.
 */
public record AlterPrimaryKey(String table, List<String> from, List<String> to) implements Operation {

    public AlterPrimaryKey {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        if (!lower(t.primaryKey()).equals(lower(from))) {
            throw new ReplayException(describe() + ": the migration expects the primary key " + from
                    + " but the schema has " + t.primaryKey());
        }
        for (String c : to) {
            Column col = t.column(c)
                    .orElseThrow(
                            () -> new ReplayException(describe() + ": column " + table + "." + c + " does not exist"));
            if (col.nullable()) {
                throw new ReplayException(
                        describe() + ": column " + table + "." + c + " is nullable; make it NOT NULL first");
            }
        }
        return schema.with(t.withPrimaryKey(to));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new AlterPrimaryKey(table, to, from));
    }

    @Override
    public String describe() {
        return "alterPrimaryKey " + table + " " + from + " -> " + to;
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.alterPrimaryKey(this);
    }
}
