package dev.retort.core.model;

import dev.retort.migration.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The check Hibernate puts on a JSON column that holds an embeddable (its JSON aggregate): the
 * embeddable's NOT NULL and checked attributes, tested inside the JSON value. Each database reads a
 * JSON member in its own syntax ({@code cast(home->>'zip' as integer)} on PostgreSQL, {@code
 * cast(json_unquote(nullif(json_extract(home,'$.zip'),cast('null' as json))) as signed)} on MySQL), so
 * the snapshot keeps the check's parts and each dialect renders them, as it renders an enum column's
 * own check. It is the {@link Check#expression() expression} of a {@link Check}, written as
 *
 * <pre>json home null {amount DECIMAL(38,2) not null; kind TINYINT check (kind between 0 and 2); named ENUM[A,B]; tag JSON {label VARCHAR(255) not null}}</pre>
 *
 * the JSON column, whether it is nullable, then the attributes in Hibernate's order (by attribute
 * name, a record's in component order): the member's key, its column type, {@code not null}, and its
 * own check condition (the column name in it stands for the member's value); an embeddable stored as
 * JSON inside it as type {@code JSON} with its own constrained attributes between braces.
 *
 * @param column     the JSON column
 * @param nullable   whether the JSON column itself is nullable (Hibernate then lets a null document pass)
 * @param attributes the attributes a database may check: NOT NULL ones, ones with a check condition, enums
 */
public record JsonAggregateCheck(String column, boolean nullable, List<Attribute> attributes) {

    private static final String PREFIX = "json ";

    /**
     * An attribute of the embeddable, a member of the JSON document.
     *
     * @param key        the member's name (the attribute's column name)
     * @param type       the column type the attribute would have as a column of its own ({@code JSON} for
     *                   an embeddable stored as JSON inside this one)
     * @param nullable   false for {@code @Column(nullable = false)} (and Bean Validation's {@code @NotNull})
     * @param check      its own check condition on its column name ({@code kind between 0 and 2}), or null
     * @param attributes an embeddable stored as JSON inside this one: its own constrained attributes, checked
     *                   within the member's value; null for any other attribute
     */
    public record Attribute(String key, ColumnType type, boolean nullable, String check, List<Attribute> attributes) {

        public Attribute {
            attributes = attributes == null ? null : List.copyOf(attributes);
        }

        public Attribute(String key, ColumnType type, boolean nullable, String check) {
            this(key, type, nullable, check, null);
        }

        /** True for an embeddable stored as JSON inside the aggregate. */
        public boolean nested() {
            return attributes != null;
        }
    }

    public JsonAggregateCheck {
        attributes = List.copyOf(attributes);
    }

    /** The check's expression as the snapshot stores it. */
    public String write() {
        StringBuilder out = new StringBuilder(PREFIX).append(column).append(nullable ? " null " : " not null ");
        return write(out, attributes).toString();
    }

    private static StringBuilder write(StringBuilder out, List<Attribute> attributes) {
        out.append('{');
        String separator = "";
        for (Attribute a : attributes) {
            out.append(separator).append(a.key()).append(' ').append(type(a.type()));
            if (!a.nullable()) {
                out.append(" not null");
            }
            if (a.check() != null) {
                out.append(" check (").append(a.check()).append(')');
            }
            if (a.nested()) {
                write(out.append(' '), a.attributes());
            }
            separator = "; ";
        }
        return out.append('}');
    }

    /** The JSON aggregate check a check expression writes, or empty for any other expression. */
    public static Optional<JsonAggregateCheck> read(String expression) {
        if (!expression.startsWith(PREFIX) || !expression.endsWith("}")) {
            return Optional.empty();
        }
        int open = expression.indexOf(" {");
        String head = expression.substring(PREFIX.length(), open);
        boolean nullable = !head.endsWith(" not null");
        String column = head.substring(0, head.length() - (nullable ? " null".length() : " not null".length()));
        return Optional.of(new JsonAggregateCheck(
                column, nullable, attributes(expression.substring(open + 2, expression.length() - 1))));
    }

    /** The attributes between an aggregate's braces. */
    private static List<Attribute> attributes(String body) {
        List<Attribute> attributes = new ArrayList<>();
        for (String part : split(body)) {
            int space = part.indexOf(' ');
            String key = space < 0 ? part : part.substring(0, space);
            String rest = space < 0 ? "" : part.substring(space + 1);
            int typeEnd = typeEnd(rest);
            ColumnType type = parseType(rest.substring(0, typeEnd));
            rest = rest.substring(typeEnd).trim();
            boolean attributeNullable = true;
            if (rest.startsWith("not null")) {
                attributeNullable = false;
                rest = rest.substring("not null".length()).trim();
            }
            String check = null;
            List<Attribute> nested = null;
            if (rest.startsWith("check (") && rest.endsWith(")")) {
                check = rest.substring("check (".length(), rest.length() - 1);
            } else if (type.kind() == ColumnType.Kind.JSON && rest.startsWith("{") && rest.endsWith("}")) {
                nested = attributes(rest.substring(1, rest.length() - 1));
            }
            attributes.add(new Attribute(key, type, attributeNullable, check, nested));
        }
        return attributes;
    }

    /** The attribute specifications: split at {@code ;} outside quotes and parentheses. */
    private static List<String> split(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (quote != 0) {
                quote = ch == quote ? 0 : quote;
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
            } else if (ch == '(' || ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ')' || ch == ']' || ch == '}') {
                depth--;
            } else if (ch == ';' && depth == 0) {
                parts.add(body.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!body.isBlank()) {
            parts.add(body.substring(start).trim());
        }
        return parts;
    }

    private static int typeEnd(String rest) {
        int depth = 0;
        int i = rest.startsWith("NATIONAL ") ? "NATIONAL ".length() : 0;
        for (; i < rest.length(); i++) {
            char ch = rest.charAt(i);
            if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                depth--;
            } else if (ch == ' ' && depth == 0) {
                return i;
            }
        }
        return rest.length();
    }

    /** {@code VARCHAR(255)}, {@code DECIMAL(38,2)}, {@code TIMESTAMP(6)}, {@code ENUM[A,B]}, {@code NATIONAL VARCHAR(40)}. */
    static String type(ColumnType t) {
        String size = switch (t.kind()) {
            case VARCHAR, CHAR, VARBINARY, BINARY -> "(" + t.length() + ")";
            case CLOB, BLOB, ENUM -> t.length() == 0 ? "" : "(" + t.length() + ")";
            case DECIMAL -> "(" + t.precision() + "," + t.scale() + ")";
            case TIME, TIMESTAMP, TIMESTAMP_TZ, TIME_TZ, TIMESTAMP_TZ_NATIVE -> "(" + t.precision() + ")";
            default -> "";
        };
        String values = t.kind() == ColumnType.Kind.ENUM ? "[" + String.join(",", t.values()) + "]" : "";
        return (t.national() ? "NATIONAL " : "") + t.kind() + size + values;
    }

    static ColumnType parseType(String spec) {
        boolean national = spec.startsWith("NATIONAL ");
        String s = national ? spec.substring("NATIONAL ".length()) : spec;
        int end = 0;
        while (end < s.length() && (Character.isLetter(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
        }
        ColumnType.Kind kind = ColumnType.Kind.valueOf(s.substring(0, end).toUpperCase(Locale.ROOT));
        int a = 0;
        int b = 0;
        if (end < s.length() && s.charAt(end) == '(') {
            int close = s.indexOf(')', end);
            String[] numbers = s.substring(end + 1, close).split(",");
            a = Integer.parseInt(numbers[0].trim());
            b = numbers.length > 1 ? Integer.parseInt(numbers[1].trim()) : 0;
            end = close + 1;
        }
        List<String> values = List.of();
        if (end < s.length() && s.charAt(end) == '[') {
            String inner = s.substring(end + 1, s.lastIndexOf(']'));
            values = inner.isEmpty() ? List.of() : List.of(inner.split(","));
        }
        ColumnType type = switch (kind) {
            case DECIMAL -> new ColumnType(kind, 0, a, b, values);
            case TIME, TIMESTAMP, TIMESTAMP_TZ, TIME_TZ, TIMESTAMP_TZ_NATIVE -> new ColumnType(kind, 0, a, 0, values);
            default -> new ColumnType(kind, a, 0, 0, values);
        };
        return national ? type.asNational() : type;
    }
}
