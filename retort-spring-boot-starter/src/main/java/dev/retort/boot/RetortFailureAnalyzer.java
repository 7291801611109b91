package dev.retort.boot;

import dev.retort.core.history.GraphException;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.MigrationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a failed start-up migration into Spring Boot's "APPLICATION FAILED TO START" report with
 * Retort's own text (the revision, the step, what is committed, how to recover) instead of a
 * stack trace. The report is already in the starter's words ({@link RetortWording}, which the
 * configurer gives the builder); the {@code mvn migrate:*} goals it names for what the starter
 * cannot do work on the same database.
 */
class RetortFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MigrationException || t instanceof GraphException) {
                return new FailureAnalysis(
                        "Retort could not migrate the database at start-up:\n\n" + t.getMessage(),
                        "Fix the cause above, then start the application again: the migration resumes at the step that "
                                + "did not finish (the mvn migrate:* goals named above work on the same database). "
                                + "retort.enabled=false starts the application without migrating.",
                        t);
            }
            if (t instanceof Connections.ConnectionException) {
                return new FailureAnalysis(
                        "Retort could not connect to the database to migrate it:\n\n" + t.getMessage(),
                        "Check retort.url, retort.user and retort.password (default: spring.datasource.*), "
                                + "or set retort.enabled=false.",
                        t);
            }
        }
        return null;
    }
}
