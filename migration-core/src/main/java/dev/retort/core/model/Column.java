package dev.retort.core.model;

import dev.retort.migration.ColumnType;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A column of the schema snapshot.
 *
 * @param defaultValue the server default as an SQL expression ({@code 0}, {@code 'new'}), or null
 * @param comment      the comment stored in the database, or null
 * @param source       the entity member it was mapped from ({@code User.bio}), for review comments;
 *                     {@code null} when the column came from replaying migrations. Never compared.
 * @param renamedFrom  the old column name stated by {@code @RenamedFrom}, a hint for the differ; never compared
 * @param absentOn     the databases ({@code migrate.dialect} names: {@code h2}, …) on which the column does not
 *                     exist, sorted; empty for an ordinary column. Hibernate's {@code @TimeZoneStorage(AUTO)}
 *                     keeps an offset column on PostgreSQL, MySQL and MariaDB but not on H2. Operations on
 *                     the column run no SQL there and drift detection expects it missing ({@link
 *                     Schema#on}).
 */
public record Column(
        String name,
        ColumnType type,
        boolean nullable,
        boolean autoIncrement,
        String defaultValue,
        String comment,
        String source,
        String renamedFrom,
        Set<String> absentOn) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        absentOn = databases(absentOn);
    }

    /** A column on every database. */
    public Column(
            String name,
            ColumnType type,
            boolean nullable,
            boolean autoIncrement,
            String defaultValue,
            String comment,
            String source,
            String renamedFrom) {
        this(name, type, nullable, autoIncrement, defaultValue, comment, source, renamedFrom, Set.of());
    }

    /** Database names as {@link #absentOn} holds them: lower case, sorted, unmodifiable. */
    public static Set<String> databases(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.of();
        }
        TreeSet<String> sorted = new TreeSet<>();
        names.forEach(n -> sorted.add(n.toLowerCase(Locale.ROOT)));
        return Collections.unmodifiableSortedSet(sorted);
    }

    /** True when the column does not exist on the database {@code migrate.dialect} names. */
    public boolean absentOn(String database) {
        return absentOn.contains(database.toLowerCase(Locale.ROOT));
    }

    /** A column without default or comment. */
    public Column(String name, ColumnType type, boolean nullable, boolean autoIncrement, String source) {
        this(name, type, nullable, autoIncrement, null, null, source, null);
    }

    /** A column without rename hint. */
    public Column(
            String name,
            ColumnType type,
            boolean nullable,
            boolean autoIncrement,
            String defaultValue,
            String comment,
            String source) {
        this(name, type, nullable, autoIncrement, defaultValue, comment, source, null);
    }

    /** True when both describe the same physical column, whatever their source. */
    public boolean sameDefinition(Column other) {
        return name.equals(other.name)
                && type.equals(other.type)
                && nullable == other.nullable
                && autoIncrement == other.autoIncrement
                && Objects.equals(defaultValue, other.defaultValue)
                && Objects.equals(comment, other.comment)
                && absentOn.equals(other.absentOn);
    }

    public Column withSource(String newSource) {
        return new Column(name, type, nullable, autoIncrement, defaultValue, comment, newSource, renamedFrom, absentOn);
    }

    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, autoIncrement, defaultValue, comment, source, renamedFrom, absentOn);
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, autoIncrement, defaultValue, comment, source, renamedFrom, absentOn);
    }

    /** The same column, absent on the databases named (see {@link #absentOn}). */
    public Column withAbsentOn(Collection<String> databases) {
        return new Column(
                name, type, nullable, autoIncrement, defaultValue, comment, source, renamedFrom, databases(databases));
    }
}
