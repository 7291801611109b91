package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import java.util.List;

/**
 * Changes a sequence's recorded start and its increment; the current value is kept. Carries the
 * definition before the change so it can be inverted and checked against the replayed schema.
 */
public record AlterSequence(Sequence from, Sequence to) implements Operation {

    public AlterSequence {
        if (!from.name().equalsIgnoreCase(to.name())) {
            throw new ReplayException("alterSequence " + from.name() + " cannot rename to " + to.name());
        }
    }

    @Override
    public String table() {
        return to.name();
    }

    @Override
    public Schema applyTo(Schema schema) {
        Sequence current = schema.sequence(from.name())
                .orElseThrow(() -> new ReplayException(describe() + ": sequence " + from.name() + " does not exist"));
        if (current.start() != from.start() || current.increment() != from.increment()) {
            throw new ReplayException(
                    describe() + ": the migration expects START " + from.start() + " INCREMENT " + from.increment()
                            + " but the schema has START " + current.start() + " INCREMENT " + current.increment());
        }
        return schema.with(new Sequence(current.name(), to.start(), to.increment(), current.source()));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new AlterSequence(to, from));
    }

    @Override
    public String describe() {
        return "alterSequence " + from.name() + " START " + from.start() + " INCREMENT " + from.increment()
                + " -> START " + to.start() + " INCREMENT " + to.increment();
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.alterSequence(this);
    }
}
