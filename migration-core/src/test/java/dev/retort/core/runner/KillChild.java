package dev.retort.core.runner;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A JVM that runs the upgrade ({@code up}) or downgrade ({@code down}) of {@link KillRevisions}
 * and halts itself ({@code Runtime.halt}, like {@code kill -9}) at one JDBC event.
 *
 * <p>Arguments: {@code url user up|down event before|during|after duringMillis}. Exits
 * {@value UpgradeChild#HALTED} when it halted, 0 when the run ended first.
 */
public final class KillChild {

    public static void main(String[] args) throws Exception {
        KillSwitch kill = new KillSwitch(
                Integer.parseInt(args[3]),
                KillSwitch.When.valueOf(args[4].toUpperCase(java.util.Locale.ROOT)),
                Long.parseLong(args[5]),
                KillSwitch.HALT);
        try (Connection real = DriverManager.getConnection(args[0], args[1], "")) {
            Connection c = kill.wrap(real);
            if (args[2].equals("down")) {
                KillRevisions.runner(c, RunLog.SILENT).downgrade("k1");
            } else {
                KillRevisions.runner(c, RunLog.SILENT).upgrade("head");
            }
        }
        System.out.println("COMPLETED " + kill.events().size() + " events");
        System.exit(0);
    }
}
