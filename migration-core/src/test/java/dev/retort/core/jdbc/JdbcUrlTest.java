package dev.retort.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.jdbc.JdbcUrl.Database;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:mysql://db:3306/shop                 | MYSQL
            JDBC:MySQL://db:3306/shop                 | MYSQL
            '  jdbc:mysql://db:3306/shop'             | MYSQL
            jdbc:mysql:replication://a,b/shop         | MYSQL
            jdbc:mariadb://db:3306/shop               | MARIADB
            jdbc:postgresql://db:5432/shop            | POSTGRESQL
            jdbc:postgresql:shop                      | POSTGRESQL
            jdbc:h2:mem:x                             | H2
            jdbc:h2:tcp://localhost/~/shop            | H2
            jdbc:h2:./target/db;AUTO_SERVER=TRUE      | H2
            jdbc:oracle:thin:@prod-db:1521:orcl       | UNSUPPORTED
            postgresql://db:5432/shop                 | UNSUPPORTED
            ''                                        | UNSUPPORTED
            """)
    void thePrefixNamesTheDatabase(String url, Database database) {
        assertEquals(database, JdbcUrl.of(url).database(), url);
    }

    @Test
    void mysqlAndMariaDbAreOneFamily() {
        assertEquals("mysql", Database.MYSQL.family());
        assertEquals("mysql", Database.MARIADB.family());
        assertTrue(Database.MARIADB.isMySqlFamily());
        assertFalse(Database.POSTGRESQL.isMySqlFamily());
        assertEquals(null, Database.UNSUPPORTED.family());
        assertEquals(Database.UNSUPPORTED, JdbcUrl.of(null).database());
        assertFalse(JdbcUrl.of("postgresql://db/shop").isJdbc());
        assertTrue(JdbcUrl.of("jdbc:oracle:thin:@db:1521:orcl").isJdbc());
    }

    @Test
    void aMariaDbUrlGoesToConnectorJ() {
        assertEquals(
                "jdbc:mysql://db:3306/shop?useSSL=false",
                JdbcUrl.of("jdbc:mariadb://db:3306/shop?useSSL=false").forMySqlDriver());
        assertEquals(
                "jdbc:mysql://db:3306/shop",
                JdbcUrl.of("JDBC:MARIADB://db:3306/shop").forMySqlDriver());
        assertEquals(
                "jdbc:postgresql://db/shop",
                JdbcUrl.of("jdbc:postgresql://db/shop").forMySqlDriver());
    }

    @Test
    void optionsAreTheQueryOrH2Settings() {
        assertEquals(
                List.of("useSSL", "serverTimezone"),
                JdbcUrl.of("jdbc:mysql://db/shop?useSSL=false&serverTimezone=UTC")
                        .options());
        assertEquals(
                List.of("MODE", "AUTO_SERVER"),
                JdbcUrl.of("jdbc:h2:./target/db;MODE=MySQL;AUTO_SERVER=TRUE").options());
        assertEquals(List.of(), JdbcUrl.of("jdbc:postgresql://db/shop").options());
    }

    /** Which URLs {@code retort.allow-data-loss=true} accepts as a database on this machine. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:h2:mem:x                                             | true
            jdbc:h2:file:./target/db                                  | true
            jdbc:h2:./target/db;AUTO_SERVER=TRUE                      | true
            jdbc:h2:tcp://localhost/~/shop                            | true
            jdbc:h2:tcp://localhost:9092,127.0.0.1:9093/~/shop        | true
            jdbc:h2:tcp://localhost,db.example.com/~/shop             | false
            jdbc:h2:tcp://db.example.com/~/shop                       | false
            jdbc:mysql://127.0.0.1:3306/shop                          | true
            jdbc:mysql://app:p,w@localhost:3306/shop                  | true
            jdbc:mysql://localhost,prod-db/x                          | false
            jdbc:mysql://localhost:3306,prod-db:3306/x                | false
            jdbc:mysql:replication://localhost,prod-db/x              | false
            jdbc:mysql://address=(host=prod-db)(port=3306)/x          | false
            jdbc:mysql:///shop                                        | true
            jdbc:mariadb://db.internal:3306/shop                      | false
            jdbc:mariadb://[::1]:3306/shop                            | true
            jdbc:mysql://localhost.example.com/shop                   | false
            jdbc:postgresql://localhost/shop                          | true
            jdbc:postgresql://localhost:5432,replica.example.com/shop | false
            jdbc:postgresql:shop                                      | true
            jdbc:postgresql:///shop                                   | true
            jdbc:postgresql:shop?host=prod-db                         | false
            jdbc:oracle:thin:@prod-db:1521:orcl                       | false
            """)
    void everyHostMustBeThisMachine(String url, boolean local) {
        assertEquals(local, JdbcUrl.of(url).isLocal(), url);
    }

    @Test
    void readsAnOptionsValue() {
        JdbcUrl url = JdbcUrl.of("jdbc:mysql://db/shop?useSSL=false&AutoReconnect=TRUE");
        assertEquals("TRUE", url.option("autoReconnect"));
        assertEquals("false", url.option("useSSL"));
        assertEquals(null, url.option("socketTimeout"));
        assertEquals("TRUE", JdbcUrl.of("jdbc:h2:file:./db;AUTO_SERVER=TRUE").option("auto_server"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:mysql://db/shop?autoReconnect=true                  | autoReconnect=true
            jdbc:mariadb://db/shop?useSSL=false&autoReconnect=true   | autoReconnect=true
            jdbc:mysql://db/shop?autoReconnectForPools=true          | autoReconnectForPools=true
            jdbc:mariadb://db/shop?transactionReplay=true            | transactionReplay=true
            jdbc:mysql://db/shop?autoReconnect=false                 |
            jdbc:mysql://db/shop                                     |
            jdbc:postgresql://db/shop?autoReconnect=true             |
            """)
    void refusesOptionsThatReconnectSilently(String url, String named) {
        String refusal = JdbcUrl.of(url).reconnectRefusal();
        if (named == null) {
            assertEquals(null, refusal, url);
        } else {
            assertTrue(
                    refusal != null && refusal.contains(named) && refusal.contains("migration lock"),
                    url + ": " + refusal);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdbc:mysql://db:3306/shop                       | jdbc:mysql://db:3306/t7
            jdbc:mysql://db:3306/shop?useSSL=false&a=b      | jdbc:mysql://db:3306/t7?useSSL=false&a=b
            jdbc:mysql://db:3306/?useSSL=false              | jdbc:mysql://db:3306/t7?useSSL=false
            jdbc:mysql://db:3306                            | jdbc:mysql://db:3306/t7
            jdbc:mysql://u:p@a:1,b:2/shop                   | jdbc:mysql://u:p@a:1,b:2/t7
            jdbc:mariadb://db/shop                          | jdbc:mariadb://db/t7
            jdbc:postgresql://db:5432/shop                  | jdbc:postgresql://db:5432/shop?currentSchema=t7
            jdbc:postgresql://db/shop?ssl=true&currentSchema=x | jdbc:postgresql://db/shop?ssl=true&currentSchema=t7
            jdbc:h2:mem:x                                   | jdbc:h2:mem:x;SCHEMA=t7
            jdbc:h2:file:/tmp/db;MODE=MySQL;schema=OLD      | jdbc:h2:file:/tmp/db;MODE=MySQL;SCHEMA=t7
            """)
    void aTenantIsTheDatabaseOrTheSchemaOfTheUrl(String url, String tenantUrl) {
        assertEquals(tenantUrl, JdbcUrl.of(url).forTenant("t7"));
    }

    @Test
    void aTenantIsADatabaseOnMySqlAndASchemaElsewhere() {
        assertEquals("database", JdbcUrl.of("jdbc:mariadb://db/shop").tenantKind());
        assertEquals("schema", JdbcUrl.of("jdbc:postgresql://db/shop").tenantKind());
        assertEquals("schema", JdbcUrl.of("jdbc:h2:mem:x").tenantKind());
    }
}
