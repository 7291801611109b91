package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import java.util.List;
import java.util.Objects;

/**
 * A declaration, not a schema change: the revision cannot be reverted, for the reason given. It
 * runs no SQL and leaves the replayed schema as it is; a downgrade plan that contains it is
 * refused before anything runs.
 */
public record Irreversible(String reason) implements Operation {

    public Irreversible {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String table() {
        return "";
    }

    @Override
    public Schema applyTo(Schema schema) {
        return schema;
    }

    /** What cannot be undone cannot be redone either: the inverse refuses the same way. */
    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(this);
    }

    @Override
    public String describe() {
        return "irreversible: " + reason;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.irreversible(this);
    }
}
