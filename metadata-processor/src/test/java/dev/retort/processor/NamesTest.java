package dev.retort.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table-driven checks of the pure naming helpers. */
class NamesTest {

    @ParameterizedTest
    @CsvSource({
        "orderLine, order_line",
        "OrderLine, order_line",
        "order_line, order_line",
        "HTTPServer, httpserver",
        "myHTTPServer, myhttpserver",
        "userHTTPServerId, userhttpserver_id",
        "address2Line, address2_line",
        "line2Address, line2_address",
        "a.b, a_b",
        "x, x",
        "ID, id",
    })
    void snakeCaseFollowsHibernate(String logical, String physical) {
        assertEquals(physical, Naming.snakeCase(logical));
        assertEquals(physical, Naming.SNAKE.physical(logical));
        assertEquals(logical, Naming.JPA.physical(logical));
    }

    @Test
    void namingOption() {
        assertEquals(Optional.of(Naming.JPA), Naming.fromOption(null));
        assertEquals(Optional.of(Naming.JPA), Naming.fromOption("jpa"));
        assertEquals(Optional.of(Naming.SPRING), Naming.fromOption("spring"));
        assertEquals(Optional.of(Naming.SNAKE), Naming.fromOption(" Snake "));
        assertTrue(Naming.fromOption("camel").isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"FirstName, firstName", "URL, URL", "X, x", "a, a", "Id, id"})
    void decapitalizeLikeJavaBeans(String in, String out) {
        assertEquals(out, EntityScanner.decapitalize(in));
    }

    @Test
    void shortNamesAreKept() {
        assertEquals("uk_user_email", ConstraintNames.uniqueKey("User", "EMail"));
        String sixtyFour = "uk_" + "x".repeat(61);
        assertEquals(sixtyFour, ConstraintNames.limit(sixtyFour));
    }

    @Test
    void longNamesAreCutWithAStableHash() {
        String name = "uk_" + "x".repeat(62);
        String limited = ConstraintNames.limit(name);
        assertEquals(64, limited.length());
        assertEquals("uk_" + "x".repeat(52) + "_", limited.substring(0, 56));
        assertTrue(limited.substring(56).matches("[0-9a-f]{8}"), limited);
        assertEquals(limited, ConstraintNames.limit(name), "stable");
        // names that share the first 55 characters still differ
        assertTrue(!limited.equals(ConstraintNames.limit(name + "y")));
    }

    @Test
    void messagesCarryTheirId() {
        assertEquals(
                "[RT104] User.bio: @Column(length) must be positive, was -1",
                Message.LENGTH_NOT_POSITIVE.format("User.bio", -1));
        for (Message m : Message.values()) {
            assertTrue(m.id().matches("RT1\\d\\d"), m.id());
        }
        assertEquals(
                Message.values().length,
                java.util.Arrays.stream(Message.values())
                        .map(Message::id)
                        .distinct()
                        .count(),
                "ids are unique");
    }
}
