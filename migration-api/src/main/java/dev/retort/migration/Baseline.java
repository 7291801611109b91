package dev.retort.migration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link Migration} written by {@code migrate:squash}: one revision that builds, from an
 * empty schema, exactly what the revisions it {@linkplain #replaces replaces} built.
 *
 * <p>A database whose history records {@link #through} (and so everything before it) counts as
 * having this revision applied: on first contact Retort records the baseline in place of the
 * replaced rows and runs nothing. A database that recorded only some of the replaced revisions is
 * refused, since the baseline cannot say which of its steps that database lacks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Baseline {

    /** The last revision folded in: the schema the baseline builds is the schema at this revision. */
    String through();

    /** Every revision id the baseline stands in for, {@link #through} among them. */
    String[] replaces();

    /**
     * SHA-256 of the canonical schema JSON at {@link #through}, as replayed when the squash was
     * made; {@code migrate:check} replays the baseline and fails when it builds anything else.
     */
    String schema();
}
