package dev.retort.boot;

import dev.retort.core.runner.Connections;
import dev.retort.core.runner.DdlPolicy;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.core.startup.Retort;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Builds the {@link Retort.Builder} from the {@code retort.*} properties, the application's data
 * source settings and the customizers. A bad value fails the start-up naming its property.
 */
final class RetortConfigurer {

    /** Spring Boot 4 and Spring Boot 3 names of the data source settings. */
    private static final List<String> DATA_SOURCE_PROPERTIES = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceProperties",
            "org.springframework.boot.autoconfigure.jdbc.DataSourceProperties");

    private final RetortProperties properties;
    private final Environment environment;
    private final ListableBeanFactory beans;
    private final ClassLoader classLoader;
    private final List<RetortConfigurationCustomizer> customizers;

    RetortConfigurer(RetortProperties properties, Environment environment, ListableBeanFactory beans, ClassLoader classLoader,
                     List<RetortConfigurationCustomizer> customizers) {
        this.properties = properties;
        this.environment = environment;
        this.beans = beans;
        this.classLoader = classLoader;
        this.customizers = customizers;
    }

    /** A configured builder; its migrate() or status() opens its own connection from the resolved URL. */
    Retort.Builder builder() {
        String url = properties.getUrl();
        Object dataSource = null;
        if (!StringUtils.hasText(url)) {
            url = environment.getProperty("spring.datasource.url");
        }
        if (!StringUtils.hasText(url) || properties.getUser() == null || properties.getPassword() == null) {
            dataSource = dataSourceProperties();
        }
        if (!StringUtils.hasText(url)) {
            url = dataSource == null ? null : (String) call(dataSource, "determineUrl");
        }
        if (!StringUtils.hasText(url)) {
            throw new IllegalStateException("retort.url: no database to migrate; set retort.url or spring.datasource.url, "
                    + "or retort.enabled=false");
        }
        String user = properties.getUser() != null ? properties.getUser()
                : dataSource != null ? (String) call(dataSource, "determineUsername") : environment.getProperty("spring.datasource.username");
        String password = properties.getPassword() != null ? properties.getPassword()
                : dataSource != null ? (String) call(dataSource, "determinePassword") : environment.getProperty("spring.datasource.password");
        if (properties.isAllowDataLoss() && !isLocal(url)) {
            throw new IllegalStateException("retort.allow-data-loss=true is accepted only for a local database (embedded H2, "
                    + "or a server on localhost), not for " + Connections.mask(url, password)
                    + ": acknowledge the data loss in the migration source instead");
        }
        List<String> packages = properties.getPackage().stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
        for (String p : packages) {
            if (!p.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                throw new IllegalStateException("retort.package '" + p + "' is not a Java package name");
            }
        }
        if (packages.isEmpty()) {
            throw new IllegalStateException("retort.package is empty: name the package of the migration classes (default db.migration)");
        }
        Retort.Builder builder = Retort.configure().url(url).username(user).password(password)
                .migrations(classLoader, packages.toArray(String[]::new))
                .target(properties.getTarget()).allowDataLoss(properties.isAllowDataLoss())
                .safety(safety()).ddl(ddl());
        if (properties.getLockWait() != null) {
            builder.lockWait(properties.getLockWait());
        }
        customizers.forEach(c -> c.customize(builder));
        return builder;
    }

    private SafetyPolicy safety() {
        try {
            return SafetyPolicy.parse(properties.getSafety(), properties.getSafetyRules());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(renamed(e.getMessage()), e);
        }
    }

    private DdlPolicy ddl() {
        try {
            return DdlPolicy.DEFAULT.withLockWait(properties.getDdlLockWait())
                    .withRetryBudget(properties.getDdlRetryBudget()).withCopyRowLimit(properties.getCopyRowLimit())
                    .withOnlineCopy(DdlPolicy.OnlineCopy.parse(properties.getOnlineCopy()), properties.getOnlineCopyChunk(),
                            properties.getOnlineCopyThrottle());
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = e.getMessage() != null && e.getMessage().startsWith("migrate.") ? renamed(e.getMessage())
                    : "retort.ddl-lock-wait, retort.ddl-retry-budget, retort.copy-row-limit and retort.online-copy-throttle "
                    + "must not be negative";
            throw new IllegalStateException(message, e);
        }
    }

    /** The core names the Maven properties; at start-up they are the {@code retort.*} ones. */
    static String renamed(String message) {
        return message.replace("migrate.safetyRules", "retort.safety-rules").replace("migrate.safety", "retort.safety")
                .replace("migrate.onlineCopyChunk", "retort.online-copy-chunk").replace("migrate.onlineCopy", "retort.online-copy");
    }

    /** Spring Boot's DataSourceProperties bean (Boot 3 or 4), or null; read by reflection as its package moved in Boot 4. */
    private Object dataSourceProperties() {
        for (String name : DATA_SOURCE_PROPERTIES) {
            if (ClassUtils.isPresent(name, classLoader)) {
                Class<?> type = ClassUtils.resolveClassName(name, classLoader);
                Object bean = beans.getBeanProvider(type).getIfAvailable();
                if (bean != null) {
                    return bean;
                }
            }
        }
        return null;
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("retort.url: cannot read the application's data source settings ("
                    + method + "): " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the application's data source settings (" + method + ")", e);
        }
    }

    /**
     * Whether the URL names a database on this machine: embedded H2 ({@code mem:}, {@code file:} or
     * a bare path), or any JDBC URL whose host is {@code localhost} or a loopback address.
     */
    static boolean isLocal(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            String rest = u.substring("jdbc:h2:".length());
            if (!rest.startsWith("tcp:") && !rest.startsWith("ssl:")) {
                return true;
            }
            rest = rest.substring(rest.indexOf(':') + 1);
            return isLoopback(hostOf("x:" + rest));
        }
        if (!u.startsWith("jdbc:")) {
            return false;
        }
        return isLoopback(hostOf(u.substring("jdbc:".length())));
    }

    private static String hostOf(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        String rest = url.substring(scheme + 3);
        int end = 0;
        while (end < rest.length() && "/?;,".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(0, end);
        if (authority.contains("@")) {
            authority = authority.substring(authority.lastIndexOf('@') + 1);
        }
        try {
            return URI.create("x://" + authority).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
