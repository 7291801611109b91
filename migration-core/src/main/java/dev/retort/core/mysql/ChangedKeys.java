package dev.retort.core.mysql;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The keys of the rows the binary log says changed and the copy has not applied yet, in the order
 * first seen, each once: a row written a thousand times while the copy pauses (throttled, waiting
 * for a replica) is one key to apply, not a thousand, so what the feed holds grows with the rows
 * changed, not with the writes. The reader's thread adds, the copy's thread takes.
 *
 * <p>A key is no longer held once it is taken, before its row is read: a change the log reports
 * after that is queued again and applied again, and one it reported before is committed already
 * (the table's rows are read with share locks, or under the swap's table lock), so the read sees it.
 */
final class ChangedKeys {

    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /** On the reader's thread: the row of this key changed. */
    void add(String key) {
        if (held.add(key)) {
            order.add(key);
        }
    }

    /** The next key to apply, no longer held, or null when none is waiting. */
    String take() {
        String key = order.poll();
        if (key != null) {
            held.remove(key);
        }
        return key;
    }

    boolean isEmpty() {
        return order.isEmpty();
    }

    /** The keys waiting now, without taking them. */
    Set<String> waiting() {
        return new LinkedHashSet<>(order);
    }
}
