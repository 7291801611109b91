package dev.retort.core.runner;

import dev.retort.core.errors.Text;
import java.util.List;

/**
 * The database and the migrations disagree: an applied revision was edited (its checksum changed),
 * or the database records a revision no migration class has. Nothing was run.
 */
public class ChecksumMismatchException extends MigrationException {

    private final List<String> edited;
    private final List<String> unknown;

    public ChecksumMismatchException(List<String> edited, List<String> unknown, Text text) {
        super(text, null);
        this.edited = List.copyOf(edited);
        this.unknown = List.copyOf(unknown);
    }

    /** Applied revisions whose operations no longer match their recorded checksum. */
    public List<String> edited() {
        return edited;
    }

    /** Recorded revisions that no migration class has. */
    public List<String> unknown() {
        return unknown;
    }
}
