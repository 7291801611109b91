package dev.retort.core.errors;

/**
 * How one edge tells its user to do what a {@link Hint} says: the Maven plugin as
 * {@code mvn migrate:upgrade} and {@code -Dmigrate.allowDataLoss=true}, the start-up API as builder
 * methods, the Spring Boot starter as {@code retort.*} properties.
 */
public interface Wording {

    /** The hint in this edge's words, to stand inside a sentence. */
    String hint(Hint hint);

    /** The last touch on a whole rendered message, e.g. masking a password; by default none. */
    default String finish(String message) {
        return message;
    }

    /** The core's own words, naming settings and actions by their neutral names: {@code allowDataLoss=true}, {@code the upgrade action}. */
    Wording NEUTRAL = hint -> {
        String setting = hint.setting() == null
                ? ""
                : hint.value() == null ? hint.setting().key() : hint.setting().key() + "=" + hint.value();
        if (hint.action() == null) {
            return setting;
        }
        return "the " + hint.action().key() + " action" + (setting.isEmpty() ? "" : " with " + setting);
    };
}
