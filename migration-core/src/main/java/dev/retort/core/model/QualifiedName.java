package dev.retort.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table or sequence name with the schema and catalog it lives in, as JPA's {@code schema} and
 * {@code catalog} attributes state them. The model, the snapshot, the operations and generated
 * migrations all carry it as one string, dots between the parts:
 *
 * <ul>
 *   <li>{@code orders}: no qualifier, the connection's default schema (or database);
 *   <li>{@code sales.orders}: schema {@code sales};
 *   <li>{@code shop.sales.orders}: catalog {@code shop}, schema {@code sales};
 *   <li>{@code shop..orders}: catalog {@code shop} only (SQL Server's spelling for "the default schema").
 * </ul>
 *
 * <p>A quoted part keeps its backticks ({@code `Sales`.`Order`}); a dot inside backticks belongs to
 * the name. Which parts reach the database is the dialect's choice, as Hibernate's: PostgreSQL uses
 * the schema and drops the catalog, MySQL and MariaDB use the catalog (a MySQL database) and drop the
 * schema, H2 uses both.
 */
public record QualifiedName(String catalog, String schema, String name) {

    public QualifiedName {
        Objects.requireNonNull(name, "name");
        catalog = catalog == null || catalog.isEmpty() ? null : catalog;
        schema = schema == null || schema.isEmpty() ? null : schema;
    }

    /** An unqualified name. */
    public static QualifiedName of(String name) {
        return new QualifiedName(null, null, name);
    }

    /** True when {@code name} carries a schema or catalog (a dot outside backticks). */
    public static boolean isQualified(String name) {
        if (name == null || name.indexOf('.') < 0) {
            return false;
        }
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return true;
            }
        }
        return false;
    }

    /** The parts of {@code name}; an unqualified name (no dot outside backticks) is returned whole. */
    public static QualifiedName parse(String name) {
        if (!isQualified(name)) {
            return of(name);
        }
        List<String> parts = new ArrayList<>(3);
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                parts.add(name.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(name.substring(start));
        return switch (parts.size()) {
            case 2 -> new QualifiedName(null, parts.get(0), parts.get(1));
            case 3 -> new QualifiedName(parts.get(0), parts.get(1), parts.get(2));
            default ->
                throw new IllegalArgumentException(
                        "'" + name + "' is not a table name: write table, schema.table, catalog.schema.table or"
                                + " catalog..table (quote a name with a dot in it between backticks)");
        };
    }

    /** The name without schema and catalog ({@code sales.orders} -> {@code orders}). */
    public static String local(String name) {
        return isQualified(name) ? parse(name).name() : name;
    }

    /** {@code local} qualified as {@code like} is: a name beside {@code like}, in its schema and catalog. */
    public static String sibling(String like, String local) {
        QualifiedName q = parse(like);
        return new QualifiedName(q.catalog, q.schema, local).toString();
    }

    /** The name qualified by {@code catalog} and {@code schema} (either may be null or empty). */
    public static String of(String catalog, String schema, String name) {
        return new QualifiedName(catalog, schema, name).toString();
    }

    public boolean qualified() {
        return catalog != null || schema != null;
    }

    /** The qualifier alone ({@code shop.sales}, {@code sales}, {@code shop.}); empty for none. */
    public String qualifier() {
        if (catalog != null) {
            return catalog + "." + (schema == null ? "" : schema);
        }
        return schema == null ? "" : schema;
    }

    @Override
    public String toString() {
        if (catalog != null) {
            return catalog + "." + (schema == null ? "" : schema) + "." + name;
        }
        return schema == null ? name : schema + "." + name;
    }
}
