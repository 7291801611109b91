package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.core.runner.ShadowCopyForeignKeysTest.keys;
import static dev.retort.core.runner.ShadowCopySelfReferenceTest.rows;
import static dev.retort.core.runner.ShadowCopyTest.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.runner.ShadowCopyForeignKeysTest.ItemTable;
import dev.retort.core.runner.ShadowCopyForeignKeysTest.WidenItemQty;
import dev.retort.core.safety.SafetyPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shadow copy of a child table (order_item, its key to orders ON DELETE CASCADE) while
 * writers delete orders, whose items the cascade deletes, and insert items under the orders left.
 * A cascade locks the parent row and then its children; a chunk that checked the copied rows' key
 * would lock the children and then the parent: a deadlock, in which the writer was rolled back.
 * Every writer transaction repeats its item writes on a mirror with the same key, which the
 * cascade empties alike: the reference the copied table must equal.
 */
class ShadowCopyCascadeTest {

    static final int ORDERS = 3000;

    static final class CascadeWriters {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong ordersDeleted = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<CompletableFuture<Void>> running = new ArrayList<>();

        CascadeWriters(String url, int writers) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(CompletableFuture.runAsync(() -> {
                    try {
                        write(url, writer, writers);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
        }

        private void write(String url, int writer, int writers) throws Exception {
            Random random = new Random(writer);
            try (Connection c = DriverManager.getConnection(url, "root", "")) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                List<Long> orders = new ArrayList<>();
                for (long id = 1 + writer; id <= ORDERS; id += writers) {
                    orders.add(id);
                }
                for (long k = 0; !stop.get() && orders.size() > 10; k++) {
                    int at = random.nextInt(orders.size());
                    long order = orders.get(at);
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        if (k % 3 == 0) {
                            // the cascade deletes the order's items in both tables
                            s.executeUpdate("DELETE FROM orders WHERE id = " + order);
                            orders.remove(at);
                            ordersDeleted.incrementAndGet();
                        } else if (k % 3 == 1) {
                            s.executeUpdate(
                                    "INSERT INTO order_item (order_id, qty) VALUES (" + order + ", 10)",
                                    Statement.RETURN_GENERATED_KEYS);
                            try (ResultSet keys = s.getGeneratedKeys()) {
                                keys.next();
                                s.executeUpdate(
                                        "INSERT INTO item_mirror VALUES (" + keys.getLong(1) + ", " + order + ", 10)");
                            }
                        } else {
                            for (String t : List.of("order_item", "item_mirror")) {
                                s.executeUpdate("UPDATE " + t + " SET qty = qty + 1 WHERE order_id = " + order);
                            }
                        }
                        c.commit();
                    } catch (SQLException e) {
                        c.rollback();
                        throw new AssertionError(
                                "writer " + writer + ", write " + k + " failed"
                                        + ShadowCopySelfReferenceTest.lastDeadlock(url),
                                e);
                    } finally {
                        c.setAutoCommit(true);
                    }
                    writes.incrementAndGet();
                    Thread.sleep(1);
                }
            }
        }

        void stop() throws Exception {
            stop.set(true);
            for (CompletableFuture<Void> w : running) {
                w.get(30, TimeUnit.SECONDS);
            }
            if (failure.get() != null) {
                throw new AssertionError("a legitimate write failed", failure.get());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void copiesAChildTableWhileCascadingDeletesEmptyIt(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, ORDERS);
            runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new ItemTable()).upgrade("s2");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO order_item (order_id, qty) SELECT id, 1 FROM orders");
                s.executeUpdate("INSERT INTO order_item (order_id, qty) SELECT id, 2 FROM orders");
                s.execute("CREATE TABLE item_mirror (id bigint NOT NULL PRIMARY KEY, order_id bigint NOT NULL, "
                        + "qty int NOT NULL, CONSTRAINT fkm_item_order FOREIGN KEY (order_id) REFERENCES orders (id) "
                        + "ON DELETE CASCADE)");
                s.executeUpdate("INSERT INTO item_mirror SELECT * FROM order_item");
            }
            List<String> before = keys(c);
            CascadeWriters writers = new CascadeWriters(url(c), 3);
            Log log = new Log();
            long during;
            try {
                Thread.sleep(200);
                long start = writers.writes.get();
                assertEquals(
                        List.of("s3"),
                        runner(
                                        c,
                                        log,
                                        copying(OnlineCopy.COPIES, 200, 0.2),
                                        SafetyPolicy.DEFAULT,
                                        new ItemTable(),
                                        new WidenItemQty())
                                .upgrade("head"),
                        log.all());
                during = writers.writes.get() - start;
                Thread.sleep(200);
            } finally {
                writers.stop();
            }
            System.out.println("[cascade-copy] " + server + ": " + writers.writes.get() + " writes (" + during
                    + " during the step, " + writers.ordersDeleted.get() + " orders deleted), none failed\n"
                    + log.all());
            assertTrue(log.all().contains("through a shadow copy"), log.all());
            assertEquals(
                    "bigint",
                    text(
                            c,
                            "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'order_item' AND COLUMN_NAME = 'qty'"));
            assertEquals(before, keys(c));
            assertEquals(
                    rows(c, "SELECT id, order_id, qty FROM item_mirror ORDER BY id"),
                    rows(c, "SELECT id, order_id, qty FROM order_item ORDER BY id"),
                    "every item the writers left, none the cascade deleted");
            assertEquals(
                    0,
                    scalar(
                            c,
                            "SELECT COUNT(*) FROM order_item i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL"));
            assertTrue(during > 20, "writes went on during the copy: " + during);
            assertTrue(writers.ordersDeleted.get() > 10, "orders were deleted: " + writers.ordersDeleted.get());
            SQLException orphan = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO order_item (order_id, qty) VALUES (999999, 1)");
                }
            });
            assertEquals(1452, orphan.getErrorCode(), orphan.getMessage());
            assertEquals(
                    List.of(),
                    rows(
                            c,
                            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
                                    + "TABLE_NAME LIKE '\\_order\\_item\\_rt%' UNION ALL SELECT TRIGGER_NAME FROM "
                                    + "information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"));
        }
    }
}
