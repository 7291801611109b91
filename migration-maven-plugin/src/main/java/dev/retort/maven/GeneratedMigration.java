package dev.retort.maven;

import dev.retort.core.diff.Change;
import dev.retort.core.diff.SchemaDiffer;
import dev.retort.core.history.RevisionGraph;
import dev.retort.core.history.RevisionInfo;
import dev.retort.core.model.Schema;
import dev.retort.core.offline.Squash;
import dev.retort.core.ops.AddCheck;
import dev.retort.core.ops.AddColumn;
import dev.retort.core.ops.AddForeignKey;
import dev.retort.core.ops.AlterColumn;
import dev.retort.core.ops.AlterPrimaryKey;
import dev.retort.core.ops.AlterSequence;
import dev.retort.core.ops.BackfillColumn;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.CreateSequence;
import dev.retort.core.ops.CreateTable;
import dev.retort.core.ops.DropCheck;
import dev.retort.core.ops.DropColumn;
import dev.retort.core.ops.DropForeignKey;
import dev.retort.core.ops.DropIndex;
import dev.retort.core.ops.DropSequence;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Irreversible;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RenameColumn;
import dev.retort.core.ops.RenameIndex;
import dev.retort.core.ops.RenameTable;
import dev.retort.core.ops.SetTableComment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Names and plans a new migration: revision id, class name, and the downgrade as the exact
 * inverse of the upgrade. Deterministic: the id's suffix is a hash of what the migration does.
 */
