package dev.retort.core.runner;

/** Where the runner reports progress; the Maven plugin passes its log. */
public interface RunLog {

    void info(String message);

    void warn(String message);

    /**
     * Called after step {@code step} of {@code total} of an upgrade is done and journaled. On a
     * database that commits each DDL statement, the step and its journal entry are committed when
     * this is called, so a process that dies from here on resumes after this step; on one with
     * transactional DDL, they commit with the rest of the revision. Progress bars, metrics and the
     * crash tests use it; the default does nothing.
     */
    default void stepDone(String revision, int step, int total) {}

    /**
     * Called when a phase of a run ends ({@code lock}, {@code history read}, {@code checksums},
     * {@code plan}, {@code apply}, {@code unlock}), with the nanoseconds it took, so a caller can
     * show where the time of a run goes ({@code -Dmigrate.timings}). The default does nothing.
     */
    default void timing(String phase, long nanos) {}

    /** Discards everything. */
    RunLog SILENT = new RunLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    };
}
