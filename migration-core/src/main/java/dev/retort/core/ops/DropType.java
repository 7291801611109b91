package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.model.UserType;
import dev.retort.migration.ColumnType;
import java.util.List;

/**
 * Drops a user-defined composite type. The type holds no rows, so dropping it loses nothing; the columns
 * and types of that type go first (the replay refuses a drop while one remains, as PostgreSQL does).
 */
public record DropType(String name) implements Operation {

    @Override
    public String table() {
        return name;
    }

    private UserType find(Schema schema) {
        return schema.type(name)
                .orElseThrow(() -> new ReplayException(describe() + ": type " + name + " does not exist"));
    }

    @Override
    public Schema applyTo(Schema schema) {
        find(schema);
        for (Table t : schema.tables()) {
            for (Column c : t.columns()) {
                if (c.type().kind() == ColumnType.Kind.STRUCT
                        && c.type().definition().equalsIgnoreCase(name)) {
                    throw new ReplayException(describe() + ": column " + t.name() + "." + c.name() + " is of it");
                }
            }
        }
        for (UserType other : schema.types()) {
            if (other.uses().stream().anyMatch(name::equalsIgnoreCase)) {
                throw new ReplayException(describe() + ": type " + other.name() + " has an attribute of it");
            }
        }
        return schema.withoutType(name);
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new CreateType(find(before)));
    }

    @Override
    public String describe() {
        return "dropType " + name;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.dropType(this);
    }
}
