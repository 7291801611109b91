package dev.retort.boot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.orm.jpa.DataJpaTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@code @DataJpaTest} (Spring Boot 3.5's annotation) migrates its test database before Hibernate
 * validates it: {@code book} exists only because migration v1 created it.
 */
@DataJpaTest(properties = {"retort.package=dev.retort.boot.app.m1", "spring.jpa.hibernate.ddl-auto=validate"})
class DataJpaSliceTest {

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSliceSeesTheMigratedSchema() {
        assertEquals(0L, entityManager.createQuery("select count(b) from Book b", Long.class).getSingleResult());
        assertEquals(1, jdbc.queryForObject("SELECT COUNT(*) FROM retort_history WHERE revision = 'v1' AND state = 'applied'",
                Integer.class));
    }
}
