package dev.retort.processor;

import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.clob;
import static dev.retort.migration.Types.custom;
import static dev.retort.migration.Types.decimal;
import static dev.retort.migration.Types.integer;
import static dev.retort.migration.Types.json;
import static dev.retort.migration.Types.timeTz;
import static dev.retort.migration.Types.varchar;
import static dev.retort.processor.Fixtures.column;
import static dev.retort.processor.Fixtures.columnNames;
import static dev.retort.processor.Fixtures.snapshot;
import static dev.retort.processor.Fixtures.source;
import static dev.retort.processor.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.core.model.Check;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.migration.ReferentialAction;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The model the processor writes for each mapping feature: what the database comparison cannot
 * see (constraint names, sources, rename hints, the sequence and check records) and the rules in
 * isolation. Whether the result is Hibernate's schema is {@code HibernateComparisonTest}'s job.
 */
class CoverageTest {

    private static final JavaFileObject LIBRARY = source("app.Library", """
            package app;
            import jakarta.persistence.*;
            import java.util.*;
            @Entity
            public class Library {
                @Id @GeneratedValue Long id;
                @OneToMany(mappedBy = "library") List<Book> books;
                @ManyToMany Set<Book> favouriteBooks;
                @ElementCollection @OrderColumn List<String> openingHours;
            }
            """);

    private static final JavaFileObject BOOK = source("app.Book", """
            package app;
            import jakarta.persistence.*;
            @Entity
            public class Book {
                @Id @GeneratedValue(strategy = GenerationType.IDENTITY) Long id;
                @ManyToOne(optional = false) @org.hibernate.annotations.OnDelete(
                        action = org.hibernate.annotations.OnDeleteAction.CASCADE) Library library;
                @OneToOne Book sequel;
            }
            """);

    @Test
    void associationsGiveReadableForeignKeysUniquesAndJoinTables() {
        Schema schema = snapshot(LIBRARY, BOOK);
        Table book = table(schema, "Book");
        assertEquals(List.of("id", "library_id", "sequel_id"), columnNames(book));
        assertFalse(column(book, "library_id").nullable(), "optional = false");
        assertEquals(
                new ForeignKey(
                        "fk_book_library_id",
                        List.of("library_id"),
                        "Library",
                        List.of("id"),
                        ReferentialAction.CASCADE,
                        null,
                        "Book.library"),
                book.foreignKey("fk_book_library_id").orElseThrow());
        assertEquals(
                new Index("uk_book_sequel_id", List.of("sequel_id"), true, "Book.sequel"),
                book.index("uk_book_sequel_id").orElseThrow(),
                "a one-to-one is unique");

        Table join = table(schema, "Library_Book");
        assertEquals(List.of("Library_id", "favouriteBooks_id"), columnNames(join));
        assertEquals(
                List.of("Library_id", "favouriteBooks_id"), join.primaryKey(), "a set's join table is keyed by both");
        assertEquals(
                List.of("fk_library_book_favouritebooks_id", "fk_library_book_library_id"),
                join.foreignKeys().stream().map(ForeignKey::name).toList());
        assertEquals("Library.favouriteBooks", join.source());

        Table hours = table(schema, "Library_openingHours");
        assertEquals(List.of("Library_id", "openingHours", "openingHours_ORDER"), columnNames(hours));
        // Hibernate lists key columns by storage size, then name: the integer order column before the bigint
        assertEquals(List.of("openingHours_ORDER", "Library_id"), hours.primaryKey());
    }

    @Test
    void namingStrategiesNameJoinTablesAndColumnsLikeHibernateAndSpring() {
        assertEquals(
                List.of("Book", "Library", "Library_Book", "Library_openingHours"),
                tableNames(snapshot(List.of("-Aretort.naming=jpa"), LIBRARY, BOOK)));
        assertEquals(
                List.of("book", "library", "library_favourite_books", "library_opening_hours"),
                tableNames(snapshot(List.of("-Aretort.naming=spring"), LIBRARY, BOOK)));
        Schema snake = snapshot(List.of("-Aretort.naming=snake"), LIBRARY, BOOK);
        assertEquals(List.of("book", "library", "library_book", "library_opening_hours"), tableNames(snake));
        assertEquals(List.of("library_id", "favourite_books_id"), columnNames(table(snake, "library_book")));
        assertEquals(List.of(new Sequence("library_seq", 1, 50, "Library.id")), snake.sequences());
    }

