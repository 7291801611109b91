package dev.retort.core.runner;

import static dev.retort.core.runner.OnlineDdlTest.*;
import static dev.retort.core.runner.ShadowCopyTest.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.runner.DdlPolicy.OnlineCopy;
import dev.retort.core.safety.SafetyPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shadow copy of tables in foreign keys on real MySQL and MariaDB servers, with writers on
 * the parent and the children during the copy: afterwards every key is enforced, has its name and
 * rules as before, no row is orphaned, no row lost and no legitimate write failed.
 */
class ShadowCopyForeignKeysTest {

    /**
     * orders (the shop's) gets its own key to customer; order_item references orders ON DELETE
     * CASCADE, shipment references it ON DELETE SET NULL ON UPDATE CASCADE; two items per order.
     */
    static void keyedShop(Connection c, int rows) throws SQLException {
        shop(c, rows);
        addKeys(c);
    }

    /** The keys and children of {@link #keyedShop} on a shop that has none yet. */
    static void addKeys(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) "
                    + "REFERENCES customer (id)");
            s.execute(
                    "CREATE TABLE order_item (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, order_id bigint NOT NULL, "
                            + "qty int NOT NULL, CONSTRAINT fk_item_order FOREIGN KEY (order_id) REFERENCES orders (id) "
                            + "ON DELETE CASCADE)");
            s.execute("CREATE TABLE shipment (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, order_id bigint NULL, "
                    + "CONSTRAINT fk_shipment_order FOREIGN KEY (order_id) REFERENCES orders (id) "
                    + "ON DELETE SET NULL ON UPDATE CASCADE)");
            s.executeUpdate("INSERT INTO order_item (order_id, qty) SELECT id, 1 FROM orders");
            s.executeUpdate("INSERT INTO order_item (order_id, qty) SELECT id, 2 FROM orders");
            s.executeUpdate("INSERT INTO shipment (order_id) SELECT id FROM orders WHERE id % 5 = 0");
        }
    }

    /** Every foreign key of the schema with its columns and rules, sorted. */
    static List<String> keys(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rc.TABLE_NAME, rc.CONSTRAINT_NAME, "
                        + "GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION), rc.REFERENCED_TABLE_NAME, "
                        + "GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION), rc.DELETE_RULE, rc.UPDATE_RULE "
                        + "FROM information_schema.REFERENTIAL_CONSTRAINTS rc JOIN information_schema.KEY_COLUMN_USAGE k "
                        + "ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = rc.TABLE_NAME "
                        + "AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME WHERE rc.CONSTRAINT_SCHEMA = DATABASE() "
                        + "GROUP BY rc.TABLE_NAME, rc.CONSTRAINT_NAME, rc.REFERENCED_TABLE_NAME, rc.DELETE_RULE, "
                        + "rc.UPDATE_RULE ORDER BY 1, 2")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2) + " (" + rs.getString(3) + ") -> " + rs.getString(4)
                        + " (" + rs.getString(5) + ") ON DELETE " + rs.getString(6) + " ON UPDATE "
                        + rs.getString(7));
            }
        }
        return out;
    }

    /** Every index of the schema's tables with its columns, sorted: the keys' indexes keep their names too. */
    static List<String> indexes(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT TABLE_NAME, INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
                                + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'retort%' "
                                + "GROUP BY TABLE_NAME, INDEX_NAME ORDER BY 1, 2")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2) + " (" + rs.getString(3) + ")");
            }
        }
        return out;
    }

    static long orphans(Connection c) throws SQLException {
        return scalar(
                c,
                "SELECT (SELECT COUNT(*) FROM order_item i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL)"
                        + " + (SELECT COUNT(*) FROM shipment s LEFT JOIN orders o ON o.id = s.order_id "
                        + "WHERE s.order_id IS NOT NULL AND o.id IS NULL)"
                        + " + (SELECT COUNT(*) FROM orders o LEFT JOIN customer c ON c.id = o.customer_id "
                        + "WHERE o.customer_id IS NOT NULL AND c.id IS NULL)");
    }

    static void assertEnforced(Connection c) throws SQLException {
        for (String orphan : List.of(
                "INSERT INTO order_item (order_id, qty) VALUES (999999, 1)",
                "INSERT INTO shipment (order_id) VALUES (999999)",
                "INSERT INTO orders (customer_id, note, amount) VALUES (99, 'orphan', 1)")) {
            SQLException e = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate(orphan);
                }
            });
            assertEquals(1452, e.getErrorCode(), orphan + ": " + e.getMessage());
        }
        SQLException restrict = assertThrows(SQLException.class, () -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM customer WHERE id = 1");
            }
        });
        assertEquals(1451, restrict.getErrorCode(), restrict.getMessage());
        long id = scalar(c, "SELECT MIN(order_id) FROM shipment WHERE order_id IN (SELECT order_id FROM order_item)");
        try (Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM orders WHERE id = " + id));
        }
        assertEquals(0, scalar(c, "SELECT COUNT(*) FROM order_item WHERE order_id = " + id), "ON DELETE CASCADE");
        assertEquals(0, scalar(c, "SELECT COUNT(*) FROM shipment WHERE order_id = " + id), "ON DELETE SET NULL");
    }

    /** Items added to orders as the order writers insert them, updated and deleted; each item's expected quantity. */
    static final class ItemWriter {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong slowestMillis = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Map<Long, String> items = new ConcurrentHashMap<>();
        final CompletableFuture<Void> running;

        ItemWriter(String url, ConcurrentLinkedQueue<Long> newOrders) {
            running = CompletableFuture.runAsync(() -> {
                try (Connection c = DriverManager.getConnection(url, "root", "");
                        PreparedStatement insert = c.prepareStatement(
                                "INSERT INTO order_item (order_id, qty) VALUES (?, ?)",
                                Statement.RETURN_GENERATED_KEYS);
                        PreparedStatement update =
                                c.prepareStatement("UPDATE order_item SET qty = qty + 1 WHERE id = ?");
                        PreparedStatement delete = c.prepareStatement("DELETE FROM order_item WHERE id = ?")) {
                    List<Long> mine = new ArrayList<>();
                    for (long k = 0; !stop.get(); k++) {
                        long started = System.nanoTime();
                        Long order = newOrders.poll();
                        if (order != null) {
                            // the parent row may be minutes or milliseconds old, written before or after the swap
                            insert.setLong(1, order);
                            insert.setLong(2, 10);
                            insert.executeUpdate();
                            try (ResultSet keys = insert.getGeneratedKeys()) {
                                keys.next();
                                mine.add(keys.getLong(1));
                                items.put(keys.getLong(1), order + "|10");
                            }
                        } else if (!mine.isEmpty() && k % 7 == 0) {
                            long id = mine.remove(0);
                            delete.setLong(1, id);
                            delete.executeUpdate();
                            items.remove(id);
                        } else if (!mine.isEmpty()) {
                            long id = mine.get((int) (k % mine.size()));
                            update.setLong(1, id);
                            update.executeUpdate();
                            items.computeIfPresent(
                                    id,
                                    (key, v) -> v.substring(0, v.indexOf('|') + 1)
                                            + (Long.parseLong(v.substring(v.indexOf('|') + 1)) + 1));
                        }
                        writes.incrementAndGet();
                        slowestMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                        Thread.sleep(1);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        void stop() throws Exception {
            stop.set(true);
            running.get(20, TimeUnit.SECONDS);
            if (failure.get() != null) {
                throw new AssertionError("a legitimate write to order_item failed", failure.get());
            }
        }
    }

    /** Writers' orders and items as the database has them, compared with their own log. */
    static void assertRowsKept(Connection c, Map<Long, String> orders, ItemWriter items) throws SQLException {
        assertSameRows(orders, actualRows(c), "every order write is in the new table");
        Map<Long, String> actual = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, order_id, qty FROM order_item WHERE qty >= 10")) {
            while (rs.next()) {
                actual.put(rs.getLong(1), rs.getLong(2) + "|" + rs.getLong(3));
            }
        }
        assertSameRows(items.items, actual, "every item write to a new order is there");
        // the seeded items: two per order still there (orders deleted by the writers took theirs along)
        assertEquals(
                2 * scalar(c, "SELECT COUNT(*) FROM orders WHERE id <= " + ROWS),
                scalar(c, "SELECT COUNT(*) FROM order_item WHERE qty < 10"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void changesAReferencedTableWithItsOwnKeyWhileParentAndChildrenAreWritten(String server) throws Exception {
        try (Connection c = connect(server)) {
            keyedShop(c, ROWS);
            List<String> before = keys(c);
            List<String> indexesBefore = indexes(c);
            assertEquals(3, before.size(), before.toString());
            Map<Long, String> expected = initialRows();
            ConcurrentLinkedQueue<Long> newOrders = new ConcurrentLinkedQueue<>();
            Map<Long, String> tracked = new ConcurrentHashMap<>(expected) {
                @Override
                public String put(Long key, String value) {
                    if (key > ROWS && !containsKey(key)) {
                        newOrders.add(key);
                    }
                    return super.put(key, value);
                }
            };
            Writers writers = new Writers(url(c), tracked);
            ItemWriter items = new ItemWriter(url(c), newOrders);
            Log log = new Log();
            try {
                Thread.sleep(200);
                assertEquals(
                        List.of("s2"),
                        runner(c, log, copying(OnlineCopy.COPIES, 200, 0.5), SafetyPolicy.DEFAULT, new WidenAmount())
                                .upgrade("head"),
                        log.all());
                Thread.sleep(200);
            } finally {
                writers.stop();
                items.stop();
            }
            System.out.println("[fk-copy] " + server + ": " + writers.writes.get() + " order writes (slowest "
                    + writers.slowestMillis.get() + " ms), " + items.writes.get() + " item writes (slowest "
                    + items.slowestMillis.get() + " ms), none failed\n" + log.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertTrue(
                    log.all().contains("pointed 2 foreign keys of order_item, shipment at _orders_rtnew"), log.all());
            assertTrue(log.all().contains("their names back"), log.all());
            assertEquals(before, keys(c), "names, columns and rules as before");
            assertEquals(indexesBefore, indexes(c));
            assertEquals(0, orphans(c), "no orphan");
            assertRowsKept(c, tracked, items);
            assertTrue(items.writes.get() > 20, "items were written during the copy: " + items.writes.get());
            assertEquals(List.of(), leftovers(c), "no shadow table, old table or trigger is left");
            assertEnforced(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void changesAChildTableWithItsOwnKeys(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 3000);
            runner(c, new Log(), FAST, SafetyPolicy.DEFAULT, new ItemTable()).upgrade("s2");
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) "
                        + "REFERENCES customer (id)");
                s.execute("CREATE TABLE shipment (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, order_id bigint NULL, "
                        + "CONSTRAINT fk_shipment_order FOREIGN KEY (order_id) REFERENCES orders (id) "
                        + "ON DELETE SET NULL ON UPDATE CASCADE)");
                s.executeUpdate("INSERT INTO order_item (order_id, qty) SELECT id, 1 FROM orders");
                s.executeUpdate("INSERT INTO order_item (order_id, qty) SELECT id, 2 FROM orders");
                s.executeUpdate("INSERT INTO shipment (order_id) SELECT id FROM orders WHERE id % 5 = 0");
            }
            List<String> before = keys(c);
            List<String> indexesBefore = indexes(c);
            Log log = new Log();
            assertEquals(
                    List.of("s3"),
                    runner(
                                    c,
                                    log,
                                    copying(OnlineCopy.COPIES, 500, 0),
                                    SafetyPolicy.DEFAULT,
                                    new ItemTable(),
                                    new WidenItemQty())
                            .upgrade("head"),
                    log.all());
            assertTrue(log.all().contains("through a shadow copy"), log.all());
            assertTrue(log.all().contains("gave 1 foreign key of order_item their names back"), log.all());
            assertEquals(
                    "bigint",
                    text(
                            c,
                            "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                                    + "AND TABLE_NAME = 'order_item' AND COLUMN_NAME = 'qty'"));
            assertEquals(before, keys(c));
            assertEquals(indexesBefore, indexes(c));
            assertEquals(6000, scalar(c, "SELECT COUNT(*) FROM order_item"));
            assertEquals(0, orphans(c));
            assertEquals(List.of(), leftovers(c));
            assertEnforced(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void refusesToChangeAColumnChildrenReference(String server) throws Exception {
        try (Connection c = connect(server)) {
            keyedShop(c, 300);
            try (Statement s = c.createStatement()) {
                // above the copy-row limit of 100
                s.executeUpdate("INSERT INTO customer (id, name) SELECT id + 3, 'more' FROM orders");
            }
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(
                                    c,
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 100, 0),
                                    SafetyPolicy.DEFAULT,
                                    new WidenCustomerId())
                            .upgrade("head"));
            // MariaDB offers the copy, which refuses; MySQL refuses the in-place change itself (error 3780)
            assertTrue(
                    e.getMessage().contains("customer.id is referenced by the foreign key orders.fk_orders_customer")
                            || e.getMessage()
                                    .contains("in foreign key constraint 'fk_orders_customer' are incompatible"),
                    e.getMessage());
            assertEquals(List.of(), leftovers(c));
        }
    }

    /**
     * A run killed with the children's keys pointed at the shadow, just before the swap, or just
     * after it with the keys still under their temporary names: the tables stay usable with every
     * key enforced, and the next run finishes the change with the keys as before.
     */
    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "mariadb, RENAME TABLE",
        "mysql, RENAME TABLE",
        "mariadb, DROP FOREIGN KEY `_fk_item_order_rtfk`",
        "mysql, DROP FOREIGN KEY `_fk_item_order_rtfk`"
    })
    void aRunKilledAroundTheSwapIsFinishedByTheNext(String server, String killBefore) throws Exception {
        try (Connection c = connect(server)) {
            keyedShop(c, 1000);
            List<String> before = keys(c);
            List<String> indexesBefore = indexes(c);
            String url = url(c);
            KillSwitch kill = KillSwitch.before(killBefore);
            assertThrows(
                    KillSwitch.Killed.class,
                    () -> runner(
                                    kill.wrap(c),
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 400, 0),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmount())
                            .upgrade("head"));
            assertTrue(kill.killedAt().contains(killBefore), kill.killedAt());
            try (Connection admin = DriverManager.getConnection(url, "root", "")) {
                // usable meanwhile, every key enforced (under a temporary name, and through the copy before the swap)
                try (Statement s = admin.createStatement()) {
                    s.executeUpdate("DELETE FROM orders WHERE id = 10");
                    s.executeUpdate("INSERT INTO orders (id, customer_id, note, amount) VALUES (5000, 2, 'new', 1)");
                    s.executeUpdate("INSERT INTO order_item (order_id, qty) VALUES (5000, 3)");
                }
                assertEquals(0, scalar(admin, "SELECT COUNT(*) FROM order_item WHERE order_id = 10"), "cascaded");
                assertEquals(0, scalar(admin, "SELECT COUNT(*) FROM shipment WHERE order_id = 10"), "set null");
                SQLException orphan = assertThrows(SQLException.class, () -> {
                    try (Statement s = admin.createStatement()) {
                        s.executeUpdate("INSERT INTO order_item (order_id, qty) VALUES (999999, 1)");
                    }
                });
                assertEquals(1452, orphan.getErrorCode(), orphan.getMessage());
                assertEquals(0, orphans(admin));

                Log second = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(
                                        admin,
                                        second,
                                        copying(OnlineCopy.COPIES, 400, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"),
                        second.all());
                assertEquals("decimal(14,2)", amountType(admin));
                assertEquals(before, keys(admin), second.all());
                assertEquals(indexesBefore, indexes(admin));
                assertEquals(0, orphans(admin));
                assertEquals(List.of(), leftovers(admin));
                assertEquals(1000, scalar(admin, "SELECT COUNT(*) FROM orders"));
                assertEquals(1999, scalar(admin, "SELECT COUNT(*) FROM order_item"));
                assertEnforced(admin);
            }
        }
    }

    /**
     * A run killed with the children's keys pointed at the copy, then rerun with the copy off: the
     * refusal says how far the copy got (checked, the keys on the copy), and its way to discard the
     * copy by hand points the keys back at the table before the triggers go (the shadow, which the
     * keys reference, could not be dropped otherwise, and without the triggers would stop enforcing
     * them against the table's rows). Run as given, it leaves the keys as they were.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aRerunWithTheCopyOffAfterTheKeysWerePointedSaysHowToPointThemBack(String server) throws Exception {
        try (Connection c = connect(server)) {
            keyedShop(c, 1000);
            List<String> before = keys(c);
            List<String> indexesBefore = indexes(c);
            String url = url(c);
            killedBefore(c, "RENAME TABLE");
            try (Connection admin = DriverManager.getConnection(url, "root", "")) {
                MigrationException refused = assertThrows(
                        MigrationException.class,
                        () -> runner(
                                        admin,
                                        new Log(),
                                        FAST.withCopyRowLimit(100),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"));
                String message = refused.getMessage();
                assertTrue(
                        message.contains("had copied and checked every row and pointed the foreign keys of "
                                + "order_item, shipment at the copy"),
                        message);
                String marker = "discard it and make the change without a shadow copy: run ";
                int from = message.indexOf(marker);
                assertTrue(from >= 0, message);
                String recipe = message.substring(from + marker.length(), message.indexOf(" then ", from));
                try (Statement s = admin.createStatement()) {
                    for (String statement : recipe.split(";")) {
                        if (!statement.isBlank()) {
                            s.execute(statement.trim());
                        }
                    }
                }
                assertEquals("decimal(12,2)", amountType(admin));
                assertEquals(before, keys(admin));
                assertEquals(indexesBefore, indexes(admin));
                assertEquals(List.of(), leftovers(admin));
                assertEquals(0, orphans(admin));
                try (Statement s = admin.createStatement()) {
                    s.executeUpdate("DELETE FROM orders WHERE id = 10");
                }
                assertEquals(0, scalar(admin, "SELECT COUNT(*) FROM order_item WHERE order_id = 10"), "cascaded");
                assertEnforced(admin);
            }
        }
    }

    /**
     * A step that fails after the swap while giving the keys their names back (a transaction holds
     * a child table past the retry budget): the failure says which keys still have temporary names
     * (enforced all the same), and a rerun gives them their names back.
     */
    @org.junit.jupiter.api.Test
    void aFailureAfterTheSwapNamesTheKeysLeftUnderTemporaryNames() throws Exception {
        try (Connection c = connect("mariadb")) {
            keyedShop(c, 300);
            List<String> before = keys(c);
            MigrationException e = failsWhileHeld(
                    c, "DROP FOREIGN KEY `_fk_item_order_rtfk`", java.time.Duration.ofSeconds(1), "order_item");
            assertTrue(
                    e.getMessage()
                            .contains("order_item._fk_item_order_rtfk, shipment._fk_shipment_order_rtfk still have "
                                    + "temporary names"),
                    e.getMessage());
            assertEquals("decimal(14,2)", amountType(c));
            assertEquals(0, orphans(c));
            Log second = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, second, copying(OnlineCopy.COPIES, 400, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    second.all());
            assertEquals(before, keys(c), second.all());
            assertEquals(List.of(), leftovers(c));
            assertEnforced(c);
        }
    }

    /**
     * A copy killed with the children's keys on the shadow, discarded by a run of another step,
     * which is killed in turn while pointing the keys back: until they reference the table again
     * the triggers must keep the shadow current, or a deleted parent keeps its children (orphans
     * once the keys are back) and a new parent's children are refused.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aDiscardedCopyKeepsItsTriggersUntilTheKeysPointBack(String server) throws Exception {
        try (Connection c = connect(server)) {
            keyedShop(c, 1000);
            List<String> before = keys(c);
            String url = url(c);
            killedBefore(c, "RENAME TABLE");
            try (Connection admin = DriverManager.getConnection(url, "root", "")) {
                KillSwitch second = KillSwitch.before("DROP FOREIGN KEY `_fk_item_order_rtfk`");
                assertThrows(
                        KillSwitch.Killed.class,
                        () -> runner(
                                        second.wrap(DriverManager.getConnection(url, "root", "")),
                                        new Log(),
                                        copying(OnlineCopy.COPIES, 400, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmountMore())
                                .upgrade("head"));
                try (Statement s = admin.createStatement()) {
                    s.executeUpdate("DELETE FROM orders WHERE id = 10");
                    s.executeUpdate("INSERT INTO orders (id, customer_id, note, amount) VALUES (5000, 2, 'new', 1)");
                    s.executeUpdate("INSERT INTO order_item (order_id, qty) VALUES (5000, 3)");
                }
                assertEquals(0, scalar(admin, "SELECT COUNT(*) FROM order_item WHERE order_id = 10"), "cascaded");

                Log third = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(
                                        admin,
                                        third,
                                        copying(OnlineCopy.COPIES, 400, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmountMore())
                                .upgrade("head"),
                        third.all());
                assertEquals("decimal(16,2)", amountType(admin));
                assertEquals(before, keys(admin), third.all());
                assertEquals(0, orphans(admin));
                assertEquals(List.of(), leftovers(admin));
                assertEquals(1999, scalar(admin, "SELECT COUNT(*) FROM order_item"));
                assertEnforced(admin);
            }
        }
    }

    /**
     * A copy killed mid-way, after which the table gained a foreign key of its own and a child: the
     * shadow has neither the key nor triggers written for a referenced table, so the next run
     * starts over instead of resuming (resumed, the swap would have lost the key).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aCopyKilledBeforeTheTableGainedKeysStartsOver(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 1000);
            String url = url(c);
            KillSwitch kill = KillSwitch.before(server.equals("mysql") ? "FOR SHARE NOWAIT" : "LOCK IN SHARE MODE");
            assertThrows(
                    KillSwitch.Killed.class,
                    () -> runner(
                                    kill.wrap(c),
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 100, 0),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmount())
                            .upgrade("head"));
            try (Connection admin = DriverManager.getConnection(url, "root", "")) {
                addKeys(admin);
                List<String> before = keys(admin);
                Log second = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(
                                        admin,
                                        second,
                                        copying(OnlineCopy.COPIES, 100, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"),
                        second.all());
                assertTrue(second.all().contains("Removing the trigger _orders_rtins"), second.all());
                assertEquals("decimal(14,2)", amountType(admin));
                assertEquals(before, keys(admin), second.all());
                assertEquals(0, orphans(admin));
                assertEquals(List.of(), leftovers(admin));
                assertEnforced(admin);
            }
        }
    }

    /**
     * A child's key on the table added while the copy runs: the copy's triggers were written for a
     * table nobody references (a REPLACE would run the key's ON DELETE CASCADE on the copy for a
     * row only updated), so the step fails before pointing any key at the copy, the table
     * unchanged, and the rerun copies again.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aChildKeyAddedDuringTheCopyFailsTheStepBeforeTheSwap(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 2000);
            String url = url(c);
            CompletableFuture<Void> child = CompletableFuture.runAsync(() -> {
                try (Connection other = DriverManager.getConnection(url, "root", "");
                        Statement s = other.createStatement()) {
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (scalar(
                                            other,
                                            "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE "
                                                    + "TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = '_orders_rtins'")
                                    == 0
                            && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    s.execute("CREATE TABLE order_item (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                            + "order_id bigint NOT NULL, qty int NOT NULL, CONSTRAINT fk_item_order FOREIGN KEY "
                            + "(order_id) REFERENCES orders (id) ON DELETE CASCADE)");
                    s.executeUpdate("INSERT INTO order_item (order_id, qty) SELECT id, 1 FROM orders");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(
                                    c,
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 10, 3.0),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmount())
                            .upgrade("head"));
            child.get(60, TimeUnit.SECONDS);
            assertTrue(
                    e.getMessage().contains("order_item.fk_item_order referencing orders was added while the copy ran"),
                    e.getMessage());
            assertEquals("decimal(12,2)", amountType(c));
            assertEquals(List.of(), leftovers(c));
            assertEquals(2000, scalar(c, "SELECT COUNT(*) FROM order_item"));
            assertTrue(
                    keys(c).toString().contains("order_item.fk_item_order (order_id) -> orders (id) ON DELETE CASCADE"),
                    keys(c).toString());

            assertEquals(
                    List.of("s2"),
                    runner(c, new Log(), copying(OnlineCopy.COPIES, 500, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE orders SET note = 'changed' WHERE id = 20");
            }
            assertEquals(1, scalar(c, "SELECT COUNT(*) FROM order_item WHERE order_id = 20"));
            assertEquals(2000, scalar(c, "SELECT COUNT(*) FROM order_item"));
        }
    }

    /**
     * A foreign key of the table's own, or a child's key from another schema, added while the copy
     * runs: the copy has no such key, and a child elsewhere is not pointed at it. Swapped in, the
     * table would lose the new key, or the child's key would follow the old table to
     * {@code _orders_rtold} (no longer written, and never dropped). The step fails before any key is
     * pointed at the copy, the table unchanged with the new key enforced, and a rerun copies again.
     * The last child's key dropped meanwhile is no reason to fail: the triggers written for a
     * referenced table serve one nobody references as well. The change is made, deterministically,
     * just as the copy starts, its triggers in place.
     */
    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "mariadb, own key",
        "mysql, own key",
        "mariadb, child elsewhere",
        "mysql, child elsewhere",
        "mariadb, last child's key dropped",
        "mysql, last child's key dropped"
    })
    void aKeyTheCopyDoesNotHaveAddedDuringTheCopyFailsTheStepBeforeTheSwap(String server, String added)
            throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 300);
            if (added.equals("last child's key dropped")) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE order_item (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                            + "order_id bigint NOT NULL, CONSTRAINT fk_item_order FOREIGN KEY (order_id) "
                            + "REFERENCES orders (id) ON DELETE CASCADE)");
                }
            }
            String url = url(c);
            String schema = text(c, "SELECT DATABASE()");
            String far = schema + "_far";
            AtomicBoolean changed = new AtomicBoolean();
            // once the triggers are in place, as the copy starts: another session changes the keys
            Connection copying = before(c, "SELECT MAX(`id`) FROM `orders`", () -> {
                try (Connection other = DriverManager.getConnection(url, "root", "");
                        Statement s = other.createStatement()) {
                    if (added.equals("last child's key dropped")) {
                        s.execute("ALTER TABLE order_item DROP FOREIGN KEY fk_item_order");
                    } else if (added.equals("own key")) {
                        s.execute("SET SESSION foreign_key_checks = 0");
                        s.execute("ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) "
                                + "REFERENCES customer (id)");
                    } else {
                        s.execute("CREATE DATABASE `" + far + "`");
                        s.execute("CREATE TABLE `" + far + "`.remote_item (id bigint NOT NULL PRIMARY KEY, "
                                + "order_id bigint NOT NULL, CONSTRAINT fk_remote_order FOREIGN KEY (order_id) "
                                + "REFERENCES `" + schema + "`.orders (id) ON DELETE CASCADE)");
                        s.executeUpdate("INSERT INTO `" + far + "`.remote_item (id, order_id) VALUES (1, 20)");
                    }
                }
                changed.set(true);
            });
            try {
                if (added.equals("last child's key dropped")) {
                    // the triggers written for a referenced table serve one nobody references as well: no failure
                    Log log = new Log();
                    assertEquals(
                            List.of("s2"),
                            runner(
                                            copying,
                                            log,
                                            copying(OnlineCopy.COPIES, 100, 0),
                                            SafetyPolicy.DEFAULT,
                                            new WidenAmount())
                                    .upgrade("head"),
                            log.all());
                    assertTrue(changed.get());
                    assertEquals("decimal(14,2)", amountType(c));
                    assertEquals(List.of(), keys(c));
                    assertEquals(List.of(), leftovers(c));
                    assertEquals(300, scalar(c, "SELECT COUNT(*) FROM orders"));
                    return;
                }
                MigrationException e = assertThrows(
                        MigrationException.class,
                        () -> runner(
                                        copying,
                                        new Log(),
                                        copying(OnlineCopy.COPIES, 100, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"));
                assertTrue(changed.get());
                assertTrue(
                        e.getMessage()
                                .contains(
                                        added.equals("own key")
                                                ? "the columns or foreign keys of orders changed while the copy ran"
                                                : "the foreign key " + far
                                                        + ".remote_item.fk_remote_order referencing orders was added "
                                                        + "while the copy ran, in another schema"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("orders is unchanged"), e.getMessage());
                assertEquals("decimal(12,2)", amountType(c));
                assertEquals(List.of(), leftovers(c));
                if (added.equals("own key")) {
                    List<String> before = keys(c);
                    assertTrue(before.toString().contains("orders.fk_orders_customer"), before.toString());
                    Log second = new Log();
                    assertEquals(
                            List.of("s2"),
                            runner(
                                            c,
                                            second,
                                            copying(OnlineCopy.COPIES, 100, 0),
                                            SafetyPolicy.DEFAULT,
                                            new WidenAmount())
                                    .upgrade("head"),
                            second.all());
                    assertEquals("decimal(14,2)", amountType(c));
                    assertEquals(before, keys(c), second.all());
                    SQLException orphan = assertThrows(SQLException.class, () -> {
                        try (Statement s = c.createStatement()) {
                            s.executeUpdate("INSERT INTO orders (customer_id, note, amount) VALUES (99, 'x', 1)");
                        }
                    });
                    assertEquals(1452, orphan.getErrorCode(), orphan.getMessage());
                } else {
                    // the child's key still references the table, and is enforced against it
                    assertEquals(
                            "orders",
                            text(
                                    c,
                                    "SELECT REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                            + "WHERE CONSTRAINT_SCHEMA = '" + far + "'"));
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("DELETE FROM orders WHERE id = 20");
                    }
                    assertEquals(0, scalar(c, "SELECT COUNT(*) FROM `" + far + "`.remote_item"), "cascaded");
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + far + "`");
                }
            }
        }
    }

    /**
     * A child table with a key on the table created while the children's keys are being pointed at
     * the copy (after the check before the first one): its key references the table, and the swap
     * would carry it over to the old table. The step fails before the swap, the keys pointed back,
     * and the rerun points the new child's key too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aChildAddedWhileTheKeysArePointedFailsTheStepBeforeTheSwap(String server) throws Exception {
        try (Connection c = connect(server)) {
            keyedShop(c, 300);
            String url = url(c);
            Connection copying = before(c, "DROP FOREIGN KEY `fk_shipment_order`", () -> {
                try (Connection other = DriverManager.getConnection(url, "root", "");
                        Statement s = other.createStatement()) {
                    s.execute("CREATE TABLE order_note (id bigint NOT NULL PRIMARY KEY, order_id bigint NOT NULL, "
                            + "CONSTRAINT fk_note_order FOREIGN KEY (order_id) REFERENCES orders (id) "
                            + "ON DELETE CASCADE)");
                    s.executeUpdate("INSERT INTO order_note (id, order_id) VALUES (1, 20)");
                }
            });
            MigrationException e = assertThrows(
                    MigrationException.class,
                    () -> runner(
                                    copying,
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 400, 0),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmount())
                            .upgrade("head"));
            assertTrue(
                    e.getMessage()
                            .contains("the foreign key order_note.fk_note_order referencing orders was added while the "
                                    + "copy ran"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("orders is unchanged"), e.getMessage());
            assertEquals("decimal(12,2)", amountType(c));
            assertEquals(List.of(), leftovers(c));
            List<String> before = keys(c);
            assertTrue(
                    before.toString().contains("order_note.fk_note_order (order_id) -> orders (id)"),
                    before.toString());
            assertTrue(
                    before.toString().contains("order_item.fk_item_order (order_id) -> orders (id)"),
                    before.toString());
            Log second = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, second, copying(OnlineCopy.COPIES, 400, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    second.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertEquals(before, keys(c), second.all());
            assertEquals(List.of(), leftovers(c));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM orders WHERE id = 20");
            }
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM order_note"), "cascaded");
            assertEnforced(c);
        }
    }

    /**
     * A swap that cannot get its lock, and an undo that cannot point the children's keys back (one
     * transaction holds the copy and a child): the failure says the keys still reference the copy,
     * enforced only through the triggers, which must not be dropped by hand; the rerun resumes.
     */
    @org.junit.jupiter.api.Test
    void aFailedUndoSaysTheKeysStillReferenceTheCopy() throws Exception {
        try (Connection c = connect("mysql")) {
            keyedShop(c, 300);
            List<String> before = keys(c);
            MigrationException e =
                    failsWhileHeld(c, "RENAME TABLE", java.time.Duration.ofMillis(500), "_orders_rtnew", "order_item");
            assertTrue(
                    e.getMessage()
                            .contains("the foreign keys of order_item, shipment reference the shadow (under temporary "
                                    + "names), enforced only as long as the triggers keep it equal to orders"),
                    e.getMessage());
            assertEquals("decimal(12,2)", amountType(c));
            Log second = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, second, copying(OnlineCopy.COPIES, 400, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    second.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertEquals(before, keys(c), second.all());
            assertEquals(List.of(), leftovers(c));
            assertEnforced(c);
        }
    }

    /**
     * A run killed after the swap, with the keys still under temporary names, then a downgrade (which
     * resumes no step) before the step is rerun: the keys get their names back at once, and the
     * copy's record stays for the step, whose rerun finds its change made (the index is there) and
     * only drops the old table and records the step, rather than making the change again.
     */
    @org.junit.jupiter.api.Test
    void aDowngradeAfterARunKilledPastTheSwapLeavesTheStepToFinish() throws Exception {
        try (Connection c = connect("mariadb")) {
            keyedShop(c, 300);
            List<String> before = keys(c);
            String url = url(c);
            KillSwitch kill = KillSwitch.before("DROP FOREIGN KEY `_fk_item_order_rtfk`");
            assertThrows(
                    KillSwitch.Killed.class,
                    () -> runner(
                                    kill.wrap(c),
                                    new Log(),
                                    copying(OnlineCopy.REBUILDS, 400, 0),
                                    SafetyPolicy.DEFAULT,
                                    new IndexNote())
                            .upgrade("head"));
            try (Connection admin = DriverManager.getConnection(url, "root", "")) {
                Log down = new Log();
                runner(admin, down, copying(OnlineCopy.REBUILDS, 400, 0), SafetyPolicy.DEFAULT, new IndexNote())
                        .downgrade("s1");
                assertEquals(before, keys(admin), down.all());
                Log second = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(
                                        admin,
                                        second,
                                        copying(OnlineCopy.REBUILDS, 400, 0),
                                        SafetyPolicy.DEFAULT,
                                        new IndexNote())
                                .upgrade("head"),
                        down.all() + second.all());
                assertFalse(second.all().contains("not left by this step"), second.all());
                assertEquals(before, keys(admin));
                assertEquals(List.of(), leftovers(admin));
                assertEquals(
                        1,
                        scalar(
                                admin,
                                "SELECT COUNT(DISTINCT INDEX_NAME) FROM information_schema.STATISTICS "
                                        + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND INDEX_NAME = 'ix_orders_note'"));
                assertEnforced(admin);
            }
        }
    }

    /** Something done on the database from outside the run under test. */
    /** Runs the copy of {@link WidenAmount} and kills it just before Retort sends a statement starting with {@code at}. */
    static void killedBefore(Connection c, String at) {
        KillSwitch kill = KillSwitch.before(at);
        assertThrows(
                KillSwitch.Killed.class,
                () -> runner(
                                kill.wrap(c),
                                new Log(),
                                copying(OnlineCopy.COPIES, 400, 0),
                                SafetyPolicy.DEFAULT,
                                new WidenAmount())
                        .upgrade("head"));
    }

    /**
     * Runs the copy of {@link WidenAmount} until it fails: just before Retort sends a statement
     * starting with {@code at}, another session opens a transaction that reads {@code tables} (and so
     * holds them), ended once the run has failed, within {@code budget} of retries.
     */
    static MigrationException failsWhileHeld(Connection c, String at, java.time.Duration budget, String... tables)
            throws Exception {
        String url = url(c);
        AtomicReference<Connection> holder = new AtomicReference<>();
        Connection copying = before(c, at, () -> {
            Connection other = DriverManager.getConnection(url, "root", "");
            holder.set(other);
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                for (String table : tables) {
                    s.executeQuery("SELECT id FROM " + table + " LIMIT 1").close();
                }
            }
        });
        try {
            return assertThrows(
                    MigrationException.class,
                    () -> runner(
                                    copying,
                                    new Log(),
                                    copying(OnlineCopy.COPIES, 400, 0).withRetryBudget(budget),
                                    SafetyPolicy.DEFAULT,
                                    new WidenAmount())
                            .upgrade("head"));
        } finally {
            if (holder.get() != null) {
                holder.get().rollback();
                holder.get().close();
            }
        }
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    /**
     * {@code c}, running {@code action} once (on a connection of its own) just before the first
     * plain statement whose text contains {@code text} reaches the server.
     */
    static Connection before(Connection c, String text, SqlAction action) {
        AtomicBoolean done = new AtomicBoolean();
        ClassLoader loader = ShadowCopyForeignKeysTest.class.getClassLoader();
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(
                loader, new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = call(c, method, args);
                    if (!method.getName().equals("createStatement")) {
                        return result;
                    }
                    Statement statement = (Statement) result;
                    return java.lang.reflect.Proxy.newProxyInstance(
                            loader, new Class<?>[] {Statement.class}, (p, m, a) -> {
                                if (m.getName().startsWith("execute")
                                        && a != null
                                        && a[0] instanceof String sql
                                        && sql.contains(text)
                                        && done.compareAndSet(false, true)) {
                                    action.run();
                                }
                                return call(statement, m, a);
                            });
                });
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A swap that cannot get its lock (a transaction holds the copy) fails the step after the
     * children's keys were pointed at the copy; the undo is killed while pointing them back. Until
     * they are back the triggers must still keep the copy current.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void aFailedSwapPointsTheKeysBackBeforeDroppingTheTriggers(String server) throws Exception {
        try (Connection c = connect(server)) {
            keyedShop(c, 1000);
            List<String> before = keys(c);
            String url = url(c);
            AtomicBoolean release = new AtomicBoolean();
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
                try (Connection other = DriverManager.getConnection(url, "root", "")) {
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (scalar(
                                            other,
                                            "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE "
                                                    + "CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = '_fk_item_order_rtfk'")
                                    == 0
                            && System.nanoTime() < deadline) {
                        Thread.sleep(2);
                    }
                    other.setAutoCommit(false);
                    try (Statement s = other.createStatement()) {
                        s.executeQuery("SELECT id FROM _orders_rtnew LIMIT 1").close();
                    }
                    while (!release.get() && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    other.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            KillSwitch kill = KillSwitch.before("DROP FOREIGN KEY `_fk_item_order_rtfk`");
            try {
                assertThrows(
                        KillSwitch.Killed.class,
                        () -> runner(
                                        kill.wrap(c),
                                        new Log(),
                                        copying(OnlineCopy.COPIES, 400, 0)
                                                .withRetryBudget(java.time.Duration.ofSeconds(2)),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"));
                try (Connection admin = DriverManager.getConnection(url, "root", "");
                        Statement s = admin.createStatement()) {
                    s.executeUpdate("DELETE FROM orders WHERE id = 10");
                    s.executeUpdate("INSERT INTO orders (id, customer_id, note, amount) VALUES (5000, 2, 'new', 1)");
                    s.executeUpdate("INSERT INTO order_item (order_id, qty) VALUES (5000, 3)");
                    assertEquals(0, scalar(admin, "SELECT COUNT(*) FROM order_item WHERE order_id = 10"), "cascaded");
                }
            } finally {
                release.set(true);
                holder.get(60, TimeUnit.SECONDS);
            }
            try (Connection admin = DriverManager.getConnection(url, "root", "")) {
                Log second = new Log();
                assertEquals(
                        List.of("s2"),
                        runner(
                                        admin,
                                        second,
                                        copying(OnlineCopy.COPIES, 400, 0),
                                        SafetyPolicy.DEFAULT,
                                        new WidenAmount())
                                .upgrade("head"),
                        second.all());
                assertEquals(before, keys(admin), second.all());
                assertEquals(0, orphans(admin));
                assertEquals(List.of(), leftovers(admin));
                assertEquals(1999, scalar(admin, "SELECT COUNT(*) FROM order_item"));
                assertEnforced(admin);
            }
        }
    }

    /**
     * A two-column key (line (region, number) -> orders (region, number), a unique key that is not
     * the primary key) with ON DELETE CASCADE ON UPDATE CASCADE, through a copy of the parent:
     * columns, their order and the rules kept, both rules still applied.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.retort.core.runner.OnlineDdlTest#mysqlFamily")
    void keepsACompositeKeyThroughACopyOfTheParent(String server) throws Exception {
        try (Connection c = connect(server)) {
            shop(c, 500);
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE orders ADD COLUMN region int NOT NULL DEFAULT 0, "
                        + "ADD COLUMN number int NOT NULL DEFAULT 0");
                s.executeUpdate("UPDATE orders SET region = id % 7, number = id");
                s.execute("ALTER TABLE orders ADD UNIQUE KEY uq_region_number (region, number)");
                s.execute("CREATE TABLE line (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, number int NOT NULL, "
                        + "region int NOT NULL, qty int NOT NULL, CONSTRAINT fk_line_order FOREIGN KEY (region, number) "
                        + "REFERENCES orders (region, number) ON DELETE CASCADE ON UPDATE CASCADE)");
                s.executeUpdate("INSERT INTO line (region, number, qty) SELECT region, number, 1 FROM orders");
            }
            List<String> before = keys(c);
            List<String> indexesBefore = indexes(c);
            assertTrue(
                    before.contains("line.fk_line_order (region,number) -> orders (region,number) "
                            + "ON DELETE CASCADE ON UPDATE CASCADE"),
                    before.toString());
            Log log = new Log();
            assertEquals(
                    List.of("s2"),
                    runner(c, log, copying(OnlineCopy.COPIES, 200, 0), SafetyPolicy.DEFAULT, new WidenAmount())
                            .upgrade("head"),
                    log.all());
            assertTrue(log.all().contains("pointed 1 foreign key of line at _orders_rtnew"), log.all());
            assertTrue(log.all().contains("gave 1 foreign key of line their names back"), log.all());
            assertEquals("decimal(14,2)", amountType(c));
            assertEquals(before, keys(c), log.all());
            assertEquals(indexesBefore, indexes(c));
            assertEquals(500, scalar(c, "SELECT COUNT(*) FROM line"));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE orders SET number = number + 100000 WHERE id = 5");
                s.executeUpdate("DELETE FROM orders WHERE id = 6");
            }
            assertEquals(1, scalar(c, "SELECT COUNT(*) FROM line WHERE region = 5 AND number = 100005"), "on update");
            assertEquals(0, scalar(c, "SELECT COUNT(*) FROM line WHERE region = 6 AND number = 6"), "on delete");
            SQLException orphan = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO line (region, number, qty) VALUES (1, 5, 1)");
                }
            });
            assertEquals(1452, orphan.getErrorCode(), orphan.getMessage());
            assertEquals(List.of(), leftovers(c));
        }
    }

    @dev.retort.migration.Revision(id = "s2", parents = "s1", message = "even wider amounts")
    public static final class WidenAmountMore implements dev.retort.migration.Migration {
        @Override
        public void upgrade(dev.retort.migration.Operations op) {
            op.alterColumn(
                            "orders",
                            dev.retort.migration.Column.column("amount", dev.retort.migration.Types.decimal(12, 2))
                                    .nullable(),
                            dev.retort.migration.Column.column("amount", dev.retort.migration.Types.decimal(16, 2))
                                    .nullable())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(dev.retort.migration.Operations op) {}
    }

    @dev.retort.migration.Revision(id = "s2", parents = "s1", message = "order items")
    public static final class ItemTable implements dev.retort.migration.Migration {
        @Override
        public void upgrade(dev.retort.migration.Operations op) {
            op.createTable(
                    "order_item",
                    dev.retort.migration.Column.column("id", dev.retort.migration.Types.bigint())
                            .primaryKey()
                            .autoIncrement(),
                    dev.retort.migration.Column.column("order_id", dev.retort.migration.Types.bigint())
                            .notNull(),
                    dev.retort.migration.Column.column("qty", dev.retort.migration.Types.integer())
                            .notNull());
            op.addForeignKey(
                    "order_item",
                    dev.retort.migration.ForeignKey.foreignKey("fk_item_order", "order_id")
                            .references("orders", "id")
                            .onDelete(dev.retort.migration.ReferentialAction.CASCADE));
        }

        @Override
        public void downgrade(dev.retort.migration.Operations op) {
            op.dropTable("order_item").acceptDataLoss();
        }
    }

    @dev.retort.migration.Revision(id = "s3", parents = "s2", message = "wider item quantities")
    public static final class WidenItemQty implements dev.retort.migration.Migration {
        @Override
        public void upgrade(dev.retort.migration.Operations op) {
            op.alterColumn(
                            "order_item",
                            dev.retort.migration.Column.column("qty", dev.retort.migration.Types.integer())
                                    .notNull(),
                            dev.retort.migration.Column.column("qty", dev.retort.migration.Types.bigint())
                                    .notNull())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(dev.retort.migration.Operations op) {}
    }

    @dev.retort.migration.Revision(id = "s2", parents = "s1", message = "customer ids as decimals")
    public static final class WidenCustomerId implements dev.retort.migration.Migration {
        @Override
        public void upgrade(dev.retort.migration.Operations op) {
            op.alterColumn(
                            "customer",
                            dev.retort.migration.Column.column("id", dev.retort.migration.Types.bigint())
                                    .primaryKey(),
                            dev.retort.migration.Column.column("id", dev.retort.migration.Types.decimal(20, 0))
                                    .primaryKey())
                    .acknowledge("RT204");
        }

        @Override
        public void downgrade(dev.retort.migration.Operations op) {}
    }
}
