package dev.retort.migration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * States that an entity's table or a field's column was renamed, so {@code migrate:generate}
 * writes a rename (which keeps the data) instead of a drop and an add (which loses it).
 * The value is the old physical name. Remove the annotation once the rename has shipped.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD})
public @interface RenamedFrom {

    /** The old table or column name, as it is in the database. */
    String value();
}