    @Test
    void generatorsBecomeSequencesAndTables() {
        Schema schema = snapshot(source("app.Keys", """
                package app;
                import jakarta.persistence.*;
                public class Keys {
                    @Entity @Table(name = "app_user") public static class User { @Id @GeneratedValue Long id; }
                    @Entity @SequenceGenerator(name = "inv", sequenceName = "invoice_seq", initialValue = 100, allocationSize = 10)
                    public static class Invoice { @Id @GeneratedValue(generator = "inv") long id; }
                    @Entity public static class Row { @Id @GeneratedValue(strategy = GenerationType.TABLE) long id; }
                    @Entity public static class Token { @Id @GeneratedValue java.util.UUID id; }
                }
                """));
        assertEquals(
                List.of(
                        new Sequence("app_user_SEQ", 1, 50, "User.id"),
                        new Sequence("invoice_seq", 100, 10, "Invoice.id")),
                schema.sequences());
        Table generatorTable = table(schema, "hibernate_sequences");
        assertEquals(List.of("sequence_name"), generatorTable.primaryKey());
        assertEquals(bigint(), column(generatorTable, "next_val").type());
        assertTrue(column(table(schema, "Keys$Row"), "id").nullable() == false);
    }

    @Test
    void checksAreModelRecordsNamedAfterTheirColumn() {
        Table t = table(snapshot(source("app.Rating", """
                package app;
                import jakarta.persistence.*;
                @Entity
                @org.hibernate.annotations.Check(constraints = "low <= high")
                public class Rating {
                    enum Level { LOW, MID, HIGH }
                    @Id long id;
                    Level level;
                    @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(10) int low;
                    int high;
                }
                """)), "Rating");
        assertEquals(
                List.of(
                        new Check("ck_rating_1", "low <= high", "Rating"),
                        new Check("ck_rating_level", "level between 0 and 2", "Rating.level"),
                        new Check("ck_rating_low", "(low>=1) and (low<=10)", "Rating.low")),
                t.checks());
    }

    @Test
    void singleTableHierarchyHasADiscriminatorAndNullableSubclassColumns() {
        Schema schema = snapshot(source("app.Animal", """
                package app;
                import jakarta.persistence.*;
                @Entity public class Animal { @Id long id; }
                """), source("app.Dog", """
                package app;
                import jakarta.persistence.*;
                @Entity public class Dog extends Animal { int barks; @Column(nullable = false) String name; }
                """));
        assertEquals(List.of("Animal"), tableNames(schema));
        Table animal = table(schema, "Animal");
        assertEquals(List.of("id", "DTYPE", "barks", "name"), columnNames(animal));
        assertEquals(varchar(31), column(animal, "DTYPE").type());
        assertFalse(column(animal, "DTYPE").nullable());
        assertTrue(column(animal, "barks").nullable(), "a primitive of a subclass");
        assertFalse(column(animal, "name").nullable(), "an explicit nullable = false stays, as in Hibernate");
        assertEquals(
                List.of("DTYPE <> 'Dog' or (barks is not null)", "DTYPE in ('Animal','Dog')"),
                animal.checks().stream().map(Check::expression).toList());
    }

    @Test
    void joinedSubclassTableIsKeyedByItsParent() {
        Schema schema = snapshot(source("app.Vehicle", """
                package app;
                import jakarta.persistence.*;
                @Entity @Inheritance(strategy = InheritanceType.JOINED) public class Vehicle { @Id long id; }
                """), source("app.Truck", """
                package app;
                import jakarta.persistence.*;
                @Entity @PrimaryKeyJoinColumn(name = "vehicle_id") public class Truck extends Vehicle { int axles; }
                """));
        Table truck = table(schema, "Truck");
        assertEquals(List.of("vehicle_id", "axles"), columnNames(truck));
        assertEquals(List.of("vehicle_id"), truck.primaryKey());
        assertEquals("Vehicle", truck.foreignKeys().get(0).referencedTable());
    }

