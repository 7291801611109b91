package dev.retort.core.dialect;

import dev.retort.migration.ColumnType;

/** MariaDB 10.7+: as MySQL, but with a native {@code uuid} type, as Hibernate ORM 7's {@code MariaDBDialect} uses. */
public class MariaDbDialect extends MySqlDialect {

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String columnType(ColumnType t) {
        return t.kind() == ColumnType.Kind.UUID ? "uuid" : super.columnType(t);
    }
}
