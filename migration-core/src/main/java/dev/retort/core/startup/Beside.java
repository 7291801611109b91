package dev.retort.core.startup;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work started on a daemon thread of its own while the caller does something else (loading the
 * migrations while the connection opens); {@link #await()} takes its result.
 *
 * @param <T> what the work yields
 */
public final class Beside<T> {

    private final FutureTask<T> task;

    /** Starts {@code work} at once on a daemon thread named {@code threadName}. */
    public Beside(String threadName, Callable<T> work) {
        this.task = new FutureTask<>(work);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The work's result, waited for; what the work threw is rethrown as it was thrown (a checked
     * exception wrapped in an {@link IllegalStateException}). The work is short or ends by itself
     * (a driver's timeouts), so an interrupt does not abandon it: the wait goes on and the thread's
     * interrupt flag is restored afterwards.
     */
    public T await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once the work has ended, however it ended. */
    public boolean isDone() {
        return task.isDone();
    }
}
