package dev.retort.core.ops;

import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import java.util.List;

/**
 * Drops a sequence. Its current value is lost; recreating it restarts at its start value, which
 * can collide with existing ids, hence it counts as data loss.
 */
public record DropSequence(String name, boolean dataLossAccepted) implements Operation {

    public DropSequence(String name) {
        this(name, false);
    }

    @Override
    public String table() {
        return name;
    }

    private Sequence find(Schema schema) {
        return schema.sequence(name)
                .orElseThrow(() -> new ReplayException(describe() + ": sequence " + name + " does not exist"));
    }

    @Override
    public Schema applyTo(Schema schema) {
        find(schema);
        return schema.withoutSequence(name);
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new CreateSequence(find(before)));
    }

    @Override
    public boolean destroysData() {
        return true;
    }

    @Override
    public Operation acceptingDataLoss() {
        return new DropSequence(name, true);
    }

    @Override
    public String describe() {
        return "dropSequence " + name;
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.dropSequence(this);
    }
}
