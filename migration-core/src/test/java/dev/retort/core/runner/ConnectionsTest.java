package dev.retort.core.runner;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ConnectionsTest {

    @Test
    void masksPasswordsInUrls() {
        assertEquals(
                "jdbc:mysql://db:3306/shop?user=app&password=***&useSSL=true",
                Connections.mask("jdbc:mysql://db:3306/shop?user=app&password=s3cr3t&useSSL=true", null));
        assertEquals(
                "jdbc:mysql://app:***@db:3306/shop", Connections.mask("jdbc:mysql://app:s3cr3t@db:3306/shop", null));
        assertEquals("error for *** here", Connections.mask("error for s3cr3t here", "s3cr3t"));
    }

    @Test
    void aPasswordWithAnAtSignIsMaskedWhole() {
        assertEquals(
                "jdbc:mysql://app:***@db:3306/shop", Connections.mask("jdbc:mysql://app:p@ss-w0rd@db:3306/shop", null));
        assertEquals(
                "jdbc:postgresql://db/shop?user=a@b",
                Connections.mask("jdbc:postgresql://db/shop?user=a@b", null),
                "an @ outside the user info is no password");
    }

    @Test
    void theUrlsOwnPasswordsAreHiddenWhereverADriverQuotesThem() {
        assertEquals(
                java.util.List.of("pw-1", "p@ss-2"),
                Connections.secrets("jdbc:mysql://app:p@ss-2@db/shop?password=pw-1", null));
        assertEquals(
                java.util.List.of("given", "pw-1"), Connections.secrets("jdbc:h2:./db;USER=sa;PASSWORD=pw-1", "given"));
        // Connector/J quotes the URL's authority, user info and all, when it cannot parse it
        Connections.ConnectionException e = assertThrows(
                Connections.ConnectionException.class,
                () -> Connections.open(
                        "jdbc:mysql://app:p@ss-Secret1@127.0.0.1:notaport/shop",
                        null,
                        null,
                        ConnectionsTest.class.getClassLoader()));
        assertTrue(
                e.getMessage().startsWith("Cannot connect to jdbc:mysql://app:***@127.0.0.1:notaport/shop: "),
                e.getMessage());
        assertFalse(e.getMessage().contains("Secret1"), e.getMessage());
        assertFalse(e.getMessage().contains("p@ss"), e.getMessage());
        // nor in the cause chain that a logged exception or a failed start-up prints
        java.io.StringWriter printed = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(printed));
        assertTrue(printed.toString().contains("Caused by: "), printed.toString());
        assertTrue(printed.toString().contains("\tat com.mysql.cj."), "the driver's stack trace is kept: " + printed);
        assertFalse(printed.toString().contains("Secret1"), printed.toString());
        assertFalse(printed.toString().contains("p@ss"), printed.toString());
    }

    @Test
    void unreachableDatabaseNamesTheUrlWithoutThePassword() {
        Connections.ConnectionException e = assertThrows(
                Connections.ConnectionException.class,
                () -> Connections.open(
                        "jdbc:mysql://127.0.0.1:1/shop?connectTimeout=2000&password=s3cr3t",
                        "app",
                        "s3cr3t",
                        ConnectionsTest.class.getClassLoader()));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Cannot connect to jdbc:mysql://127.0.0.1:1/shop?connectTimeout=2000&password=*** as user 'app'"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"));
    }

    @Test
    void unknownUrlSaysWhichDriversExist() {
        Connections.ConnectionException e = assertThrows(
                Connections.ConnectionException.class,
                () -> Connections.open("jdbc:oracle:thin:@x", null, null, ConnectionsTest.class.getClassLoader()));
        assertTrue(e.getMessage().contains("No JDBC driver accepts jdbc:oracle:thin:@x"), e.getMessage());
    }
}
