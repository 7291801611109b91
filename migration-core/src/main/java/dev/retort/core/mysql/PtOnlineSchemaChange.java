package dev.retort.core.mysql;

import dev.retort.core.dialect.Ddl;
import dev.retort.core.dialect.Session;
import dev.retort.core.errors.Action;
import dev.retort.core.errors.Hint;
import dev.retort.core.errors.Setting;
import dev.retort.core.errors.Text;
import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.ops.CreateIndex;
import dev.retort.core.ops.DropTable;
import dev.retort.core.ops.Operation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands a change that would go through Retort's shadow copy to Percona Toolkit's
 * pt-online-schema-change instead ({@code migrate.onlineCopy.engine=pt-osc}), for teams whose DBAs
 * standardise on it. The same decision picks the changes ({@code migrate.onlineCopy}); the tool
 * gets the ALTER's body from the structured statement and the equivalent settings: unthrottled,
 * its own chunk sizing ({@code --chunk-time 0.5}); throttled, Retort's fixed chunks of
 * {@code migrate.onlineCopyChunk} rows, each followed by {@code --sleep} throttle × the time such a
 * chunk takes at 30,000 rows/s; {@code --max-load} and {@code --critical-load} from
 * {@code migrate.onlineCopy.maxThreadsRunning}, {@code --set-vars lock_wait_timeout} from
 * {@code migrate.ddlLockWait}, {@code --tries} for its metadata-lock steps spread over
 * {@code migrate.ddlRetryBudget}, and {@code --alter-foreign-keys-method auto} when other tables
 * reference the table. It drops the old table after the swap, as Retort's copy does.
 *
 * <p>The password goes to the tool in a defaults file only the current user can read, deleted
 * when the tool ends; never on its command line, which any user sees in {@code ps}. Its progress
 * lines become Retort's ({@code copy of t: … rows/s, ETA …}). The step is journaled by the
 * runner like any other; {@value CopyRecord#TABLE} records that the tool runs for it, so a rerun
 * after a killed run removes exactly what that run left (the tool has no resume) and starts over,
 * or, when the swap had happened, only drops the old table.
 */
final class PtOnlineSchemaChange implements Session.OnlineCopier {

    /** The value of {@code migrate.onlineCopy.engine} that selects this engine. */
    static final String ENGINE = "pt-osc";
    /** The phase {@value CopyRecord#TABLE} records while the tool runs for a step. */
    static final String PHASE = "pt-osc";

    static final String TOOL = "pt-online-schema-change";
    /** The Debian/Ubuntu package that carries the tool. */
    static final String PACKAGE = "percona-toolkit";

    /** {@code Copying `db`.`t`:  45% 00:12 remain}. */
    private static final Pattern PROGRESS =
            Pattern.compile("Copying `[^`]*`\\.`[^`]*`:\\s+(\\d+)% (?:(\\d+):)?(\\d+):(\\d+) remain");

    private static final int LAST_LINES = 12;

    private final CopySql sql;
    private final MySqlDialect dialect;
    private final ShadowCopy shadow;
    private final Session.Context context;
    private final CopyRecord record;

    PtOnlineSchemaChange(Connection connection, MySqlDialect dialect, ShadowCopy shadow, Session.Context context) {
        this.sql = new CopySql(connection);
        this.dialect = dialect;
        this.shadow = shadow;
        this.context = context;
        this.record = new CopyRecord(sql);
    }

    @Override
    public boolean handles(Operation op) {
        return ShadowCopy.makes(op);
    }

    @Override
    public boolean metadataOnly(Operation op) {
        return ShadowCopy.rewritesNoRows(op);
    }

    /** The tool checks the rest itself (triggers of the table's own, foreign keys) and says why it refuses. */
    @Override
    public String refusal(Operation op) throws SQLException {
        if (!handles(op)) {
            return op instanceof CreateIndex
                    ? "a unique index is built in place, where duplicate rows make it fail"
                    : TOOL + " is not used for this kind of change (" + op.describe() + ")";
        }
        if (dev.retort.core.model.QualifiedName.isQualified(op.table())) {
            return op.table() + " is named with its database or schema; the online copy works on tables of the"
                    + " connection's database, named plainly: run this change with migrate.url naming that database";
        }
        long keys = sql.count(
                "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? "
                        + "AND NON_UNIQUE = 0",
                op.table());
        if (keys == 0) {
            return op.table() + " has no primary key or unique index, which " + TOOL + " needs for its triggers";
        }
        return null;
    }

    @Override
    public boolean leftRemains(Operation op) throws SQLException {
        CopyRecord.Entry entry = record.read(op.table());
        // a record without remains: the tool finished and the run was killed before the journal; the live schema tells
        return entry != null
                        && PHASE.equals(entry.phase())
                        && !remains(op.table(), Set.of()).isEmpty()
                || shadow.leftRemains(op);
    }

    /**
     * A copy Retort's own engine left for this step is resumed by it; what the tool left when a
     * run of this step was killed is removed (the tool cannot resume), unless it had swapped the
     * tables: then the step is done once the old table is dropped.
     */
    @Override
    public boolean finishEarlierRun(Operation op, String marker) throws SQLException {
        if (shadow.finishEarlierRun(op, marker)) {
            return true;
        }
        CopyRecord.Entry entry = record.read(op.table());
        if (entry == null || !PHASE.equals(entry.phase())) {
            return false;
        }
        Remains left = remains(op.table(), Set.of());
        if (left.isEmpty()) {
            record.forget(op.table());
            return false;
        }
        boolean swapped = !left.oldTables.isEmpty() && left.newTables.isEmpty();
        boolean ours = marker.equals(entry.marker());
        context.info("  an earlier run of " + TOOL + " on " + op.table() + " (for " + entry.marker() + ") stopped "
                + (swapped ? "after swapping the tables" : "before swapping the tables") + "; removing what it left: "
                + left.describe());
        left.remove(op);
        record.forget(op.table());
        return swapped && ours;
    }

    @Override
    public void clearRemains(Set<String> resumable) throws SQLException {
        for (CopyRecord.Entry e : record.all()) {
            if (PHASE.equals(e.phase()) && !resumable.contains(e.marker())) {
                Remains left = remains(e.table(), Set.of());
                if (!left.isEmpty()) {
                    context.warn(
                            "Removing what a killed run of " + TOOL + " on " + e.table() + " left: " + left.describe());
                    left.remove(new DropTable(e.table(), false));
                }
                record.forget(e.table());
            }
        }
        shadow.clearRemains(resumable);
    }

    @Override
    public void run(Operation op, Ddl statement, String marker) throws SQLException {
        String table = op.table();
        Path tool = locate();
        String command = "-- " + TOOL + " --alter ... for " + op.describe();
        if (tool == null) {
            throw context.failure(
                    command,
                    new SQLException(TOOL + " is not on the PATH", "HY000"),
                    Text.of(
                            "  ",
                            Hint.set(Setting.ONLINE_COPY_ENGINE, ENGINE),
                            " hands changes to large tables to " + TOOL + " (Debian/Ubuntu package " + PACKAGE
                                    + "), which this machine does not have. Install it (apt-get install " + PACKAGE
                                    + ") or make the change with Retort's own copy: ",
                            Hint.set(Setting.ONLINE_COPY_ENGINE, "retort"),
                            ".\n"));
        }
        Session.Login login = context.login();
        if (login == null || login.url() == null) {
            throw context.failure(
                    command,
                    new SQLException(TOOL + " needs the URL and credentials of the run, and none were given", "HY000"),
                    Text.of(
                            "  The tool opens connections of its own; the caller of the runner must lend it the "
                                    + "login (MigrationRunner.withLogin). Or use Retort's own copy: ",
                            Hint.set(Setting.ONLINE_COPY_ENGINE, "retort"),
                            ".\n"));
        }
        Invocation call = invocation(tool, op, statement, login);
        Set<String> before = tablesLike(table);
        record.start(table, marker);
        record.checkpoint(table, PHASE, null);
        List<String> foreignKeys = foreignKeyNames(table);
        long estimate = refreshedEstimate(table);
        context.info(
                "  changing " + table + " through " + TOOL + " (migrate.onlineCopy.engine=pt-osc, migrate.onlineCopy="
                        + context.onlineCopy() + "): " + call.shown());
        Outcome outcome;
        try {
            outcome = execute(call, table, estimate);
        } finally {
            call.close();
        }
        if (outcome.status == 0) {
            record.forget(table);
            context.info("  "
                    + ChunkCopy.progress(table, estimate, estimate, outcome.copyNanos, true)
                            .replace(" rows in ", " rows (estimated) in ")
                    + " by " + TOOL + "; " + ChunkCopy.seconds(outcome.nanos) + " in all");
            renamedKeys(table, foreignKeys);
            return;
        }
        Remains left = remains(table, before);
        boolean swapped = !left.oldTables.isEmpty() && left.newTables.isEmpty();
        String cleanup;
        boolean cleaned;
        try {
            left.remove(op);
            record.forget(table);
            cleaned = true;
            cleanup = left.isEmpty()
                    ? " It left nothing behind."
                    : " Retort removed what it left: " + left.describe() + ".";
        } catch (SQLException | RuntimeException e) {
            cleaned = false;
            cleanup = " Retort could not remove what it left (" + e.getMessage() + "): " + left.describe()
                    + ". Remove them by hand: " + left.statements() + ".";
        }
        if (swapped && cleaned) {
            context.warn("  " + TOOL + " exited with status " + outcome.status + " after swapping in the changed "
                    + table + " (" + outcome.lastLine() + ");" + cleanup + " The change is made.");
            renamedKeys(table, foreignKeys);
            return;
        }
        throw context.failure(
                call.shown(),
                new SQLException(TOOL + " exited with status " + outcome.status + ": " + outcome.lastLine(), "HY000"),
                Text.of(
                        "  Its last lines:\n" + outcome.indentedLines() + "  " + table
                                + (swapped
                                        ? " was swapped for the changed copy."
                                        : " is unchanged: the tool stopped before the swap.")
                                + cleanup + " Nothing of this step is recorded.\n  Rerun ",
                        Hint.run(Action.UPGRADE),
                        " once the cause is fixed, or make the change with Retort's own copy: ",
                        Hint.set(Setting.ONLINE_COPY_ENGINE, "retort"),
                        ".\n"));
    }

    /** The tool's {@code --chunk-size-limit} (its default, which Retort does not set). */
    static final int CHUNK_SIZE_LIMIT = 4;

    /**
     * The table's row estimate from its statistics, refreshed first ({@code ANALYZE TABLE}) when it
     * is stale in the way that matters to the tool: it copies a table whose estimate (EXPLAIN) is at
     * most {@code --chunk-size} × {@value #CHUNK_SIZE_LIMIT} rows in one single chunk, with neither
     * {@code --sleep} nor {@code --max-load} between chunks, share-locking every row at once. A
     * table just filled or swapped in (its statistics still those of an empty table) would be copied
     * that way whatever its size. Counting past that bound reads at most that many index entries.
     */
    private long refreshedEstimate(String table) throws SQLException {
        String estimateQuery = "SELECT COALESCE(TABLE_ROWS, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                + "DATABASE() AND TABLE_NAME = ?";
        long estimate = sql.count(estimateQuery, table);
        long bound = (long) context.copyChunkRows() * CHUNK_SIZE_LIMIT;
        if (estimate > bound) {
            return estimate;
        }
        long rows = sql.count(
                "SELECT COUNT(*) FROM (SELECT 1 FROM " + dialect.quote(table) + " LIMIT " + (bound + 1) + ") AS head");
        if (rows <= bound) {
            return estimate;
        }
        context.info("  the statistics of " + table + " estimate " + estimate + " rows, though it has more than "
                + bound + ": " + TOOL + " would copy it in one chunk (--chunk-size " + context.copyChunkRows()
                + " × its --chunk-size-limit " + CHUNK_SIZE_LIMIT + "), all rows share-locked at once and without "
                + "pauses; refreshing them first (ANALYZE TABLE)");
        try (java.sql.Statement s = sql.connection.createStatement()) {
            s.execute("ANALYZE TABLE " + dialect.quote(table));
        }
        return sql.count(estimateQuery, table);
    }

    /** The tool on the PATH, or null. */
    static Path locate() {
        return locate(System.getenv("PATH"));
    }

    /** The tool in one of the directories of {@code path}, or null. */
    static Path locate(String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, TOOL);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The arguments, and the defaults file holding the password (deleted by {@link Invocation#close}). */
    record Invocation(List<String> arguments, Path defaults) {

        /** The command as the log shows it: no password is on it. */
        String shown() {
            StringBuilder b = new StringBuilder();
            for (String a : arguments) {
                if (!b.isEmpty()) {
                    b.append(' ');
                }
                b.append(a.matches("[\\w@%+=:,./-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
            }
            return b.toString();
        }

        void close() {
            if (defaults != null) {
                try {
                    Files.deleteIfExists(defaults);
                } catch (IOException e) {
                    // a file in the temporary directory only its owner can read; nothing else to do
                }
            }
        }
    }

    /** The command for {@code op}: the ALTER's body from the structured statement, the run's settings in the tool's terms. */
    Invocation invocation(Path tool, Operation op, Ddl statement, Session.Login login) throws SQLException {
        String alter = alterBody(op, statement);
        Target target = Target.of(login.url());
        String user = login.username() != null && !login.username().isEmpty()
                ? login.username()
                : JdbcUrl.of(login.url()).option("user");
        String password = login.password() != null && !login.password().isEmpty()
                ? login.password()
                : JdbcUrl.of(login.url()).option("password");
        String database = sql.text("SELECT DATABASE()");
        List<String> args = new ArrayList<>();
        args.add(tool.toString());
        Path defaults = null;
        if (password != null && !password.isEmpty()) {
            defaults = defaultsFile(password);
            args.add("--defaults-file=" + defaults);
        }
        args.add("--alter");
        args.add(alter);
        StringBuilder dsn =
                new StringBuilder("D=" + database + ",t=" + op.table() + ",h=" + target.host() + ",P=" + target.port());
        if (user != null && !user.isEmpty()) {
            dsn.append(",u=").append(user);
        }
        args.add(dsn.toString());
        args.add("--execute");
        args.addAll(settings(context));
        if (referenced(op.table())) {
            args.add("--alter-foreign-keys-method");
            args.add("auto");
        }
        return new Invocation(List.copyOf(args), defaults);
    }

    /** The run's settings as the tool's options: the same duty cycle, load limits, lock waits and retries. */
    static List<String> settings(Session.Context context) {
        List<String> args = new ArrayList<>();
        args.add("--chunk-size");
        args.add(String.valueOf(context.copyChunkRows()));
        if (context.copyThrottle() <= 0) {
            // unthrottled: the tool's own chunk sizing (chunks of about half a second), no pause
            args.add("--chunk-time");
            args.add("0.5");
        } else {
            // the tool counts its --sleep into the rate it sizes chunks by, which then shrink to nothing (measured: 95
            // rows/s): Retort's fixed chunks instead, each followed by throttle × the time a chunk takes at 30,000
            // rows/s
            args.add("--chunk-time");
            args.add("0");
            args.add("--sleep");
            args.add(String.format(
                    Locale.ROOT, "%.3f", Math.max(0.001, context.copyThrottle() * context.copyChunkRows() / 30_000.0)));
        }
        int threads = context.copyMaxThreadsRunning();
        args.add("--max-load");
        args.add("Threads_running=" + (threads == 0 ? 100_000 : threads));
        args.add("--critical-load");
        args.add("Threads_running=" + (threads == 0 ? 100_000 : Math.max(50, 2 * threads)));
        long lockWait =
                context.lockWait() == null ? 1 : Math.max(1, (context.lockWait().toMillis() + 999) / 1000);
        args.add("--set-vars");
        args.add("lock_wait_timeout=" + lockWait + ",innodb_lock_wait_timeout=1");
        long tries = Math.max(3, context.retryBudget().toSeconds() / (lockWait + 1));
        args.add("--tries");
        args.add("create_triggers:" + tries + ":1,drop_triggers:" + tries + ":1,swap_tables:" + tries
                + ":1,update_foreign_keys:" + tries + ":1");
        args.add("--progress");
        args.add("time,5");
        // its counts at the end (# INSERT <chunks copied>): what it did, not only that it succeeded
        args.add("--statistics");
        return args;
    }

    /** What follows {@code ALTER TABLE t}: the statement's body without the online clauses (the tool copies). */
    String alterBody(Operation op, Ddl statement) {
        return switch (statement.form()) {
            case ALTER_TABLE -> statement.withoutOnline().body();
            case CREATE_INDEX -> {
                CreateIndex c = (CreateIndex) op;
                yield "ADD " + (c.index().unique() ? "UNIQUE " : "") + "INDEX "
                        + dialect.quote(c.index().name()) + " " + statement.body();
            }
            default -> throw new IllegalArgumentException("not an ALTER TABLE or CREATE INDEX: " + statement.render());
        };
    }

    /** Host and port of a MySQL/MariaDB JDBC URL (the first host of several). */
    record Target(String host, int port) {
        static Target of(String url) {
            String rest = url.replaceFirst("^(?i)jdbc:(mysql|mariadb)(:[a-z]+)?://", "");
            int end = rest.length();
            for (char c : new char[] {'/', '?', ','}) {
                int i = rest.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            String authority = rest.substring(0, end);
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                String host = authority.substring(1, close);
                String port = authority.substring(close + 1).replaceFirst("^:", "");
                return new Target(host, port.isEmpty() ? 3306 : Integer.parseInt(port));
            }
            int colon = authority.indexOf(':');
            String host = colon < 0 ? authority : authority.substring(0, colon);
            return new Target(
                    host.isEmpty() ? "localhost" : host,
                    colon < 0 ? 3306 : Integer.parseInt(authority.substring(colon + 1)));
        }
    }

    /** A {@code [client]} option file with the password, readable by the current user only. */
    static Path defaultsFile(String password) throws SQLException {
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new SQLException("a password with a line break cannot be handed to " + TOOL, "HY000");
        }
        try {
            Path file = Files.createTempFile(
                    "retort-pt-osc",
                    ".cnf",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    file,
                    "[client]\npassword=\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n",
                    StandardCharsets.UTF_8);
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            throw new SQLException(
                    "cannot write the option file that hands the password to " + TOOL + ": " + e.getMessage(),
                    "HY000",
                    e);
        }
    }

    /** How the tool ended: its status, its last lines, how long it ran and how long its copy took. */
    record Outcome(int status, List<String> lines, long nanos, long copyNanos) {
        String lastLine() {
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).trim();
                if (!l.isEmpty() && !l.endsWith("was not altered.")) {
                    return l;
                }
            }
            return "no output";
        }

        String indentedLines() {
            StringBuilder b = new StringBuilder();
            lines.forEach(l -> b.append("    ").append(l).append('\n'));
            return b.toString();
        }
    }

    private Outcome execute(Invocation call, String table, long estimate) throws SQLException {
        ProcessBuilder builder = new ProcessBuilder(call.arguments()).redirectErrorStream(true);
        builder.environment().remove("MYSQL_PWD");
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SQLException("cannot start " + TOOL + ": " + e.getMessage(), "HY000", e);
        }
        // a JVM stopped by Ctrl-C or SIGTERM stops the tool too; the tool then removes its triggers and new table
        Thread stop = new Thread(process::destroy, "retort-pt-osc-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        Deque<String> last = new ArrayDeque<>();
        long copyStarted = 0;
        long copyEnded = 0;
        boolean triesTable = false;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = PROGRESS.matcher(line);
                if (m.find()) {
                    long now = System.nanoTime();
                    long copying = now - (copyStarted == 0 ? started : copyStarted);
                    long done = estimate * Long.parseLong(m.group(1)) / 100;
                    context.info("  " + ChunkCopy.progress(table, done, estimate, copying, false) + " (" + TOOL + ")");
                    continue;
                }
                if (line.contains("Copying approximately")) {
                    copyStarted = System.nanoTime();
                } else if (line.contains("Copied rows OK")) {
                    copyEnded = System.nanoTime();
                }
                last.addLast(line);
                if (last.size() > LAST_LINES) {
                    last.removeFirst();
                }
                // the table of tries it prints at the start says nothing --tries did not
                if (line.startsWith("Operation, tries, wait")) {
                    triesTable = true;
                    continue;
                }
                if (triesTable && line.startsWith("  ")) {
                    continue;
                }
                triesTable = false;
                if (!line.isBlank()) {
                    context.info("  " + TOOL + ": " + line.strip());
                }
            }
            int status = process.waitFor();
            long end = System.nanoTime();
            return new Outcome(
                    status,
                    List.copyOf(last),
                    end - started,
                    copyStarted == 0 ? 0 : (copyEnded == 0 ? end : copyEnded) - copyStarted);
        } catch (IOException e) {
            process.destroy();
            throw new SQLException("lost the output of " + TOOL + ": " + e.getMessage(), "HY000", e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while " + TOOL + " ran", "HY000", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now
            }
        }
    }

    /** The tool's triggers on {@code table} and its new and old tables, leaving out tables in {@code before}. */
    private Remains remains(String table, Set<String> before) throws SQLException {
        String database = sql.text("SELECT DATABASE()");
        List<String> triggers = sql.strings(
                "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
                        + "AND EVENT_OBJECT_TABLE = ? AND TRIGGER_NAME IN (?, ?, ?)",
                table,
                "pt_osc_" + database + "_" + table + "_ins",
                "pt_osc_" + database + "_" + table + "_upd",
                "pt_osc_" + database + "_" + table + "_del");
        List<String> newTables = new ArrayList<>();
        List<String> oldTables = new ArrayList<>();
        for (String t : tablesLike(table)) {
            if (before.contains(t)) {
                continue;
            }
            (t.endsWith("_new") ? newTables : oldTables).add(t);
        }
        return new Remains(triggers, newTables, oldTables);
    }

    /** Tables named as the tool names its new and old tables: {@code _t_new}, {@code __t_old}, …. */
    private Set<String> tablesLike(String table) throws SQLException {
        Set<String> out = new HashSet<>();
        for (String t : sql.strings(
                "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                        + "AND TABLE_NAME IN (?, ?, ?, ?, ?, ?)",
                "_" + table + "_new",
                "__" + table + "_new",
                "___" + table + "_new",
                "_" + table + "_old",
                "__" + table + "_old",
                "___" + table + "_old")) {
            out.add(t);
        }
        return out;
    }

    /** What a run of the tool left. */
    private final class Remains {
        final List<String> triggers;
        final List<String> newTables;
        final List<String> oldTables;

        Remains(List<String> triggers, List<String> newTables, List<String> oldTables) {
            this.triggers = triggers;
            this.newTables = newTables;
            this.oldTables = oldTables;
        }

        boolean isEmpty() {
            return triggers.isEmpty() && newTables.isEmpty() && oldTables.isEmpty();
        }

        String describe() {
            if (isEmpty()) {
                return "nothing";
            }
            List<String> parts = new ArrayList<>();
            if (!triggers.isEmpty()) {
                parts.add("the triggers " + String.join(", ", triggers));
            }
            if (!newTables.isEmpty()) {
                parts.add("the unfinished copy " + String.join(", ", newTables));
            }
            if (!oldTables.isEmpty()) {
                parts.add("the old table " + String.join(", ", oldTables));
            }
            return String.join(" and ", parts);
        }

        String statements() {
            List<String> out = new ArrayList<>();
            triggers.forEach(t -> out.add("DROP TRIGGER " + dialect.quote(t)));
            newTables.forEach(t -> out.add("DROP TABLE " + dialect.quote(t)));
            oldTables.forEach(t -> out.add("DROP TABLE " + dialect.quote(t)));
            return String.join("; ", out);
        }

        /** Triggers first (each a lock like any DDL's, never queued): while they exist, every write goes to the new table too. */
        void remove(Operation op) throws SQLException {
            for (String t : triggers) {
                context.runLocked(op, Ddl.of("DROP TRIGGER IF EXISTS " + dialect.quote(t)));
            }
            for (String t : newTables) {
                sql.exec("DROP TABLE IF EXISTS " + dialect.quote(t));
            }
            for (String t : oldTables) {
                sql.exec("DROP TABLE IF EXISTS " + dialect.quote(t));
            }
        }
    }

    /** True when another table has a foreign key that references {@code table}. */
    private boolean referenced(String table) throws SQLException {
        return sql.count(
                        "SELECT COUNT(*) FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_SCHEMA = DATABASE() "
                                + "AND REFERENCED_TABLE_NAME = ? AND NOT (TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?)",
                        table,
                        table)
                > 0;
    }

    /** Names of the foreign keys of {@code table} and of those that reference it, as "table.name". */
    private List<String> foreignKeyNames(String table) throws SQLException {
        return sql.strings(
                "SELECT DISTINCT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME) FROM information_schema.KEY_COLUMN_USAGE "
                        + "WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL "
                        + "AND (TABLE_NAME = ? OR REFERENCED_TABLE_NAME = ?) ORDER BY 1",
                table,
                table);
    }

    /**
     * The tool renames the foreign keys it recreates (a leading underscore added or removed): later
     * migrations that name them would fail and drift reports them. Says which, and how to rename back.
     */
    private void renamedKeys(String table, List<String> before) throws SQLException {
        List<String> after = foreignKeyNames(table);
        List<String> gone = new ArrayList<>(before);
        gone.removeAll(after);
        if (gone.isEmpty()) {
            return;
        }
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        context.warn("  " + TOOL + " recreated foreign keys under other names: " + String.join(", ", gone) + " are now "
                + String.join(", ", added) + ". Migrations and drift name the keys as the model does; rename them back "
                + "(drop and add each key, with foreign_key_checks=0 on MariaDB it is instant) before the next change that "
                + "names them.");
    }
}