    @Test
    void typesFromDefinitionsConvertersJsonAndLobs() {
        Table t = table(snapshot(source("app.Doc", """
                package app;
                import jakarta.persistence.*;
                @Entity
                public class Doc {
                    @Id long id;
                    @Column(columnDefinition = "text") String body;
                    @Convert(converter = Cents.class) Price price;
                    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.JSON) String meta;
                    @Lob String notes;
                    @Lob @Column(name = "summary") String summary;
                    java.time.OffsetTime cutoff;
                    java.time.Duration timeout;
                    @Version Integer version;
                    @org.hibernate.annotations.ColumnDefault("0") @org.hibernate.annotations.Comment("how often") int hits;
                    public record Price(long cents) { }
                    @Converter public static class Cents implements AttributeConverter<Price, Long> {
                        public Long convertToDatabaseColumn(Price p) { return p.cents(); }
                        public Price convertToEntityAttribute(Long c) { return new Price(c); }
                    }
                }
                """)), "Doc");
        assertEquals(custom("text"), column(t, "body").type());
        assertEquals(bigint(), column(t, "price").type());
        assertEquals(json(), column(t, "meta").type());
        assertEquals(clob(), column(t, "notes").type(), "a LOB without @Column is the largest");
        assertEquals(clob(255), column(t, "summary").type(), "with @Column, its default length applies");
        assertEquals(timeTz(0), column(t, "cutoff").type());
        assertEquals(decimal(21, 0), column(t, "timeout").type(), "Hibernate stores nanoseconds");
        assertEquals(integer(), column(t, "version").type());
        assertTrue(column(t, "version").nullable());
        assertEquals("0", column(t, "hits").defaultValue());
        assertEquals("how often", column(t, "hits").comment());
    }

    @Test
    void renameHintsReachTablesAndColumns() {
        Table t = table(snapshot(source("app.Client", """
                package app;
                import dev.retort.migration.RenamedFrom;
                import jakarta.persistence.*;
                @Entity @RenamedFrom("customer")
                public class Client { @Id long id; @RenamedFrom("fullName") String name; @ManyToOne @RenamedFrom("boss") Client manager; }
                """)), "Client");
        assertEquals("customer", t.renamedFrom());
        assertEquals("fullName", column(t, "name").renamedFrom());
        assertEquals("boss", column(t, "manager_id").renamedFrom());
        assertNull(column(t, "id").renamedFrom());
    }

    @Test
    void embeddablesWithOverridesAndIdClasses() {
        Schema schema = snapshot(source("app.Site", """
                package app;
                import jakarta.persistence.*;
                @Entity @IdClass(Site.Key.class)
                public class Site {
                    public static class Key implements java.io.Serializable { String region; int no; }
                    @Embeddable public record Point(double x, double y) { }
                    @Id String region;
                    @Id int no;
                    Point entrance;
                    @AttributeOverride(name = "x", column = @Column(name = "exit_x"))
                    @AttributeOverride(name = "y", column = @Column(name = "exit_y", nullable = false))
                    Point exit;
                }
                """));
        Table site = table(schema, "Site");
        assertEquals(List.of("region", "no", "x", "y", "exit_x", "exit_y"), columnNames(site));
        assertEquals(List.of("region", "no"), site.primaryKey());
        assertTrue(column(site, "x").nullable(), "primitives of an embeddable stay nullable");
        assertFalse(column(site, "exit_y").nullable());
    }

    @Test
    void constraintNamesFitSixtyFourCharacters() {
        Schema schema = snapshot(source("app.AVeryLongEntityNameThatKeepsGoingAndGoing", """
                package app;
                import jakarta.persistence.*;
                @Entity
                public class AVeryLongEntityNameThatKeepsGoingAndGoing {
                    @Id long id;
                    @ManyToOne AVeryLongEntityNameThatKeepsGoingAndGoing aReferenceWithAnEquallyLongName;
                }
                """));
        Table t = table(schema, "AVeryLongEntityNameThatKeepsGoingAndGoing");
        String fk = t.foreignKeys().get(0).name();
        assertEquals(64, fk.length());
        assertTrue(fk.startsWith("fk_averylongentitynamethatkeepsgoingandgoing_areference"), fk);
    }

    private static List<String> tableNames(Schema schema) {
        return schema.tables().stream().map(Table::name).toList();
    }
}
