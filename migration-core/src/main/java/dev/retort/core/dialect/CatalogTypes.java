package dev.retort.core.dialect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the catalogs share in reading and spelling native types ({@link Catalog#nativeType}, {@link Catalog#typeReader}). */
public final class CatalogTypes {

    private static final Pattern FLOAT_P = Pattern.compile("^float\\((\\d+)\\)$");

    private CatalogTypes() {}

    /** Lower case, single spaces, no space before a parenthesis or after a comma: {@code NUMERIC (10, 2)} is {@code numeric(10,2)}. */
    public static String tidy(String type) {
        return type.trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .replaceAll(" \\(", "(")
                .replaceAll(", ", ",");
    }

    /** The binary precision of {@code float(p)}, or -1 for any other type. */
    public static int floatPrecision(String type) {
        Matcher f = FLOAT_P.matcher(type);
        return f.matches() ? Integer.parseInt(f.group(1)) : -1;
    }

    /**
     * A type from {@code information_schema.columns} where the database reports the name and the
     * sizes apart (PostgreSQL, H2), put together as the dialect writes it. The row holds the type
     * name third, then character length eighth, numeric precision and scale, datetime precision.
     *
     * @param enumValues the values of an {@code enum} column, null for none
     */
    public static String compose(ResultSet rs, List<String> enumValues) throws SQLException {
        String type = rs.getString(3).toLowerCase(Locale.ROOT);
        // H2 reports a LOB's length as Long.MAX_VALUE
        long length = rs.getLong(8);
        boolean hasLength = !rs.wasNull();
        int precision = rs.getInt(9);
        int scale = rs.getInt(10);
        int fraction = rs.getInt(11);
        boolean hasFraction = !rs.wasNull();
        return switch (type) {
            case "character varying", "character", "binary varying", "binary" ->
                hasLength ? type + "(" + length + ")" : type;
            case "numeric", "decimal" -> precision > 0 ? type + "(" + precision + "," + scale + ")" : type;
            case "time", "timestamp", "time without time zone", "timestamp without time zone" ->
                type.replace(" without time zone", "") + (hasFraction ? "(" + fraction + ")" : "");
            case "timestamp with time zone" ->
                "timestamp" + (hasFraction ? "(" + fraction + ")" : "") + " with time zone";
            case "enum" ->
                "enum("
                        + String.join(
                                ",",
                                (enumValues == null ? List.<String>of() : enumValues)
                                        .stream()
                                                .map(v -> "'" + v.replace("'", "''") + "'")
                                                .toList())
                        + ")";
            default -> type;
        };
    }
}
