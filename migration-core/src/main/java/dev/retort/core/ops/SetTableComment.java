package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.List;

/**
 * Sets or removes a table's comment ({@code @Comment} on the entity, {@code @Table(comment)}); no
 * rows are touched.
 *
 * @param comment the new comment; null removes it
 */
public record SetTableComment(String table, String comment) implements Operation {

    public SetTableComment {
        comment = comment == null || comment.isEmpty() ? null : comment;
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        return schema.with(t.withComment(comment));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new SetTableComment(
                table, Operation.table(before, table, describe()).comment()));
    }

    @Override
    public String describe() {
        return "setTableComment " + table + (comment == null ? " (none)" : " '" + comment + "'");
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.setTableComment(this);
    }
}
