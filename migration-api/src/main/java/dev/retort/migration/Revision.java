package dev.retort.migration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Places a {@link Migration} in the revision graph.
 *
 * <p>The id is what the history table records and what {@code -Dmigrate.target} names; the parents
 * are the revisions this one was generated against. A revision without parents starts the graph
 * (it follows {@code base}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Revision {

    /** Unique id, by convention {@code yyyyMMdd_HHmm_xxxx}. */
    String id();

    /** Ids of the revisions this one follows; empty for the first revision. */
    String[] parents() default {};

    /** The human description given to {@code migrate:generate}, shown by {@code migrate:history}. */
    String message() default "";
}
