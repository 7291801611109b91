package dev.retort.core.errors;

/**
 * A setting has a value the core cannot use. An {@link IllegalArgumentException}, as before there
 * were typed errors; the edge names the setting in its own words ({@link #setting()}).
 */
public class InvalidSettingException extends IllegalArgumentException implements Worded {

    private final Setting setting;
    private final Text text;

    /** @param text the problem, naming the setting with {@link Hint#name} or {@link Hint#set} */
    public InvalidSettingException(Setting setting, Text text) {
        super(text.toString());
        this.setting = setting;
        this.text = text;
    }

    public Setting setting() {
        return setting;
    }

    @Override
    public Text text() {
        return text;
    }
}
