package bench.noop;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Mojo;

/** Does nothing: the cost of a plugin goal is then Maven's alone. */
@Mojo(name = "noop", threadSafe = true, requiresProject = true)
public final class NoopMojo extends AbstractMojo {
    @Override
    public void execute() {}
}
