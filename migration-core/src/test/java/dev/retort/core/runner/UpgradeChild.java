package dev.retort.core.runner;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.core.dialect.Dialects;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A separate JVM that runs one upgrade, as a deploying application instance or a
 * {@code mvn migrate:upgrade} would, so tests can run several at once and kill them for real.
 *
 * <p>Arguments: {@code url user [--lock-wait=S] [--wait-for-go] [--halt-after=REV:STEP]
 * [--hang-after=REV:STEP]}. It prints {@code READY} once connected, {@code STEP rev k/n} after each
 * journaled step, then {@code APPLIED rev} per revision it applied (or {@code NOTHING}) and exits 0;
 * a {@link MigrationException} exits 2 with the message on stderr. {@code --halt-after} dies at that
 * step boundary without any cleanup ({@code Runtime.halt}, like {@code kill -9}); {@code --hang-after}
 * blocks there, holding the migration lock, until the process is killed.
 */
public final class UpgradeChild {

    /** Exit code of a process that {@code --halt-after} killed. */
    public static final int HALTED = 137;

    @Revision(id = "c1", message = "create item")
    public static final class CreateItem implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "item",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("name", varchar(50)).notNull());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropTable("item").acceptDataLoss();
        }
    }

    /** Four steps, none of which can run twice: each would fail on the second run. */
    @Revision(id = "c2", parents = "c1", message = "item details")
    public static final class ItemDetails implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("item", column("price", decimal(10, 2)).nullable());
            op.createIndex("item", "ix_item_name", "name");
            op.addColumn("item", column("sku", varchar(20)).nullable());
            op.addUnique("item", "uk_item_sku", "sku");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropUnique("item", "uk_item_sku");
            op.dropColumn("item", "sku").acceptDataLoss();
            op.dropIndex("item", "ix_item_name");
            op.dropColumn("item", "price").acceptDataLoss();
        }
    }

    @Revision(id = "c3", parents = "c2", message = "create tag")
    public static final class CreateTag implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.createTable(
                    "tag",
                    column("id", bigint()).primaryKey().autoIncrement(),
                    column("label", varchar(30)).notNull());
            op.addColumn("tag", column("item_id", bigint()).nullable());
            op.createIndex("tag", "ix_tag_item", "item_id");
        }

        @Override
        public void downgrade(Operations op) {
            op.dropIndex("tag", "ix_tag_item");
            op.dropTable("tag").acceptDataLoss();
        }
    }

    @Revision(id = "c4", parents = "c3", message = "tag notes")
    public static final class TagNotes implements Migration {
        @Override
        public void upgrade(Operations op) {
            op.addColumn("tag", column("note", varchar(200)).nullable());
            op.addColumn("item", column("weight", integer()).nullable());
        }

        @Override
        public void downgrade(Operations op) {
            op.dropColumn("item", "weight").acceptDataLoss();
            op.dropColumn("tag", "note").acceptDataLoss();
        }
    }

    /** The migrations every child runs. */
    public static RevisionGraph graph() {
        return new RevisionGraph(Stream.of(new CreateItem(), new ItemDetails(), new CreateTag(), new TagNotes())
                .map(RevisionInfo::of)
                .toList());
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String url = args[0];
        String user = args[1];
        long lockWait = 60;
        boolean waitForGo = false;
        String halt = null;
        String hang = null;
        for (String a : List.of(args).subList(2, args.length)) {
            if (a.startsWith("--lock-wait=")) {
                lockWait = Long.parseLong(a.substring("--lock-wait=".length()));
            } else if (a.equals("--wait-for-go")) {
                waitForGo = true;
            } else if (a.startsWith("--halt-after=")) {
                halt = a.substring("--halt-after=".length());
            } else if (a.startsWith("--hang-after=")) {
                hang = a.substring("--hang-after=".length());
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        String haltAt = halt;
        String hangAt = hang;
        RunLog log = new RunLog() {
            @Override
            public void info(String message) {
                out.println("INFO " + message);
            }

            @Override
            public void warn(String message) {
                out.println("WARN " + message);
            }

            @Override
            public void stepDone(String revision, int step, int total) {
                out.println("STEP " + revision + " " + step + "/" + total);
                String here = revision + ":" + step;
                if (here.equals(haltAt)) {
                    Runtime.getRuntime().halt(HALTED);
                }
                if (here.equals(hangAt)) {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            out.println("READY");
            if (waitForGo) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (!"GO".equals(line)) {
                    throw new IllegalStateException("expected GO on stdin, got " + line);
                }
            }
            MigrationRunner runner = new MigrationRunner(
                    c, Dialects.detect(c.getMetaData()), graph(), log, false, Duration.ofSeconds(lockWait));
            List<String> applied = runner.upgrade("head");
            applied.forEach(id -> out.println("APPLIED " + id));
            if (applied.isEmpty()) {
                out.println("NOTHING");
            }
        } catch (MigrationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
