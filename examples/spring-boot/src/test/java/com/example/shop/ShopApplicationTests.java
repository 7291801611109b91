package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The application starts on an empty database: Retort migrates it, then Hibernate validates it. */
@SpringBootTest(properties = "spring.datasource.url=" + ShopApplicationTests.URL)
class ShopApplicationTests {

    static final String URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";

    @Autowired
    AuthorRepository authors;

    @Test
    void migratesBeforeJpaValidates() throws Exception {
        authors.save(new Author("Ursula K. Le Guin"));
        assertEquals(1, authors.count());
        try (Connection c = DriverManager.getConnection(URL, "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM retort_history WHERE state = 'applied'")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }
}
