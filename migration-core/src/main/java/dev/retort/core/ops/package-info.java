/**
 * Schema operations as data: each can be replayed onto a {@link dev.retort.core.model.Schema},
 * inverted, checked for data loss and rendered to SQL by a dialect.
 */
package dev.retort.core.ops;
