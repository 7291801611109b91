package dev.retort.migration;

import java.util.Locale;

/**
 * A database Retort migrates, for the rare column that exists on some of them only: Hibernate's
 * {@code @TimeZoneStorage(AUTO)} keeps an offset column beside the value on PostgreSQL, MySQL and
 * MariaDB, and none on H2, whose timestamps store the offset themselves ({@link Column#absentOn}).
 */
public enum Database {
    MYSQL,
    MARIADB,
    POSTGRESQL,
    H2;

    /** The name {@code migrate.dialect} uses for it: {@code mysql}, {@code mariadb}, {@code postgresql}, {@code h2}. */
    public String dialectName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The database {@code migrate.dialect} names, ignoring case. */
    public static Database ofDialect(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
