package dev.retort.core.history;

import dev.retort.core.ops.Operation;
import dev.retort.core.ops.RecordingOperations;
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
 */
public record RevisionInfo(
        String id,
        List<String> parents,
        String message,
        String className,
        List<Operation> upgrade,
        List<Operation> downgrade,
        List<Set<String>> acknowledged,
        List<Set<String>> downgradeAcknowledged) {

    public RevisionInfo {
        Objects.requireNonNull(id, "id");
        parents = List.copyOf(parents);
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
        acknowledged = perStep(acknowledged, upgrade.size());
        downgradeAcknowledged = perStep(downgradeAcknowledged, downgrade.size());
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
        return new RevisionInfo(
                revision.id(),
                List.of(revision.parents()),
                revision.message(),
                type.getName(),
                upgrade.operations(),
                downgrade.operations(),
                upgrade.acknowledgements(),
                downgrade.acknowledgements());
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
