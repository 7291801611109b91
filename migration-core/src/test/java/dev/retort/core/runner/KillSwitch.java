package dev.retort.core.runner;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A JDBC connection that counts what it sends to the database and dies at one of those events:
 * every {@code execute*} of a statement (a batch is one event) and every {@code commit} is
 * numbered from 1, and at event {@code at} the process is killed {@link When#BEFORE} the call
 * reaches the server, {@link When#AFTER} it returned, or {@link When#DURING} it (a few
 * milliseconds after it was sent, whether or not it finished). With {@code at = 0} it only
 * counts, which is how a harness learns the events of a run.
 *
 * <p>How it dies is the {@link Death}: in a child JVM {@code Runtime.halt} (a real kill, the
 * database sees the socket close); in the test JVM the physical connection is aborted and every
 * later call on the connection or anything made from it throws {@link Killed} without reaching
 * the server, so the database sees exactly what a kill leaves (the statements up to the point, a
 * closed session), while the test carries on with a fresh connection.
 */
final class KillSwitch {

    /** Where around event {@code at} the kill happens. */
    enum When {
        BEFORE,
        AFTER,
        DURING
    }

    /** How the process dies. */
    interface Death {
        /** Kills; in a child JVM this never returns. */
        void die(Connection real);
    }

    /** Thrown in the test JVM by every call on a connection that was killed. */
    static final class Killed extends Error {
        Killed(String where) {
            super("killed " + where, null, false, false);
        }
    }

    /** {@code Runtime.halt}: no finally block, no shutdown hook, no connection close. */
    static final Death HALT = real -> Runtime.getRuntime().halt(UpgradeChild.HALTED);

    /** The session ends as a kill ends it: the driver drops the socket; nothing else is sent. */
    static final Death ABORT = real -> {
        try {
            real.abort(Runnable::run);
        } catch (Exception | LinkageError e) {
            try {
                real.close();
            } catch (Exception ignored) {
                // gone either way
            }
        }
    };

    private static final Set<Class<?>> WRAPPED = Set.of(
            Connection.class,
            Statement.class,
            PreparedStatement.class,
            CallableStatement.class,
            ResultSet.class,
            DatabaseMetaData.class);

    private final int at;
    private final When when;
    private final long duringMillis;
    private final Death death;
    private final List<String> events = new ArrayList<>();
    /** Per event: whether the session was in autocommit when it was sent (a DDL statement then commits at once). */
    private final List<Boolean> autocommit = new ArrayList<>();

    /** Dies before the first statement containing this instead, when set ({@link #before}). */
    private String beforeText;

    private volatile boolean dead;
    private volatile String killedAt;
    private Connection real;
    private Connection root;

    /**
     * @param at           the event to die at, from 1; 0 never dies
     * @param duringMillis for {@link When#DURING}: how long after sending the statement
     */
    KillSwitch(int at, When when, long duringMillis, Death death) {
        this.at = at;
        this.when = when;
        this.duringMillis = duringMillis;
        this.death = death;
    }

    /** Dies before the first statement whose text contains {@code text}. */
    static KillSwitch before(String text) {
        KillSwitch k = new KillSwitch(-1, When.BEFORE, 0, ABORT);
        k.beforeText = text;
        return k;
    }

    /** Only counts. */
    static KillSwitch counting() {
        return new KillSwitch(0, When.BEFORE, 0, ABORT);
    }

    Connection wrap(Connection connection) {
        this.real = connection;
        this.root = (Connection) wrap(connection, Connection.class, null);
        return root;
    }

    /** The events so far, each as {@code method: sql}. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Per event, whether the session was in autocommit. */
    synchronized List<Boolean> autocommit() {
        return List.copyOf(autocommit);
    }

    boolean dead() {
        return dead;
    }

    /** The event it died at, or null. */
    String killedAt() {
        return killedAt;
    }

    private Object wrap(Object target, Class<?> type, String sql) {
        Class<?>[] interfaces = target instanceof CallableStatement
                ? new Class<?>[] {CallableStatement.class}
                : target instanceof PreparedStatement
                        ? new Class<?>[] {PreparedStatement.class}
                        : new Class<?>[] {type};
        InvocationHandler handler = (proxy, method, args) -> call(target, sql, method, args);
        return Proxy.newProxyInstance(KillSwitch.class.getClassLoader(), interfaces, handler);
    }

    private Object call(Object target, String sql, Method method, Object[] args) throws Throwable {
        if (dead) {
            throw new Killed(killedAt);
        }
        String name = method.getName();
        String event = null;
        if (target instanceof Statement && (name.startsWith("execute"))) {
            String text = args != null && args.length > 0 && args[0] instanceof String s ? s : sql;
            event = name + ": " + text;
        } else if (target instanceof Connection && name.equals("commit")) {
            event = "commit";
        }
        int number = 0;
        if (event != null) {
            boolean auto = real.getAutoCommit();
            synchronized (this) {
                events.add(event);
                autocommit.add(auto);
                number = events.size();
            }
        }
        boolean here = number > 0 && (number == at || beforeText != null && event.contains(beforeText));
        if (here && when == When.BEFORE) {
            kill("before #" + number + " " + event);
        }
        Thread timer = null;
        if (here && when == When.DURING) {
            String where = "during #" + number + " " + event;
            timer = new Thread(
                    () -> {
                        try {
                            Thread.sleep(duringMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        dead = true;
                        killedAt = where;
                        death.die(real);
                    },
                    "kill-switch");
            timer.setDaemon(true);
            timer.start();
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (timer != null) {
                timer.join();
                throw new Killed(killedAt);
            }
            if (dead) {
                throw new Killed(killedAt);
            }
            throw e.getCause();
        }
        if (timer != null) {
            // the statement ended before the kill: the process dies right after it, before anything else is sent
            timer.join();
            throw new Killed(killedAt);
        }
        if (here && when == When.AFTER) {
            kill("after #" + number + " " + event);
        }
        Class<?> returned = method.getReturnType();
        if (result == null || !WRAPPED.contains(returned)) {
            return result;
        }
        if (returned == Connection.class) {
            return root;
        }
        String statementSql = target instanceof Connection
                        && name.startsWith("prepare")
                        && args != null
                        && args[0] instanceof String s
                ? s
                : sql;
        return wrap(result, returned, statementSql);
    }

    private void kill(String where) {
        killedAt = where;
        dead = true;
        death.die(real);
        throw new Killed(where);
    }
}
