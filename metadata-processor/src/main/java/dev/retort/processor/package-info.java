/**
 * The javac annotation processor that writes the schema snapshot. Three stages: collect the
 * {@code @Entity} (and auto-applied {@code @Converter}) classes of every round; bind them, in the
 * last round, to the tables, keys, constraints and sequences Hibernate ORM 7 would create
 * ({@code Binder} and its helpers); write {@code META-INF/retort/schema.json} once. Annotations are
 * matched by name, so neither JPA namespace, Hibernate nor Bean Validation need be on the processor path.
 * Only {@link dev.retort.processor.RetortProcessor} is public.
 */
package dev.retort.processor;