record GeneratedMigration(
        String goal,
        String revisionId,
        String className,
        List<String> parents,
        String message,
        List<Change> upgrade,
        List<MigrationSourceWriter.DowngradeStep> downgrade) {

    static GeneratedMigration plan(
            String stamp, String message, String head, Schema previous, List<Change> changes, RevisionGraph graph) {
        List<String> parents = head == null ? List.of() : List.of(head);
        List<Operation> ops = changes.stream().map(Change::operation).toList();
        List<MigrationSourceWriter.DowngradeStep> down = new ArrayList<>();
        for (Operation op : SchemaDiffer.inverse(previous, ops)) {
            down.add(new MigrationSourceWriter.DowngradeStep(
                    op.destroysData() ? op.acceptingDataLoss() : op, downgradeReview(op)));
        }
        return new GeneratedMigration(
                "generate",
                id(stamp, parents, message, ops, graph),
                "V" + stamp + "__" + camel(message),
                parents,
                message,
                changes,
                down);
    }

    /**
     * A merge revision: its parents are all current heads and it changes nothing, so upgrading to it
     * applies every branch, and the next {@code generate} has a single head to build on.
     */
    static GeneratedMigration merge(String stamp, String message, RevisionGraph graph) {
        List<String> heads = graph.heads();
        return new GeneratedMigration(
                "merge",
                id(stamp, heads, message, List.of(), graph),
                "V" + stamp + "__" + camel(message),
                heads,
                message,
                List.of(),
                List.of());
    }

    /**
     * A squash baseline: no parents, the schema at the squash target built from empty, and a
     * downgrade that drops it all, not acknowledged: reverting below the baseline empties the
     * database, so it passes the data-loss gate only once a reviewer says so.
     */
    static GeneratedMigration baseline(String stamp, String message, Squash.Plan plan, RevisionGraph graph) {
        List<Operation> ops = plan.upgrade().stream().map(Change::operation).toList();
        List<MigrationSourceWriter.DowngradeStep> down = new ArrayList<>();
        for (Operation op : plan.downgrade()) {
            down.add(new MigrationSourceWriter.DowngradeStep(
                    op,
                    op.destroysData()
                            ? "data loss: "
                                    + (op instanceof DropTable d
                                            ? "drops table " + d.table() + " with every row in it"
                                            : op.describe())
                                    + "; below the squash baseline the database is empty\nonce reviewed, acknowledge"
                                    + " with .acceptDataLoss(); downgrade refuses until then (or run it with"
                                    + " -Dmigrate.allowDataLoss=true)"
                            : null));
        }
        return new GeneratedMigration(
                "squash",
                id(stamp, List.of(), message, ops, graph),
                "V" + stamp + "__" + camel(message),
                List.of(),
                message,
                plan.upgrade(),
                down);
    }

    /** The revision the written class will record, so the squash can be proven before anything is written. */
    RevisionInfo revision(String packageName, RevisionInfo.Squashed squashed) {
        return new RevisionInfo(
                revisionId,
                parents,
                message,
                packageName + "." + className,
                upgrade.stream().map(Change::operation).toList(),
                downgrade.stream()
                        .map(MigrationSourceWriter.DowngradeStep::operation)
                        .toList(),
                List.of(),
                List.of(),
                squashed);
    }

    private static String id(
            String stamp, List<String> parents, String message, List<Operation> ops, RevisionGraph graph) {
        String id = stamp + "_" + hash(parents, message, ops);
        while (graph.contains(id)) {
            id = stamp + "_" + hash(List.of(id), message, ops);
        }
        return id;
    }

    /**
     * What reverting loses, said per kind of step. The downgrade is acknowledged in the generated
     * source: it undoes the reviewed upgrade, and a downgrade is run when something went wrong.
     */
    static String downgradeReview(Operation op) {
        return op.accept(DOWNGRADE_REVIEW);
    }

    private static final Operation.Visitor<String> DOWNGRADE_REVIEW = new Operation.Visitor<>() {
        @Override
        public String dropTable(DropTable d) {
            return "data loss: drops table " + d.table() + " again, with the rows stored in it since the upgrade";
        }

        @Override
        public String dropColumn(DropColumn d) {
            return "data loss: drops column " + d.table() + "." + d.column()
                    + " again, with the values stored in it since the upgrade";
        }

        @Override
        public String dropSequence(DropSequence d) {
            return "data loss: drops sequence " + d.name() + " again, with its current value";
        }

        @Override
        public String alterColumn(AlterColumn a) {
            List<String> review = new ArrayList<>();
            List<String> vanishes = a.to().absentOn().stream()
                    .filter(d -> !a.from().absentOn().contains(d))
                    .toList();
            if (!vanishes.isEmpty()) {
                review.add("data loss: drops column " + a.table() + "." + a.to().name() + " again on "
                        + String.join(", ", vanishes) + ", with the values stored there since the upgrade");
            }
            if (!AlterColumn.widens(a.from().type(), a.to().type())) {
                review.add("data loss: narrows " + a.table() + "." + a.to().name() + " back to " + a.to().type()
                        + "; values stored since the upgrade that do not fit are lost or rejected");
            }
            if (a.tightensNullability()) {
                review.add("fails while " + a.table() + "." + a.to().name() + " holds NULLs stored since the upgrade");
            }
            return review.isEmpty() ? null : String.join("; ", review);
        }

        @Override
        public String createTable(CreateTable op) {
            return ordinary(op);
        }

        @Override
        public String renameTable(RenameTable op) {
            return ordinary(op);
        }

        @Override
        public String renameColumn(RenameColumn op) {
            return ordinary(op);
        }

        @Override
        public String createIndex(CreateIndex op) {
            return ordinary(op);
        }

        @Override
        public String dropIndex(DropIndex op) {
            return ordinary(op);
        }

        @Override
        public String addForeignKey(AddForeignKey op) {
            return ordinary(op);
        }

        @Override
        public String dropForeignKey(DropForeignKey op) {
            return ordinary(op);
        }

        @Override
        public String addCheck(AddCheck op) {
            return ordinary(op);
        }

        @Override
        public String dropCheck(DropCheck op) {
            return ordinary(op);
        }

        @Override
        public String createSequence(CreateSequence op) {
            return ordinary(op);
        }

        @Override
        public String alterPrimaryKey(AlterPrimaryKey op) {
            return ordinary(op);
        }

        @Override
        public String renameIndex(RenameIndex op) {
            return ordinary(op);
        }

        @Override
        public String alterSequence(AlterSequence op) {
            return ordinary(op);
        }

        @Override
        public String irreversible(Irreversible op) {
            return ordinary(op);
        }

        @Override
        public String backfillColumn(BackfillColumn op) {
            return ordinary(op);
        }

        @Override
        public String setTableComment(SetTableComment op) {
            return ordinary(op);
        }

        @Override
        public String createType(dev.retort.core.ops.CreateType op) {
            return ordinary(op);
        }

        @Override
        public String dropType(dev.retort.core.ops.DropType op) {
            return ordinary(op);
        }

        @Override
        public String addColumn(AddColumn op) {
            return ordinary(op);
        }

        /** Any other step: a review only if it loses data. */
        private String ordinary(Operation op) {
            return op.destroysData() ? "data loss: " + op.describe() : null;
        }
    };

    MigrationSourceWriter.Request request(String packageName) {
        return new MigrationSourceWriter.Request(
                goal, packageName, className, revisionId, parents, message, upgrade, downgrade);
    }

    private static String hash(List<String> parents, String message, List<Operation> ops) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.join(",", parents).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(message.getBytes(StandardCharsets.UTF_8));
            for (Operation op : ops) {
                sha.update((byte) 0);
                sha.update(op.describe().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code "add user bio"} becomes {@code AddUserBio}; never empty, always a valid identifier part. */
    static String camel(String message) {
        StringBuilder out = new StringBuilder();
        for (String word : message.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        String name = out.length() > 60 ? out.substring(0, 60) : out.toString();
        return name.isEmpty() ? "Migration" : name;
    }
}
