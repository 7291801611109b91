/**
 * What an error tells the user to do, as data: the {@link dev.retort.core.errors.Setting} to change,
 * the {@link dev.retort.core.errors.Action} to run. Core messages are {@link dev.retort.core.errors.Text}
 * with {@link dev.retort.core.errors.Hint}s in them; the edge that shows them (the Maven plugin, the
 * start-up API, the Spring Boot starter) supplies a {@link dev.retort.core.errors.Wording} that says
 * how its user does that. Depends on no other package of the core.
 */
package dev.retort.core.errors;
