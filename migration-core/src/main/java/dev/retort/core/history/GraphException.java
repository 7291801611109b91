package dev.retort.core.history;

/** The migrations do not form a usable graph, or a target does not name a revision in it. */
public class GraphException extends RuntimeException {

    public GraphException(String message) {
        super(message);
    }
}
