package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Fixtures.column;
import static dev.retort.processor.Fixtures.snapshot;
import static dev.retort.processor.Fixtures.source;
import static dev.retort.processor.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.retort.core.model.Check;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The Hibernate ORM 7 line decides facts of the DDL; each expected fact below is what that line's
 * own schema export wrote for these mappings (Hibernate 7.1.10, 7.3.13 and 7.4.16, e.g. 7.4's
 * {@code firstSeen timestamp(6) not null}, 7.3's {@code seq integer check ((seq>=0))} and
 * {@code flag char(1) check ((flag in ('F','T')))}, 7.4's {@code create table Vet_tags (Vet_id bigint
 * not null, tags varchar(255), unique (Vet_id, tags))}); {@code HibernateComparisonTest} run with
 * {@code -Dhibernate.version=7.4.16.Final} compares whole models the same way.
 */
class HibernateLineTest {

    private static final JavaFileObject BASE = source("app.Base", """
            package app;
            import jakarta.persistence.*;
            @MappedSuperclass
            public class Base {
                @Id Long id;
                @Version Integer version;
            }
            """);

    private static final JavaFileObject LEDGER = source("app.Ledger", """
            package app;
            import jakarta.persistence.*;
            import java.time.*;
            import java.util.*;
            import org.hibernate.annotations.*;
            import org.hibernate.generator.EventType;
            import org.hibernate.type.SqlTypes;
            @Entity
            public class Ledger extends Base {
                @CreationTimestamp Instant created;
                @UpdateTimestamp LocalDateTime updated;
                @CreationTimestamp @Column(nullable = true) LocalDateTime firstSeen;
                @CurrentTimestamp LocalDateTime stamped;
                @CurrentTimestamp(event = EventType.UPDATE) LocalDateTime touched;
                @JdbcTypeCode(SqlTypes.CHAR) Boolean flag;
                @ElementCollection @OrderColumn List<String> remarks;
                @ElementCollection Set<String> tags;
                @ManyToOne @JoinTable(name = "ledger_owner") Owner owner;
            }
            """);

    private static final JavaFileObject OWNER = source("app.Owner", """
            package app;
            import jakarta.persistence.*;
            @Entity
            public class Owner { @Id Long id; }
            """);

    private static Schema compiled(String line) {
        List<String> options = line == null ? List.of() : List.of("-Aretort.hibernate=" + line);
        return snapshot(options, BASE, LEDGER, OWNER);
    }

    private static boolean nullable(Schema schema, String table, String column) {
        return column(table(schema, table), column).nullable();
    }

    private static List<String> checks(Schema schema, String table) {
        return table(schema, table).checks().stream().map(Check::expression).toList();
    }

    private static List<List<String>> uniqueKeys(Table table) {
        return table.indexes().stream()
                .filter(Index::unique)
                .map(Index::columns)
                .toList();
    }

    @Test
    void upToHibernate72TheMappingAloneDecides() {
        for (String line : List.of("7.0", "7.1", "7.2.19.Final")) {
            Schema schema = compiled(line);
            for (String c : List.of("created", "updated", "firstSeen", "stamped", "touched", "version")) {
                assertTrue(nullable(schema, "Ledger", c), line + ": " + c);
            }
            assertEquals(List.of(), checks(schema, "Ledger"), line);
            assertEquals(List.of(), checks(schema, "Ledger_remarks"), line);
            assertTrue(nullable(schema, "ledger_owner", "owner_id"), line);
            assertEquals(List.of(), uniqueKeys(table(schema, "Ledger_tags")), line);
            assertEquals(List.of(), table(schema, "Ledger_tags").primaryKey(), line);
        }
    }

    @Test
    void hibernate73ChecksOrderColumnsAndCharacterBooleansAndRequiresTheVersion() {
        Schema schema = compiled("7.3");
        assertFalse(nullable(schema, "Ledger", "version"));
        assertEquals(List.of("flag in ('F','T')"), checks(schema, "Ledger"));
        assertEquals(List.of("remarks_ORDER>=0"), checks(schema, "Ledger_remarks"));
        // the generated timestamps are still as mapped
        assertTrue(nullable(schema, "Ledger", "created"));
        assertTrue(nullable(schema, "ledger_owner", "owner_id"));
        assertEquals(List.of(), uniqueKeys(table(schema, "Ledger_tags")));
    }

    @Test
    void hibernate74RequiresTimestampsGeneratedOnInsertToOneJoinTargetsAndKeepsSetsUnique() {
        Schema schema = compiled("7.4.16.Final");
        for (String c : List.of("created", "updated", "firstSeen", "stamped", "version")) {
            assertFalse(nullable(schema, "Ledger", c), c);
        }
        // a timestamp generated on update only may be null until the first update
        assertTrue(nullable(schema, "Ledger", "touched"));
        assertFalse(nullable(schema, "ledger_owner", "owner_id"));
        Table tags = table(schema, "Ledger_tags");
        assertEquals(List.of(List.of("Ledger_id", "tags")), uniqueKeys(tags));
        assertEquals(List.of(), tags.primaryKey());
        assertEquals(List.of("remarks_ORDER>=0"), checks(schema, "Ledger_remarks"));
    }

    @Test
    void withoutTheOptionTheHibernateOnTheClassPathDecides() {
        // these tests compile against Hibernate ORM ${hibernate.version}; each line's marker type tells which
        boolean on74 =
                HibernateLine.class.getClassLoader().getResource("org/hibernate/annotations/Audited.class") != null;
        boolean on73 =
                HibernateLine.class.getClassLoader().getResource("org/hibernate/annotations/NaturalIdClass.class")
                        != null;
        Schema detected = compiled(null);
        assertEquals(on73 || on74, !nullable(detected, "Ledger", "version"));
        assertEquals(on74, !nullable(detected, "Ledger", "created"));
    }

    @Test
    void anUnknownLineFailsNamingTheOption() {
        for (String bad : List.of("6.6", "seven", "7.x")) {
            Compilation c = Fixtures.compile(List.of("-Aretort.hibernate=" + bad), BASE, LEDGER, OWNER);
            assertThat(c).failed();
            assertThat(c).hadErrorContaining("[RT130] unknown -Aretort.hibernate=" + bad);
        }
    }
}
