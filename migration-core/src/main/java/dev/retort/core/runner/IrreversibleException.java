package dev.retort.core.runner;

import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import java.util.List;

/** A revision on the way down declares that it cannot be reverted; nothing was run. */
public class IrreversibleException extends MigrationException {

    /** A revision that cannot be reverted and why. */
    public record Irreversible(String revision, String className, String reason) {}

    private final List<Irreversible> revisions;

    public IrreversibleException(List<Irreversible> revisions) {
        super(
                Text.of(
                        "Refusing to downgrade: " + revisions.size() + " revision"
                                + (revisions.size() == 1 ? " declares" : "s declare")
                                + " that it cannot be reverted; nothing was run.\n"
                                + String.join(
                                        "\n",
                                        revisions.stream()
                                                .map(r ->
                                                        "  " + r.revision() + " (" + r.className() + "): " + r.reason())
                                                .toList())
                                + "\nDowngrade to a revision above it (",
                        Hint.set(Setting.TARGET, "<revision>"),
                        "), or restore the database from a backup."),
                null);
        this.revisions = List.copyOf(revisions);
    }

    public List<Irreversible> revisions() {
        return revisions;
    }
}
