package dev.retort.core.ops;

import dev.retort.core.model.Column;

/** Shared wording for {@link Operation#describe()}. */
final class Describe {

    private Describe() {}

    static String column(Column c) {
        return c.name() + " " + c.type() + (c.nullable() ? " NULL" : " NOT NULL")
                + (c.autoIncrement() ? " AUTO_INCREMENT" : "")
                + (c.defaultValue() == null ? "" : " DEFAULT " + c.defaultValue())
                + (c.comment() == null ? "" : " COMMENT '" + c.comment().replace("'", "''") + "'");
    }
}
