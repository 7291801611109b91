package dev.retort.core.model;

import java.util.Objects;

/**
 * A sequence, as {@code @SequenceGenerator} (or Hibernate's defaults) declares it.
 *
 * @param source the mapping element it came from, for review comments; never compared
 */
public record Sequence(String name, long start, int increment, String source) {

    public Sequence {
        Objects.requireNonNull(name, "name");
        if (increment == 0) {
            throw new IllegalArgumentException("sequence " + name + " has increment 0");
        }
    }

    public boolean sameDefinition(Sequence o) {
        return name.equals(o.name) && start == o.start && increment == o.increment;
    }
}
