package dev.retort.boot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Makes every bean that uses the schema wait for the migration: entity manager factories (and the
 * factory beans that make them) and JDBC templates, found by type, whatever their names. Types are
 * named, not imported, so an application without JPA or Spring JDBC needs neither, and one jar
 * serves Spring Boot 3 and 4 (whose auto-configurations moved to other packages).
 */
class RetortDependsOnPostProcessor implements BeanFactoryPostProcessor, Ordered {

    static final List<String> DEPENDENT_TYPES = List.of(
            "jakarta.persistence.EntityManagerFactory",
            "org.springframework.orm.jpa.AbstractEntityManagerFactoryBean",
            "org.springframework.jdbc.core.JdbcOperations",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations");

    private final String initializer;

    RetortDependsOnPostProcessor(String initializer) {
        this.initializer = initializer;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        ClassLoader loader = beanFactory.getBeanClassLoader();
        Set<String> names = new LinkedHashSet<>();
        for (String typeName : DEPENDENT_TYPES) {
            if (ClassUtils.isPresent(typeName, loader)) {
                Class<?> type = ClassUtils.resolveClassName(typeName, loader);
                for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
                    names.add(BeanFactoryUtils.transformedBeanName(name));
                }
            }
        }
        names.remove(initializer);
        for (String name : names) {
            BeanDefinition definition;
            try {
                definition = beanFactory.getBeanDefinition(name);
            } catch (NoSuchBeanDefinitionException e) {
                continue; // a manually registered singleton has no definition to order
            }
            List<String> dependsOn = new ArrayList<>(
                    definition.getDependsOn() == null ? List.of() : Arrays.asList(definition.getDependsOn()));
            if (!dependsOn.contains(initializer)) {
                dependsOn.add(initializer);
                definition.setDependsOn(dependsOn.toArray(String[]::new));
            }
        }
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
