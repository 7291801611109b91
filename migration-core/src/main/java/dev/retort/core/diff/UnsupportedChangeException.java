package dev.retort.core.diff;

import java.util.List;

/** The model changed in a way Retort cannot express as a safe migration; the message says which and what to do. */
public class UnsupportedChangeException extends RuntimeException {

    private final List<String> problems;

    public UnsupportedChangeException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public UnsupportedChangeException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, for listing. */
    public List<String> problems() {
        return problems;
    }
}
