package dev.retort.core.errors;

/** Something a message can tell the user to run; the Maven plugin has a goal for each. */
public enum Action {
    UPGRADE("upgrade"),
    DOWNGRADE("downgrade"),
    STAMP("stamp"),
    GENERATE("generate"),
    MERGE("merge"),
    SQUASH("squash"),
    HISTORY("history");

    private final String key;

    Action(String key) {
        this.key = key;
    }

    /** The action's name: {@code upgrade}. */
    public String key() {
        return key;
    }
}
