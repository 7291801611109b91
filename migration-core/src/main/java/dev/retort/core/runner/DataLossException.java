package dev.retort.core.runner;

import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import java.util.List;
import java.util.stream.Collectors;

/** Steps that destroy data are not acknowledged in the migration source; nothing was run. */
public class DataLossException extends MigrationException {

    /** One step that destroys data: its revision, its number (from 1) and what it does. */
    public record LossyStep(String revision, int number, String description) {}

    private final Action direction;
    private final List<LossyStep> steps;

    public DataLossException(Action direction, List<LossyStep> steps) {
        super(
                Text.of(
                        "Refusing to " + direction.key() + ": " + steps.size() + " step"
                                + (steps.size() == 1 ? " destroys" : "s destroy")
                                + " data without acknowledgement; nothing was run.\n"
                                + steps.stream()
                                        .map(s -> "  " + s.revision() + " step " + s.number() + ": " + s.description())
                                        .collect(Collectors.joining("\n"))
                                + "\nReview each step, then add .acceptDataLoss() to it in the migration source (or pass ",
                        Hint.set(Setting.ALLOW_DATA_LOSS, "true"),
                        " for a local database you can rebuild)."),
                null);
        this.direction = direction;
        this.steps = List.copyOf(steps);
    }

    /** {@link Action#UPGRADE} or {@link Action#DOWNGRADE}. */
    public Action direction() {
        return direction;
    }

    public List<LossyStep> steps() {
        return steps;
    }
}
