package dev.retort.boot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** A {@code @JdbcTest} (Spring Boot 3.5's annotation) migrates its test database. */
@JdbcTest(properties = "retort.package=dev.retort.boot.app.m1")
class JdbcSliceTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theSliceSeesTheMigratedSchema() {
        assertEquals(0, jdbc.queryForObject("SELECT COUNT(*) FROM book", Integer.class));
    }
}
