package dev.retort.maven;

import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Text;
import dev.retort.core.errors.Worded;
import dev.retort.core.errors.Wording;
import java.util.function.UnaryOperator;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The core's hints in Maven's words: an action is its goal ({@code mvn migrate:upgrade}), a setting
 * its user property ({@code -Dmigrate.allowDataLoss=true}, or {@code migrate.allowDataLoss} when only
 * named). The one place that turns a core error into what a goal reports.
 */
final class MavenWording implements Wording {

    static final MavenWording INSTANCE = new MavenWording();

    /** The prefix of every user property the plugin reads. */
    static final String PREFIX = "migrate.";

    private MavenWording() {}

    @Override
    public String hint(Hint hint) {
        String setting = hint.setting() == null
                ? ""
                : hint.value() == null && hint.action() == null
                        ? PREFIX + hint.setting().key()
                        : "-D" + PREFIX + hint.setting().key() + (hint.value() == null ? "" : "=" + hint.value());
        if (hint.action() == null) {
            return setting;
        }
        return "mvn migrate:" + hint.action().key() + (setting.isEmpty() ? "" : " " + setting);
    }

    /** Text from the core, in Maven's words. */
    static String render(Text text) {
        return text.render(INSTANCE);
    }

    /**
     * What the user must fix, in Maven's words: a core error (typed, with hints as data) becomes a
     * {@link MojoFailureException} whose message is masked with {@code mask}.
     */
    static MojoFailureException failure(Worded error, UnaryOperator<String> mask, Throwable cause) {
        return new MojoFailureException(mask.apply(error.message(INSTANCE)), cause);
    }
}
