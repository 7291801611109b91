package dev.retort.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which URLs {@code retort.allow-data-loss=true} accepts as a database on this machine. */
class RetortConfigurerIsLocalTest {

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
        assertEquals(local, RetortConfigurer.isLocal(url), url);
    }
}
