package dev.retort.core.ops;

import dev.retort.core.model.Column;

/** Shared wording for {@link Operation#describe()}. */
final class Describe {

    private Describe() {}

    static String column(Column c) {
        return c.name() + " " + c.type() + (c.nullable() ? " NULL" : " NOT NULL")
                + (c.autoIncrement() ? " AUTO_INCREMENT" : "")
                + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue())
                + (c.comment() == null ? "" : " COMMENT '" + c.comment().replace("'", "''") + "'")
                + absentOn(c.absentOn());
    }

    /** {@code " ABSENT ON h2"}, or nothing for a column on every database (so older checksums hold). */
    static String absentOn(java.util.Set<String> databases) {
        return databases.isEmpty() ? "" : " ABSENT ON " + String.join(",", databases);
    }
}
