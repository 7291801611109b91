package dev.retort.processor;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.core.model.UserType;
import dev.retort.migration.ColumnType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collection;

/**
 * Writes the snapshot file in exactly the bytes {@link SchemaJson#write} produces (properties
 * sorted, default values left out, two-space indent, {@code \n}, trailing newline), without
 * loading Jackson into javac: Jackson's start-up cost more than binding 500 entities. Each model
 * record's components are listed here by hand, sorted by name, rather than read by reflection (which
 * made javac generate an accessor class per component); a test fails when a record gains a component
 * this list lacks, and another holds the output byte-equal to {@link SchemaJson}'s.
 */
final class SnapshotJson {

    private static final String[] INDENTS = new String[16];

    /** How much text {@link #write(Schema, String, Writer)} gathers before handing it on. */
    private static final int FLUSH_AT = 1 << 15;

    static {
        for (int i = 0; i < INDENTS.length; i++) {
            INDENTS[i] = "  ".repeat(i);
        }
    }

    private SnapshotJson() {}

    static String write(Schema schema) {
        return write(schema, null);
    }

    /** The file, recording {@code naming} (the option value) after the format when not null. */
    static String write(Schema schema, String naming) {
        StringWriter text = new StringWriter();
        try {
            write(schema, naming, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return text.toString();
    }

    /**
     * The file, as {@link #write(Schema, String)} has it, into {@code sink} a few tables at a time: the
     * 2–3 MB of a large model are never held whole, copied to a string, then encoded again.
     */
    static void write(Schema schema, String naming, Writer sink) throws IOException {
        StringBuilder out = new StringBuilder(FLUSH_AT + (FLUSH_AT >> 1));
        char[] chunk = new char[out.capacity()];
        out.append("{\n  \"format\": ").append(SchemaJson.FORMAT);
        if (naming != null) {
            out.append(",\n  \"naming\": ");
            string(out, naming);
        }
        if (!schema.sequences().isEmpty()) {
            out.append(",\n  \"sequences\": ");
            array(out, schema.sequences(), 1);
        }
        if (!schema.tables().isEmpty()) {
            // array(out, tables, 1), a table at a time
            out.append(",\n  \"tables\": ");
            boolean first = true;
            for (Table table : schema.tables()) {
                out.append(first ? "[\n" : ",\n").append(INDENTS[2]);
                first = false;
                object(out, table, 2);
                if (out.length() >= FLUSH_AT) {
                    chunk = flush(out, chunk, sink);
                }
            }
            out.append('\n').append(INDENTS[1]).append(']');
        }
        if (!schema.types().isEmpty()) {
            out.append(",\n  \"types\": ");
            array(out, schema.types(), 1);
        }
        flush(out.append("\n}\n"), chunk, sink);
    }

    /**
     * Hands the text gathered on to {@code sink} through a reused array: {@code Writer.append} would
     * copy it to a string, which the encoder copies again to a new array.
     */
    private static char[] flush(StringBuilder out, char[] chunk, Writer sink) throws IOException {
        char[] into = chunk.length >= out.length() ? chunk : new char[out.length()];
        out.getChars(0, out.length(), into, 0);
        sink.write(into, 0, out.length());
        out.setLength(0);
        return into;
    }

    private static void value(StringBuilder out, Object value, int depth) {
        if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Enum<?> e) {
            string(out, e.name());
        } else if (value instanceof Collection<?> c) {
            array(out, c, depth);
        } else if (value instanceof Record r) {
            object(out, r, depth);
        } else {
            throw new IllegalArgumentException("no JSON for " + value.getClass());
        }
    }

    /**
     * A model record's components as name, value, name, value…, sorted by name, as Jackson's
     * SORT_PROPERTIES_ALPHABETICALLY orders them.
     */
    static Object[] properties(Record r) {
        if (r instanceof Table t) {
            return new Object[] {
                "checks", t.checks(),
                "columns", t.columns(),
                "comment", t.comment(),
                "foreignKeys", t.foreignKeys(),
                "indexes", t.indexes(),
                "name", t.name(),
                "primaryKey", t.primaryKey(),
                "renamedFrom", t.renamedFrom(),
                "source", t.source()
            };
        } else if (r instanceof Column c) {
            return new Object[] {
                "absentOn", c.absentOn(),
                "autoIncrement", c.autoIncrement(),
                "comment", c.comment(),
                "defaultValue", c.defaultValue(),
                "name", c.name(),
                "nullable", c.nullable(),
                "renamedFrom", c.renamedFrom(),
                "source", c.source(),
                "type", c.type()
            };
        } else if (r instanceof ColumnType t) {
            return new Object[] {
                "element",
                t.element(),
                "kind",
                t.kind(),
                "length",
                t.length(),
                "national",
                t.national(),
                "precision",
                t.precision(),
                "scale",
                t.scale(),
                "values",
                t.values()
            };
        } else if (r instanceof Index i) {
            return new Object[] {
                "columns", i.columns(),
                "descending", i.descending(),
                "name", i.name(),
                "source", i.source(),
                "unique", i.unique()
            };
        } else if (r instanceof ForeignKey f) {
            return new Object[] {
                "columns", f.columns(),
                "name", f.name(),
                "onDelete", f.onDelete(),
                "onUpdate", f.onUpdate(),
                "referencedColumns", f.referencedColumns(),
                "referencedTable", f.referencedTable(),
                "source", f.source()
            };
        } else if (r instanceof Check c) {
            return new Object[] {"expression", c.expression(), "name", c.name(), "source", c.source()};
        } else if (r instanceof UserType u) {
            return new Object[] {"attributes", u.attributes(), "name", u.name(), "source", u.source()};
        } else if (r instanceof Sequence q) {
            return new Object[] {"increment", q.increment(), "name", q.name(), "source", q.source(), "start", q.start()
            };
        }
        throw new IllegalArgumentException("no JSON for " + r.getClass());
    }

    /** Jackson's NON_DEFAULT inclusion: null, false, zero and empty values are left out. */
    private static boolean isDefault(Object value) {
        return value == null
                || Boolean.FALSE.equals(value)
                || value instanceof Number n && n.longValue() == 0 && n.doubleValue() == 0
                || value instanceof String s && s.isEmpty()
                || value instanceof Collection<?> c && c.isEmpty();
    }

    private static void object(StringBuilder out, Record r, int depth) {
        boolean first = true;
        Object[] properties = properties(r);
        for (int i = 0; i < properties.length; i += 2) {
            Object v = properties[i + 1];
            if (isDefault(v)) {
                continue;
            }
            out.append(first ? "{\n" : ",\n").append(INDENTS[depth + 1]);
            first = false;
            string(out, (String) properties[i]);
            out.append(": ");
            value(out, v, depth + 1);
        }
        if (first) {
            out.append("{ }");
            return;
        }
        out.append('\n').append(INDENTS[depth]).append('}');
    }

    private static void array(StringBuilder out, Collection<?> items, int depth) {
        if (items.isEmpty()) {
            out.append("[ ]");
            return;
        }
        boolean first = true;
        for (Object item : items) {
            out.append(first ? "[\n" : ",\n").append(INDENTS[depth + 1]);
            first = false;
            value(out, item, depth + 1);
        }
        out.append('\n').append(INDENTS[depth]).append(']');
    }

    /** A JSON string as Jackson escapes it: quotes, backslashes and control characters. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        int length = s.length();
        int plain = 0;
        for (char c; plain < length && (c = s.charAt(plain)) >= 0x20 && c != '"' && c != '\\'; ) {
            plain++;
        }
        // names and types, almost every string of a snapshot, need no escape: appended whole (a copy of the
        // string's bytes, where a range is appended char by char)
        if (plain == length) {
            out.append(s).append('"');
            return;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < length; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
