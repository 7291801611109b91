package dev.retort.core.mysql;

/** Lets the throughput benchmark measure the chunk form before {@link ChunkCopy#chunk} in the same run. */
public final class CopyForms {

    private CopyForms() {}

    /** true: the chunk's bound by its own {@code OFFSET} read, then the range share-locked (the former form). */
    public static void offsetBound(boolean on) {
        ChunkCopy.offsetBound = on;
    }
}
