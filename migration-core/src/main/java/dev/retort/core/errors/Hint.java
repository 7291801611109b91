package dev.retort.core.errors;

import java.util.Objects;

/**
 * What a message tells the user to do: run an {@link Action} (optionally with one setting), or
 * change a {@link Setting} to a value. Rendered by a {@link Wording}.
 *
 * @param action  what to run; null when the hint only changes a setting
 * @param setting the setting to give, or null
 * @param value   the setting's value, written as the user would write it; null when the hint names the setting only
 */
public record Hint(Action action, Setting setting, String value) {

    public Hint {
        if (action == null) {
            Objects.requireNonNull(setting, "a hint names an action or a setting");
        }
    }

    /** Run {@code action}. */
    public static Hint run(Action action) {
        return new Hint(Objects.requireNonNull(action), null, null);
    }

    /** Run {@code action} with {@code setting=value}. */
    public static Hint run(Action action, Setting setting, String value) {
        return new Hint(Objects.requireNonNull(action), Objects.requireNonNull(setting), value);
    }

    /** Give {@code setting} the value {@code value}. */
    public static Hint set(Setting setting, String value) {
        return new Hint(null, setting, value);
    }

    /** The setting itself, named (e.g. where a message says which setting allowed something). */
    public static Hint name(Setting setting) {
        return new Hint(null, setting, null);
    }
}
