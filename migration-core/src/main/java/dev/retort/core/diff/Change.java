package dev.retort.core.diff;

import dev.retort.core.ops.Operation;

/**
 * One generated step: the operation and the one-line comment a reviewer reads above it.
 *
 * @param comment where the change came from ({@code Customer.bio: new field}); never null
 * @param review  a {@code REVIEW} note when the step loses data or can fail on existing rows; null otherwise
 */
public record Change(Operation operation, String comment, String review) {}
