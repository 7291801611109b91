package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import java.util.List;

/** Creates a sequence. */
public record CreateSequence(Sequence sequence) implements Operation {

    @Override
    public String table() {
        return sequence.name();
    }

    @Override
    public Schema applyTo(Schema schema) {
        if (schema.sequence(sequence.name()).isPresent()
                || schema.table(sequence.name()).isPresent()) {
            throw new ReplayException(describe() + ": " + sequence.name() + " already exists");
        }
        return schema.with(sequence);
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new DropSequence(sequence.name()));
    }

    @Override
    public String describe() {
        return "createSequence " + sequence.name() + " START " + sequence.start() + " INCREMENT "
                + sequence.increment();
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.createSequence(this);
    }
}
