package dev.retort.core.dialect;

import dev.retort.core.errors.Text;

/**
 * A precondition of an operation on existing data, checked right before its statements run: a
 * query whose first column counts the rows that would make the operation fail or, worse, succeed
 * wrongly (orphans hidden by {@code foreign_key_checks=0}, NULLs a non-strict server fills with
 * {@code ''} or {@code 0}). Zero means go.
 *
 * @param query   SQL returning one row with the count in its first column
 * @param problem what the counted rows are, after the count: {@code "rows of orders with NULL in amount"}; starts with "rows "
 * @param remedy  what the user does about it, its hints worded by the edge that shows it
 */
public record Guard(String query, String problem, Text remedy) {}
