/**
 * The javac annotation processor that turns {@code @Entity} classes into the schema snapshot
 * {@code META-INF/retort/schema.json}. Only {@link dev.retort.processor.RetortProcessor} is public;
 * the stages behind it (scan, assemble, write) are package-private.
 */
package dev.retort.processor;
