package dev.retort.boot;

import dev.retort.core.errors.InvalidSettingException;
import dev.retort.core.jdbc.JdbcUrl;
import dev.retort.core.runner.Connections;
import dev.retort.core.runner.DdlPolicy;
import dev.retort.core.safety.SafetyPolicy;
import dev.retort.core.startup.Retort;
import dev.retort.core.tenants.TenantSettings;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
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
    /** Spring Boot 4 and Spring Boot 3 names of the connection details that {@code @ServiceConnection} and docker-compose provide. */
    private static final List<String> CONNECTION_DETAILS = List.of(
            "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails",
            "org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails");

    private static final String EMBEDDED_DATABASE = "org.springframework.jdbc.datasource.embedded.EmbeddedDatabase";

    private final RetortProperties properties;
    private final Environment environment;
    private final ListableBeanFactory beans;
    private final ClassLoader classLoader;
    private final List<RetortConfigurationCustomizer> customizers;

    RetortConfigurer(
            RetortProperties properties,
            Environment environment,
            ListableBeanFactory beans,
            ClassLoader classLoader,
            List<RetortConfigurationCustomizer> customizers) {
        this.properties = properties;
        this.environment = environment;
        this.beans = beans;
        this.classLoader = classLoader;
        this.customizers = customizers;
    }

    /** A configured builder; its migrate() or status() opens its own connection from the resolved URL. */
    Retort.Builder builder() {
        Database db = database();
        String url = db.url();
        String user = properties.getUser() != null ? properties.getUser() : db.user();
        String password = properties.getPassword() != null ? properties.getPassword() : db.password();
        if (properties.isAllowDataLoss() && !JdbcUrl.of(url).isLocal()) {
            throw new IllegalStateException(
                    "retort.allow-data-loss=true is accepted only for a local database (embedded H2, "
                            + "or a server on localhost), not for " + Connections.mask(url, password)
                            + ": acknowledge the data loss in the migration source instead");
        }
        List<String> packages = properties.getPackage().stream()
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toList();
        for (String p : packages) {
            if (!p.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                throw new IllegalStateException("retort.package '" + p + "' is not a Java package name");
            }
        }
        if (packages.isEmpty()) {
            throw new IllegalStateException(
                    "retort.package is empty: name the package of the migration classes (default db.migration)");
        }
        Retort.Builder builder = Retort.configure()
                .url(url)
                .username(user)
                .password(password)
                .migrations(classLoader, packages.toArray(String[]::new))
                .target(properties.getTarget())
                .allowDataLoss(properties.isAllowDataLoss())
                .safety(safety())
                .ddl(ddl())
                .wording(new RetortWording());
        if (properties.getLockWait() != null) {
            builder.lockWait(properties.getLockWait());
        }
        tenants(builder);
        customizers.forEach(c -> c.customize(builder));
        return builder;
    }

    /**
     * {@code retort.tenants} (comma-separated names), {@code retort.tenants.query},
     * {@code retort.tenants.parallel} and {@code retort.tenants.fail-fast}, bound here and not in
     * {@link RetortProperties}: one bean property cannot be both a list ({@code retort.tenants})
     * and an object with nested properties ({@code retort.tenants.query}). Relaxed binding applies
     * ({@code RETORT_TENANTS}, {@code retort.tenants[0]}, {@code retort.tenants.failFast}).
     */
    private void tenants(Retort.Builder builder) {
        Binder binder = Binder.get(environment);
        try {
            List<String> names =
                    binder.bind("retort.tenants", Bindable.listOf(String.class)).orElse(List.of());
            String query = binder.bind("retort.tenants.query", String.class).orElse(null);
            if (!names.isEmpty() || query != null) {
                builder.tenants(names)
                        .tenantsQuery(query)
                        .tenantsParallel(binder.bind("retort.tenants.parallel", Integer.class)
                                .orElse(TenantSettings.DEFAULT_PARALLEL))
                        .tenantsFailFast(binder.bind("retort.tenants.fail-fast", Boolean.class)
                                .orElse(false));
            }
        } catch (BindException e) {
            throw new IllegalStateException(
                    e.getProperty() == null
                            ? e.getMessage()
                            : e.getProperty().getName() + ": cannot read '"
                                    + e.getProperty().getValue() + "' ("
                                    + (e.getCause() == null
                                            ? e.getMessage()
                                            : e.getCause().getMessage()) + ")",
                    e);
        }
    }

    private SafetyPolicy safety() {
        try {
            return SafetyPolicy.parse(properties.getSafety(), properties.getSafetyRules());
        } catch (InvalidSettingException e) {
            throw new IllegalStateException(e.message(new RetortWording()), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private DdlPolicy ddl() {
        try {
            return DdlPolicy.DEFAULT
                    .withLockWait(properties.getDdlLockWait())
                    .withRetryBudget(properties.getDdlRetryBudget())
                    .withCopyRowLimit(properties.getCopyRowLimit())
                    .withOnlineCopy(
                            DdlPolicy.OnlineCopy.parse(properties.getOnlineCopy()),
                            properties.getOnlineCopyChunk(),
                            properties.getOnlineCopyThrottle())
                    .withCopyChecks(properties.isOnlineCopyVerify(), properties.getOnlineCopyMaxThreadsRunning())
                    .withReplicaLag(properties.getOnlineCopyReplicas(), properties.getOnlineCopyMaxReplicaLag())
                    .withCopyEngine(DdlPolicy.CopyEngine.parse(properties.getOnlineCopyEngine()))
                    .withCopyFeed(DdlPolicy.CopyFeed.parse(properties.getOnlineCopyFeed()));
        } catch (InvalidSettingException e) {
            throw new IllegalStateException(e.message(new RetortWording()), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException(
                    "retort.ddl-lock-wait, retort.ddl-retry-budget, retort.copy-row-limit and "
                            + "retort.online-copy-throttle must not be negative",
                    e);
        }
    }

    /** Where the application's database is, and whose account it uses. */
    private record Database(String url, String user, String password) {}

    /**
     * The database to migrate, in this order: {@code retort.url}; an embedded database the
     * application's data source is (a test slice's replacement, or one the application built);
     * the {@code JdbcConnectionDetails} bean (Testcontainers' {@code @ServiceConnection},
     * docker-compose, or the application's own); {@code spring.datasource.url}; the embedded
     * database Spring Boot creates, unless the application defines its own data source, whose URL
     * Retort cannot know.
     */
    private Database database() {
        String url = properties.getUrl();
        if (StringUtils.hasText(url)) {
            Object settings =
                    properties.getUser() == null || properties.getPassword() == null ? dataSourceProperties() : null;
            return new Database(
                    url,
                    settings != null
                            ? (String) call(settings, "determineUsername")
                            : environment.getProperty("spring.datasource.username"),
                    settings != null
                            ? (String) call(settings, "determinePassword")
                            : environment.getProperty("spring.datasource.password"));
        }
        Database embedded = embeddedDataSource();
        if (embedded != null) {
            return embedded;
        }
        Object details = bean(CONNECTION_DETAILS);
        if (details != null) {
            url = (String) call(details, "getJdbcUrl");
            if (StringUtils.hasText(url)) {
                return new Database(url, (String) call(details, "getUsername"), (String) call(details, "getPassword"));
            }
        }
        Object settings = dataSourceProperties();
        url = environment.getProperty("spring.datasource.url");
        if (!StringUtils.hasText(url)) {
            if (applicationDataSource()) {
                throw new IllegalStateException(
                        "retort.url: the application defines its own DataSource bean and Retort cannot "
                                + "tell its database; set retort.url (and retort.user, retort.password), or retort.enabled=false");
            }
            url = settings == null ? null : (String) call(settings, "determineUrl");
        }
        if (!StringUtils.hasText(url)) {
            throw new IllegalStateException(
                    "retort.url: no database to migrate; set retort.url or spring.datasource.url, "
                            + "or retort.enabled=false");
        }
        return new Database(
                url,
                settings != null
                        ? (String) call(settings, "determineUsername")
                        : environment.getProperty("spring.datasource.username"),
                settings != null
                        ? (String) call(settings, "determinePassword")
                        : environment.getProperty("spring.datasource.password"));
    }

    /**
     * The application's only data source if it is an embedded database (Spring's
     * {@code EmbeddedDatabase}: what {@code @DataJpaTest} and {@code @JdbcTest} put in place of the
     * configured one, under a generated name no property holds): its URL and user, read from a
     * connection; embedded databases have no password.
     */
    private Database embeddedDataSource() {
        if (!ClassUtils.isPresent(EMBEDDED_DATABASE, classLoader)) {
            return null;
        }
        DataSource dataSource = beans.getBeanProvider(DataSource.class).getIfUnique();
        if (!ClassUtils.resolveClassName(EMBEDDED_DATABASE, classLoader).isInstance(dataSource)) {
            return null;
        }
        try (Connection c = dataSource.getConnection()) {
            return new Database(c.getMetaData().getURL(), c.getMetaData().getUserName(), "");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "retort.url: cannot read the URL of the embedded database: " + e.getMessage(), e);
        }
    }

    /** Whether a DataSource bean is the application's own rather than one Spring Boot's auto-configuration made. */
    private boolean applicationDataSource() {
        if (!(beans instanceof ConfigurableListableBeanFactory factory)) {
            return false;
        }
        for (String name : factory.getBeanNamesForType(DataSource.class, true, false)) {
            if (!factory.containsBeanDefinition(name)) {
                continue;
            }
            BeanDefinition definition = factory.getMergedBeanDefinition(name);
            String origin = definition.getFactoryBeanName() != null
                            && factory.containsBeanDefinition(definition.getFactoryBeanName())
                    ? factory.getMergedBeanDefinition(definition.getFactoryBeanName())
                            .getBeanClassName()
                    : definition.getBeanClassName();
            if (origin == null || !origin.startsWith("org.springframework.boot.")) {
                return true;
            }
        }
        return false;
    }

    /** Spring Boot's DataSourceProperties bean (Boot 3 or 4), or null; read by reflection as its package moved in Boot 4. */
    private Object dataSourceProperties() {
        return bean(DATA_SOURCE_PROPERTIES);
    }

    /** The single bean of the first of these types (Boot 4 and Boot 3 names) that is present, or null. */
    private Object bean(List<String> types) {
        for (String name : types) {
            if (ClassUtils.isPresent(name, classLoader)) {
                Class<?> type = ClassUtils.resolveClassName(name, classLoader);
                Object bean = beans.getBeanProvider(type).getIfUnique();
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
            m.trySetAccessible();
            return m.invoke(target);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException(
                    "retort.url: cannot read the application's data source settings (" + method + "): "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the application's data source settings (" + method + ")", e);
        }
    }
}
