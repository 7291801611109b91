package dev.retort.core.runner;

import dev.retort.core.errors.Text;
import java.util.List;

/**
 * The database recorded some of the revisions a squash baseline replaces but not the last one it
 * folds in: the baseline cannot stand in for that history (it would skip the steps the database
 * lacks), and running it would fail on the tables the database already has.
 */
public class SquashedHistoryException extends MigrationException {

    private final String baseline;
    private final String through;
    private final List<String> at;

    public SquashedHistoryException(String baseline, String through, List<String> at, Text text) {
        super(text, null);
        this.baseline = baseline;
        this.through = through;
        this.at = List.copyOf(at);
    }

    /** The squash baseline's revision id. */
    public String baseline() {
        return baseline;
    }

    /** The last revision the baseline folds in, which the database has not reached. */
    public String through() {
        return through;
    }

    /** Where the database is among the replaced revisions (its recorded tips). */
    public List<String> at() {
        return at;
    }
}
