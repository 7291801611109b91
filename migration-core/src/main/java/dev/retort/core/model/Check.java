package dev.retort.core.model;

import java.util.Objects;

/**
 * A check constraint.
 *
 * @param expression the SQL condition, as written in the mapping; or, for the check Hibernate declares on a
 *                   JSON aggregate, its parts ({@link JsonAggregateCheck}), which each dialect renders in its
 *                   own SQL ({@code Dialect.checkCondition})
 * @param source     the mapping element it came from, for review comments; never compared
 */
public record Check(String name, String expression, String source) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
    }

    public boolean sameDefinition(Check o) {
        return name.equals(o.name) && expression.equals(o.expression);
    }
}
