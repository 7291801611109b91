package dev.retort.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code retort.*} properties: what {@code mvn migrate:upgrade} reads from {@code migrate.*},
 * for the migration an application runs when it starts. Names follow {@code spring.flyway.*}.
 * The tenant properties ({@code retort.tenants}, {@code retort.tenants.query},
 * {@code retort.tenants.parallel}, {@code retort.tenants.fail-fast}) are bound by the configurer
 * instead: {@code retort.tenants} is a list and the parent of the others, which one bean property
 * cannot be.
 */
@ConfigurationProperties(prefix = "retort")
public class RetortProperties {

    /** Whether to migrate at start-up. */
    private boolean enabled = true;

    /** Packages of the migration classes (each scanned alone, not its subpackages); as migrate.package. */
    private List<String> packages = new ArrayList<>(List.of("db.migration"));

    /** Where to go: head, heads, a revision id or unique prefix, or +N; as migrate.target. */
    private String target = "head";

    /**
     * JDBC URL of the database to migrate, when it is not the application's (spring.datasource.url).
     * Retort always opens a connection of its own, never one of the application's pool.
     */
    private String url;

    /** Login user of the database to migrate; default: the application's data source user. */
    private String user;

    /** Password of the database to migrate; default: the application's data source password. */
    private String password;

    /**
     * error: safety findings of severity error stop the start-up until the migration acknowledges
     * them; warn: every finding is logged as a warning. Never lifts the data-loss gate.
     */
    private String safety = "error";

    /** Per-rule severities over the defaults, e.g. RT201=error,RT209=off; as migrate.safetyRules. */
    private String safetyRules;

    /** How long to wait for another instance's migration lock; a bare number is seconds. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration lockWait = Duration.ofSeconds(60);

    /** How long one DDL attempt may wait for a table lock before retrying; default per database (MariaDB NOWAIT, MySQL 1 s, PostgreSQL 100 ms). A bare number is milliseconds. */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration ddlLockWait;

    /** How long a DDL statement keeps retrying for its lock before the migration fails; a bare number is seconds. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration ddlRetryBudget = Duration.ofSeconds(60);

    /** MySQL/MariaDB: tables of at most this many rows may be copied by the server; larger ones are refused or copied online. */
    private long copyRowLimit = 10_000;

    /** MySQL/MariaDB: off, copies or rebuilds; which changes to large tables go through a shadow table (migrate.onlineCopy). */
    private String onlineCopy = "off";

    /** Rows the shadow copy moves per statement. */
    private int onlineCopyChunk = 100;

    /** The shadow copy pauses after each chunk this many times as long as the chunk took (0: no pause). */
    private double onlineCopyThrottle = 2.0;

    /** The shadow copy is checksummed against the table before the swap (migrate.onlineCopy.verify). */
    private boolean onlineCopyVerify = true;

    /** The shadow copy waits while the server runs more threads than this; 0 never waits (migrate.onlineCopy.maxThreadsRunning). */
    private int onlineCopyMaxThreadsRunning = 25;

    /** Replicas the shadow copy keeps from lagging: host[:port] or JDBC URLs, reached with the datasource's credentials (migrate.onlineCopy.replicas). */
    private java.util.List<String> onlineCopyReplicas = new java.util.ArrayList<>();

    /** Seconds a replica may lag before the shadow copy pauses (migrate.onlineCopy.maxReplicaLag). */
    private int onlineCopyMaxReplicaLag = 1;

    /** MySQL/MariaDB: retort or pt-osc; what makes the shadow copy, Retort or pt-online-schema-change (migrate.onlineCopy.engine). */
    private String onlineCopyEngine = "retort";

    /** MySQL: triggers or binlog (experimental); what keeps the shadow copy in step with the table's writes (migrate.onlineCopy.feed). */
    private String onlineCopyFeed = "triggers";

    /**
     * Runs steps that destroy data although the migration does not acknowledge them. Accepted only
     * for a local database (embedded H2, or a server on localhost); refused otherwise.
     */
    private boolean allowDataLoss;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The {@code retort.package} property (one package, or several comma-separated). */
    public List<String> getPackage() {
        return packages;
    }

    public void setPackage(List<String> packages) {
        this.packages = packages;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getSafety() {
        return safety;
    }

    public void setSafety(String safety) {
        this.safety = safety;
    }

    public String getSafetyRules() {
        return safetyRules;
    }

    public void setSafetyRules(String safetyRules) {
        this.safetyRules = safetyRules;
    }

    public Duration getLockWait() {
        return lockWait;
    }

    public void setLockWait(Duration lockWait) {
        this.lockWait = lockWait;
    }

    public Duration getDdlLockWait() {
        return ddlLockWait;
    }

    public void setDdlLockWait(Duration ddlLockWait) {
        this.ddlLockWait = ddlLockWait;
    }

    public Duration getDdlRetryBudget() {
        return ddlRetryBudget;
    }

    public void setDdlRetryBudget(Duration ddlRetryBudget) {
        this.ddlRetryBudget = ddlRetryBudget;
    }

    public long getCopyRowLimit() {
        return copyRowLimit;
    }

    public void setCopyRowLimit(long copyRowLimit) {
        this.copyRowLimit = copyRowLimit;
    }

    public String getOnlineCopy() {
        return onlineCopy;
    }

    public void setOnlineCopy(String onlineCopy) {
        this.onlineCopy = onlineCopy;
    }

    public int getOnlineCopyChunk() {
        return onlineCopyChunk;
    }

    public void setOnlineCopyChunk(int onlineCopyChunk) {
        this.onlineCopyChunk = onlineCopyChunk;
    }

    public double getOnlineCopyThrottle() {
        return onlineCopyThrottle;
    }

    public void setOnlineCopyThrottle(double onlineCopyThrottle) {
        this.onlineCopyThrottle = onlineCopyThrottle;
    }

    public boolean isOnlineCopyVerify() {
        return onlineCopyVerify;
    }

    public void setOnlineCopyVerify(boolean onlineCopyVerify) {
        this.onlineCopyVerify = onlineCopyVerify;
    }

    public int getOnlineCopyMaxThreadsRunning() {
        return onlineCopyMaxThreadsRunning;
    }

    public void setOnlineCopyMaxThreadsRunning(int onlineCopyMaxThreadsRunning) {
        this.onlineCopyMaxThreadsRunning = onlineCopyMaxThreadsRunning;
    }

    public java.util.List<String> getOnlineCopyReplicas() {
        return onlineCopyReplicas;
    }

    public void setOnlineCopyReplicas(java.util.List<String> onlineCopyReplicas) {
        this.onlineCopyReplicas = onlineCopyReplicas;
    }

    public int getOnlineCopyMaxReplicaLag() {
        return onlineCopyMaxReplicaLag;
    }

    public void setOnlineCopyMaxReplicaLag(int onlineCopyMaxReplicaLag) {
        this.onlineCopyMaxReplicaLag = onlineCopyMaxReplicaLag;
    }

    public boolean isAllowDataLoss() {
        return allowDataLoss;
    }

    public void setAllowDataLoss(boolean allowDataLoss) {
        this.allowDataLoss = allowDataLoss;
    }

    public String getOnlineCopyEngine() {
        return onlineCopyEngine;
    }

    public void setOnlineCopyEngine(String onlineCopyEngine) {
        this.onlineCopyEngine = onlineCopyEngine;
    }

    public String getOnlineCopyFeed() {
        return onlineCopyFeed;
    }

    public void setOnlineCopyFeed(String onlineCopyFeed) {
        this.onlineCopyFeed = onlineCopyFeed;
    }
}
