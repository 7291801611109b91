package dev.retort.core.safety;

import java.util.Locale;

/** How much a finding matters: {@code ERROR} stops {@code upgrade} until acknowledged; {@code OFF} silences a rule. */
public enum Severity {
    ERROR,
    WARNING,
    INFO,
    OFF;

    /** {@code error}, {@code warning} (or {@code warn}), {@code info}, {@code off}. */
    public static Severity parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            case "info" -> INFO;
            case "off", "none" -> OFF;
            default ->
                throw new IllegalArgumentException("unknown severity '" + text + "'; use error, warning, info or off");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
