package dev.retort.core.runner;

import static dev.retort.core.runner.MigrationRunnerTest.columns;
import static dev.retort.core.runner.MigrationRunnerTest.historyStates;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.db.MariaDbServer;
import dev.retort.core.db.MySqlServer;
import dev.retort.core.db.PostgresServer;
import dev.retort.core.dialect.Dialects;
import dev.retort.core.runner.MigrationRunnerTest.Db;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Concurrent deploys: separate JVMs upgrading one database at the same moment, and a lock holder
 * killed with {@code kill -9}. Runs on the servers whose locks are database-native (GET_LOCK on MySQL
 * and MariaDB, pg_advisory_lock on PostgreSQL).
 */
class ConcurrentUpgradeTest {

    static final int PROCESSES = 8;
    static final List<String> ALL = List.of("c1", "c2", "c3", "c4");
    static final List<String> APPLIED = List.of("c1:applied:1/1", "c2:applied:4/4", "c3:applied:3/3", "c4:applied:2/2");

    static Stream<Db> servers() {
        return Stream.of(
                new Db("mysql", MySqlServer.newDatabase(), "root"),
                new Db("mariadb", MariaDbServer.newDatabase(), "root"),
                new Db("postgresql", PostgresServer.newDatabase(), "postgres"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void eightProcessesUpgradingAtOnceApplyEveryRevisionExactlyOnce(Db db) throws Exception {
        List<Child> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(Child.start(db.url(), db.user(), "--wait-for-go"));
            }
            for (Child c : children) {
                c.awaitLine("READY", 60);
            }
            // every JVM is up and connected: release them together so they race for the lock
            for (Child c : children) {
                c.send("GO");
            }
            List<String> appliedByAll = new ArrayList<>();
            int winners = 0;
            for (Child c : children) {
                assertEquals(0, c.exitCode(120), c.describe());
                List<String> applied = c.lines("APPLIED ");
                appliedByAll.addAll(applied);
                if (!applied.isEmpty()) {
                    winners++;
                    assertEquals(ALL, applied, "the lock holder applies the whole plan; " + c.describe());
                } else {
                    assertTrue(
                            c.lines().contains("INFO Nothing to upgrade: the database is at revision c4."),
                            "a process that waited finds the work done; " + c.describe());
                }
            }
            assertEquals(1, winners, "exactly one process applied migrations");
            assertEquals(ALL, appliedByAll, "each revision applied exactly once across all processes");
        } finally {
            children.forEach(Child::close);
        }
        try (Connection c = db.open()) {
            assertEquals(APPLIED, historyStates(c));
            assertEquals(List.of("id", "name", "price", "sku", "weight"), columns(c, "item"));
            assertEquals(List.of("id", "label", "item_id", "note"), columns(c, "tag"));
        }
    }

    /**
     * A run that holds the lock makes others wait (a short wait gives up with a clear message);
     * killing the holder with {@code kill -9} releases the lock with its session, and the next run
     * proceeds from what the killed one committed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void killedLockHolderLeavesNoStaleLock(Db db) throws Exception {
        boolean transactional = db.label().equals("postgresql");
        try (Child holder = Child.start(db.url(), db.user(), "--hang-after=c2:2")) {
            holder.awaitLine("STEP c2 2/4", 60);

            try (Child impatient = Child.start(db.url(), db.user(), "--lock-wait=1")) {
                assertEquals(2, impatient.exitCode(60), impatient.describe());
                assertTrue(
                        impatient
                                .stderr()
                                .contains("Another migration run holds the lock 'retort_migrations' on this database; "
                                        + "waited 1 s. Try again when it has finished."),
                        impatient.describe());
                assertEquals(List.of(), impatient.lines("STEP "), "it ran nothing");
            }

            try (Child next = Child.start(db.url(), db.user(), "--lock-wait=60")) {
                next.awaitLine("READY", 60);
                Thread.sleep(1500);
                assertTrue(next.isAlive(), "waits while the holder lives; " + next.describe());
                assertEquals(List.of(), next.lines("STEP "), "and runs nothing meanwhile");

                holder.kill();
                assertEquals(0, next.exitCode(60), next.describe());
                // c2 builds an index: on PostgreSQL concurrently, so even there it runs step by step and resumes
                if (transactional
                        && new DdlExecutor(null, Dialects.byName(db.label()), DdlPolicy.DEFAULT, RunLog.SILENT)
                                .atomic(UpgradeChild.graph().get("c2").upgrade())) {
                    // the killed run's transaction rolled back with its session: c2 starts over
                    assertTrue(next.lines().contains("INFO Applying c2 \"item details\" (4 steps)"), next.describe());
                    assertEquals(
                            List.of(
                                    "c2 1/4", "c2 2/4", "c2 3/4", "c2 4/4", "c3 1/3", "c3 2/3", "c3 3/3", "c4 1/2",
                                    "c4 2/2"),
                            next.lines("STEP "));
                } else {
                    assertTrue(
                            next.lines()
                                    .contains("INFO Resuming c2 \"item details\" at step 3 of 4 "
                                            + "(steps 1-2 were committed by an earlier run)"),
                            next.describe());
                    assertEquals(
                            List.of("c2 3/4", "c2 4/4", "c3 1/3", "c3 2/3", "c3 3/3", "c4 1/2", "c4 2/2"),
                            next.lines("STEP "));
                }
                assertEquals(List.of("c2", "c3", "c4"), next.lines("APPLIED "));
            }
        }
        try (Connection c = db.open()) {
            assertEquals(APPLIED, historyStates(c));
            assertEquals(List.of("id", "name", "price", "sku", "weight"), columns(c, "item"));
        }
    }
}
