package dev.retort.core.runner;

/** Where the runner reports progress; the Maven plugin passes its log. */
public interface RunLog {

    void info(String message);

    void warn(String message);

    /** Discards everything. */
    RunLog SILENT = new RunLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };
}
