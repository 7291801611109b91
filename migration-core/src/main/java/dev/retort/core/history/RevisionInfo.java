package dev.retort.core.history;

import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RecordingOperations;
import dev.retort.migration.Baseline;
import dev.retort.migration.Migration;
import dev.retort.migration.Revision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One migration as the graph knows it: its id, parents, message, source class, and its recorded
 * upgrade and downgrade plans.
 *
 * @param acknowledged          per upgrade step, the safety rule ids its source acknowledges; not part of the checksum
 * @param downgradeAcknowledged per downgrade step, the same
 * @param baseline              what the revision replaces when {@code migrate:squash} wrote it ({@link Baseline}); null
 *                              for any other revision
 */
public record RevisionInfo(
        String id,
        List<String> parents,
        String message,
        String className,
        List<Operation> upgrade,
        List<Operation> downgrade,
        List<Set<String>> acknowledged,
        List<Set<String>> downgradeAcknowledged,
        Squashed baseline) {

    /**
     * What a squash baseline stands in for.
     *
     * @param through  the last revision folded in
     * @param replaces every revision id folded in, {@code through} among them, in graph order
     * @param schema   {@link Squashed#fingerprint} of the schema at {@code through}
     */
    public record Squashed(String through, List<String> replaces, String schema) {

        public Squashed {
            Objects.requireNonNull(through, "through");
            replaces = List.copyOf(replaces);
        }

        /** SHA-256 of the canonical JSON of {@code schema}: equal schemas, equal fingerprints. */
        public static String fingerprint(Schema schema) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                return HexFormat.of()
                        .formatHex(sha.digest(SchemaJson.write(schema).getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public RevisionInfo {
        Objects.requireNonNull(id, "id");
        parents = List.copyOf(parents);
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
        acknowledged = perStep(acknowledged, upgrade.size());
        downgradeAcknowledged = perStep(downgradeAcknowledged, downgrade.size());
    }

    /** An ordinary revision (not a squash baseline). */
    public RevisionInfo(
            String id,
            List<String> parents,
            String message,
            String className,
            List<Operation> upgrade,
            List<Operation> downgrade,
            List<Set<String>> acknowledged,
            List<Set<String>> downgradeAcknowledged) {
        this(id, parents, message, className, upgrade, downgrade, acknowledged, downgradeAcknowledged, null);
    }

    /** The same revision with other parents (a squash re-parents the children of what it folds in). */
    public RevisionInfo withParents(List<String> newParents) {
        return new RevisionInfo(
                id, newParents, message, className, upgrade, downgrade, acknowledged, downgradeAcknowledged, baseline);
    }

    /** A revision whose downgrade steps acknowledge no safety rule. */
    public RevisionInfo(
            String id,
            List<String> parents,
            String message,
            String className,
            List<Operation> upgrade,
            List<Operation> downgrade,
            List<Set<String>> acknowledged) {
        this(id, parents, message, className, upgrade, downgrade, acknowledged, List.of());
    }

    /** A revision whose steps acknowledge no safety rule. */
    public RevisionInfo(
            String id,
            List<String> parents,
            String message,
            String className,
            List<Operation> upgrade,
            List<Operation> downgrade) {
        this(id, parents, message, className, upgrade, downgrade, List.of(), List.of());
    }

    private static List<Set<String>> perStep(List<Set<String>> acknowledged, int steps) {
        List<Set<String>> acks = new ArrayList<>(acknowledged == null ? List.of() : acknowledged);
        while (acks.size() < steps) {
            acks.add(Set.of());
        }
        return acks.stream().map(Set::<String>copyOf).toList();
    }

    /** The rule ids upgrade step {@code index} (0-based) acknowledges. */
    public Set<String> acknowledged(int index) {
        return index < acknowledged.size() ? acknowledged.get(index) : Set.of();
    }

    /** The rule ids downgrade step {@code index} (0-based) acknowledges. */
    public Set<String> downgradeAcknowledged(int index) {
        return index < downgradeAcknowledged.size() ? downgradeAcknowledged.get(index) : Set.of();
    }

    /** Reads the {@link Revision} annotation and records both plans. */
    public static RevisionInfo of(Migration migration) {
        Class<?> type = migration.getClass();
        Revision revision = type.getAnnotation(Revision.class);
        if (revision == null) {
            throw new IllegalArgumentException(
                    type.getName() + " implements Migration but has no @Revision annotation");
        }
        if (revision.id().isBlank()) {
            throw new IllegalArgumentException(type.getName() + ": @Revision(id) is empty");
        }
        checkFits(type.getName(), revision.id(), revision.message(), List.of(revision.parents()));
        RecordingOperations upgrade = RecordingOperations.recordUpgrade(migration);
        RecordingOperations downgrade = RecordingOperations.recordDowngrade(migration);
        Baseline baseline = type.getAnnotation(Baseline.class);
        if (baseline != null && revision.parents().length > 0) {
            throw new IllegalArgumentException(type.getName() + ": a @Baseline revision starts the graph, so its "
                    + "@Revision(parents) must be empty; it names " + List.of(revision.parents()));
        }
        if (baseline != null && !List.of(baseline.replaces()).contains(baseline.through())) {
            throw new IllegalArgumentException(type.getName() + ": @Baseline(through) " + baseline.through()
                    + " is not among @Baseline(replaces)");
        }
        return new RevisionInfo(
                revision.id(),
                List.of(revision.parents()),
                revision.message(),
                type.getName(),
                upgrade.operations(),
                downgrade.operations(),
                upgrade.acknowledgements(),
                downgrade.acknowledgements(),
                baseline == null
                        ? null
                        : new Squashed(baseline.through(), List.of(baseline.replaces()), baseline.schema()));
    }

    /** Longest id, message and parent list {@code retort_history} holds. */
    public static final int MAX_ID = 64, MAX_MESSAGE = 1000, MAX_PARENTS = 1000;

    /**
     * Refuses an id, message or parent list {@code retort_history} cannot hold: found when the
     * migrations load, before a step runs, not when the journal write after a committed step fails.
     */
    private static void checkFits(String className, String id, String message, List<String> parents) {
        String problem = id.length() > MAX_ID
                ? "@Revision(id) has " + id.length() + " characters; at most " + MAX_ID + " fit"
                : message.length() > MAX_MESSAGE
                        ? "@Revision(message) has " + message.length() + " characters; at most " + MAX_MESSAGE + " fit"
                        : String.join(",", parents).length() > MAX_PARENTS
                                ? "@Revision(parents) joined by commas has "
                                        + String.join(",", parents).length() + " characters; at most " + MAX_PARENTS
                                        + " fit"
                                : null;
        if (problem != null) {
            throw new IllegalArgumentException(
                    className + ": " + problem + " in retort_history. Shorten it; nothing was run.");
        }
    }

    /** Per upgrade step, its {@link #stepChecksum}. */
    public List<String> stepChecksums() {
        return stepChecksums(upgrade);
    }

    public static List<String> stepChecksums(List<Operation> steps) {
        return steps.stream().map(RevisionInfo::stepChecksum).toList();
    }

    /** The first 16 hex digits of SHA-256 over the step's description: changes when what the step does changes. */
    public static String stepChecksum(Operation op) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of()
                    .formatHex(sha.digest(op.describe().getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SHA-256 over the upgrade plan's descriptions: changes when what the migration does to the
     * schema changes, not when comments or formatting do.
     */
    public String checksum() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Operation op : upgrade) {
                sha.update(op.describe().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
