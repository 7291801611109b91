package dev.retort.core.runner;

import dev.retort.core.dialect.NoColumnTypeException;
import dev.retort.core.errors.Text;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Steps declare a column whose type the database has none for, as Hibernate has none there either
 * (an {@code interval second} on MySQL and MariaDB); nothing was run. The way out is the one
 * Hibernate's own export needs: {@code @Column(columnDefinition = "…")} on the attribute.
 */
public class NoColumnTypeRefusalException extends MigrationException {

    /** One such column: the revision and step (from 1) that declare it. */
    public record Refused(String revision, int number, NoColumnTypeException.Missing column) {}

    private final String dialect;
    private final List<Refused> columns;

    /** @param what what was refused: {@code upgrade}, {@code downgrade}, {@code write the script} */
    public NoColumnTypeRefusalException(String what, String dialect, List<Refused> columns) {
        super(
                Text.of(
                        "Refusing to " + what + ": " + columns.size() + " column"
                                + (columns.size() == 1 ? " has" : "s have")
                                + " no column type on " + dialect
                                + ", and Hibernate has none there either; nothing was run.\n"
                                + columns.stream()
                                        .map(c -> "  " + c.revision() + " step " + c.number() + ": " + c.column())
                                        .collect(Collectors.joining("\n"))
                                + "\nGive the attribute the type this database should use, as Hibernate's export needs too: "
                                + "@Column(columnDefinition = \"…\"); or, for a Duration, drop @JdbcTypeCode(INTERVAL_SECOND) "
                                + "(nanoseconds in numeric(21) on every database); then generate a migration that changes the column."),
                null);
        this.dialect = dialect;
        this.columns = List.copyOf(columns);
    }

    public String dialect() {
        return dialect;
    }

    public List<Refused> columns() {
        return columns;
    }
}
