package dev.retort.core.introspect;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per native type, so what a dialect renders for a migration's column type and what
 * the catalog reports for the live column compare as text: {@code int(11)} and {@code integer} are
 * both {@code int} on MySQL, {@code float(53)} and {@code double precision} both
 * {@code double precision} on PostgreSQL and H2.
 */
final class NativeTypes {

    private static final Pattern MYSQL_INT_WIDTH = Pattern.compile("\\b(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)");
    private static final Pattern FLOAT_P = Pattern.compile("^float\\((\\d+)\\)$");
    private static final Pattern ZERO_PRECISION = Pattern.compile("^(time|datetime|timestamp)\\(0\\)");

    private NativeTypes() {
    }

    static String normalize(String dialect, String type) {
        String t = type.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll(" \\(", "(").replaceAll(", ", ",");
        return switch (dialect) {
            case "mysql", "mariadb" -> mysql(t);
            case "postgresql" -> postgres(t);
            default -> h2(t);
        };
    }

    private static String mysql(String t) {
        t = MYSQL_INT_WIDTH.matcher(t).replaceAll("$1").replace(" unsigned zerofill", " unsigned");
        if (t.equals("integer")) {
            t = "int";
        }
        if (t.equals("bit(1)")) {
            t = "bit";
        }
        if (t.startsWith("numeric")) {
            t = "decimal" + t.substring("numeric".length());
        }
        Matcher f = FLOAT_P.matcher(t);
        if (f.matches()) {
            t = Integer.parseInt(f.group(1)) <= 24 ? "float" : "double";
        }
        return ZERO_PRECISION.matcher(t).replaceAll("$1");
    }

    private static String postgres(String t) {
        Matcher f = FLOAT_P.matcher(t);
        if (f.matches()) {
            return Integer.parseInt(f.group(1)) <= 24 ? "real" : "double precision";
        }
        return switch (t) {
            case "float4" -> "real";
            case "float8", "float" -> "double precision";
            case "int2" -> "smallint";
            case "int", "int4" -> "integer";
            case "int8" -> "bigint";
            case "bool" -> "boolean";
            default -> t.replace("character varying", "varchar").replace("timestamptz", "timestamp with time zone")
                    .replaceAll("^character\\(", "char(");
        };
    }

    private static String h2(String t) {
        Matcher f = FLOAT_P.matcher(t);
        if (f.matches()) {
            return Integer.parseInt(f.group(1)) <= 24 ? "real" : "double precision";
        }
        return switch (t) {
            case "double", "float" -> "double precision";
            case "int" -> "integer";
            case "character large object" -> "clob";
            case "binary large object" -> "blob";
            default -> t.replace("character varying", "varchar").replace("binary varying", "varbinary")
                    .replace("decimal", "numeric").replaceAll("^character\\(", "char(");
        };
    }
}
