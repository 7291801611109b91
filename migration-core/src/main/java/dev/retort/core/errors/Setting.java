package dev.retort.core.errors;

/**
 * A setting a message can tell the user to change. {@link #key()} is the neutral name; each edge
 * words it its own way (a Maven property, a builder method, a Spring Boot property).
 */
public enum Setting {
    TARGET("target"),
    ALLOW_DATA_LOSS("allowDataLoss"),
    SAFETY("safety"),
    SAFETY_RULES("safetyRules"),
    PURGE("purge"),
    MESSAGE("message"),
    LOCK_WAIT("lockWait"),
    DDL_LOCK_WAIT("ddlLockWait"),
    DDL_RETRY_BUDGET("ddlRetryBudget"),
    COPY_ROW_LIMIT("copyRowLimit"),
    ONLINE_COPY("onlineCopy"),
    ONLINE_COPY_CHUNK("onlineCopyChunk"),
    ONLINE_COPY_THROTTLE("onlineCopyThrottle"),
    ONLINE_COPY_VERIFY("onlineCopy.verify"),
    ONLINE_COPY_MAX_THREADS_RUNNING("onlineCopy.maxThreadsRunning"),
    ONLINE_COPY_REPLICAS("onlineCopy.replicas"),
    ONLINE_COPY_MAX_REPLICA_LAG("onlineCopy.maxReplicaLag"),
    ONLINE_COPY_ENGINE("onlineCopy.engine"),
    ONLINE_COPY_FEED("onlineCopy.feed"),
    TENANTS("tenants"),
    TENANTS_QUERY("tenants.query"),
    TENANTS_PARALLEL("tenants.parallel"),
    TENANTS_FAIL_FAST("tenants.failFast");

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    /** The setting's name without any prefix: {@code allowDataLoss}. */
    public String key() {
        return key;
    }
}
