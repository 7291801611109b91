package dev.retort.core.model;

import dev.retort.migration.ColumnType;
import java.util.List;
import java.util.Objects;

/**
 * A user-defined composite type, as Hibernate ORM creates one for an embeddable stored as a struct
 * ({@code @Struct(name = "postal_address")}): PostgreSQL's {@code create type postal_address as (…)}.
 * A column of {@link ColumnType.Kind#STRUCT} names it. Only PostgreSQL has such types; Hibernate refuses
 * {@code @Struct} on MySQL, MariaDB and H2, and so does each of those dialects when it renders one.
 *
 * @param name       the type's name
 * @param attributes its attributes in the type's order (Hibernate's column order); only their names and
 *                   types count, a composite type's attribute has no NOT NULL, default or comment
 * @param source     the embeddable it was mapped from, for review comments; never compared
 */
public record UserType(String name, List<Column> attributes, String source) {

    public UserType {
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("type " + name + " has no attributes");
        }
    }

    /** The names of the other user-defined types its attributes are of, in attribute order. */
    public List<String> uses() {
        return attributes.stream()
                .filter(a -> a.type().kind() == ColumnType.Kind.STRUCT)
                .map(a -> a.type().definition())
                .toList();
    }

    /** True when both declare the same attributes, by name and type, in the same order. */
    public boolean sameDefinition(UserType o) {
        if (!name.equals(o.name) || attributes.size() != o.attributes.size()) {
            return false;
        }
        for (int i = 0; i < attributes.size(); i++) {
            Column a = attributes.get(i);
            Column b = o.attributes.get(i);
            if (!a.name().equals(b.name()) || !a.type().equals(b.type())) {
                return false;
            }
        }
        return true;
    }
}
