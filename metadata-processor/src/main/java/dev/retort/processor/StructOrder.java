package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.migration.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Hibernate derives from a struct's attributes on PostgreSQL, the one database that has struct types:
 * the byte size its standard column order sorts them by, and the check it puts on the table for the
 * embeddable's NOT NULL, checked and enum attributes ({@code (home).zip is not null}).
 */
final class StructOrder {

    /** Hibernate's bytes per decimal digit divisor: {@code log2(10) * 8}. */
    private static final double DECIMAL_TO_BYTES_QUOTIENT = Math.log(10) / Math.log(2) * 8;

    /** PostgreSQL's longest {@code varchar}, which Hibernate takes for a string of the default length 255. */
    private static final int MAX_VARCHAR = 10_485_760;

    private static final int DEFAULT_LENGTH = 255;

    private StructOrder() {}

    /**
     * The physical size Hibernate's standard column ordering gives an attribute of this type on PostgreSQL
     * (a string or binary of the default length 255 counts as the longest the database has; a LOB, JSON,
     * array or nested struct as the largest of all).
     */
    static int size(ColumnType t) {
        return switch (t.kind()) {
            case BOOLEAN, TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER, REAL, SQL_REAL, DATE, TIME, TIME_TZ -> 4;
            case BIGINT, DOUBLE, TIMESTAMP, TIMESTAMP_TZ, TIMESTAMP_TZ_NATIVE, INTERVAL_SECOND -> 8;
            case UUID -> 16;
            case DECIMAL -> (int) Math.ceil(t.precision() / DECIMAL_TO_BYTES_QUOTIENT);
            case VARCHAR, CHAR -> t.length() == DEFAULT_LENGTH ? MAX_VARCHAR : t.length();
            case ENUM -> t.length() == 0 || t.length() == DEFAULT_LENGTH ? MAX_VARCHAR : t.length();
            case VARBINARY, BINARY -> t.length() == DEFAULT_LENGTH ? Integer.MAX_VALUE : t.length();
            default -> Integer.MAX_VALUE;
        };
    }

    /**
     * The table check on the struct column {@code column}: its NOT NULL, checked and enum attributes
     * (in {@code attributes}' order), read as {@code (column).attribute}; a nullable column lets a null
     * value pass. Null when no attribute is constrained.
     */
    static String check(Column column, List<Column> attributes, TableDraft inside) {
        String name = column.name();
        List<String> parts = new ArrayList<>();
        for (Column a : attributes) {
            if (a.type().kind() == ColumnType.Kind.STRUCT) {
                // a nested struct's own attributes are refused when constrained
                continue;
            }
            List<String> conditions = new ArrayList<>(inside.columnChecks(a.name()));
            String ref = "(" + name + ")." + a.name();
            if (a.type().kind() == ColumnType.Kind.ENUM) {
                conditions.add(ref + " in ("
                        + String.join(
                                ",",
                                a.type().values().stream()
                                        .map(v -> "'" + v.replace("'", "''") + "'")
                                        .toList())
                        + ")");
            }
            List<String> on = new ArrayList<>();
            Pattern own = Pattern.compile("(?<![\\w.)])" + Pattern.quote(a.name()) + "(?!\\w)");
            for (String c : conditions) {
                on.add(c.startsWith(ref) ? c : own.matcher(c).replaceAll(Matcher.quoteReplacement(ref)));
            }
            if (!a.nullable()) {
                parts.add(ref + " is not null");
                parts.addAll(on);
            } else if (!on.isEmpty()) {
                parts.add("(" + ref + " is null or " + String.join(" and ", on) + ")");
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        String all = String.join(" and ", parts);
        return column.nullable() ? name + " is null or (" + all + ")" : all;
    }
}
