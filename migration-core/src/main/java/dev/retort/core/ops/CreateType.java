package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.UserType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Creates a user-defined composite type ({@code create type postal_address as (…)}), which a column of
 * kind {@code STRUCT} then names. PostgreSQL only: the other dialects refuse it before anything runs,
 * as Hibernate refuses {@code @Struct} on those databases.
 */
public record CreateType(UserType type) implements Operation {

    @Override
    public String table() {
        return type.name();
    }

    @Override
    public Schema applyTo(Schema schema) {
        if (schema.type(type.name()).isPresent()) {
            throw new ReplayException(describe() + ": type " + type.name() + " already exists");
        }
        for (String used : type.uses()) {
            if (schema.type(used).isEmpty()) {
                throw new ReplayException(describe() + ": type " + used + " does not exist");
            }
        }
        return schema.with(type);
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new DropType(type.name()));
    }

    @Override
    public String describe() {
        return "createType " + type.name() + " ("
                + type.attributes().stream().map(CreateType::attribute).collect(Collectors.joining(", ")) + ")";
    }

    private static String attribute(Column c) {
        return c.name() + " " + c.type();
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.createType(this);
    }
}
