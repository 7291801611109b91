package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Fixtures.compile;
import static dev.retort.processor.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Mappings Hibernate ORM 7 refuses when it boots are compile errors, on the element to blame, rather than a schema
 * Hibernate would never run against (each confirmed by booting Hibernate 7.1.10 on the same entities).
 */
class HibernateRefusesTest {

    private static Compilation failsWith(List<JavaFileObject> sources, String... ids) {
        Compilation compilation = compile(List.of(), sources.toArray(JavaFileObject[]::new));
        assertThat(compilation).failed();
        List<String> reported = compilation.errors().stream()
                .map(d -> d.getMessage(Locale.ROOT))
                .map(m -> m.startsWith("[RT") ? m.substring(1, 6) : m)
                .toList();
        assertEquals(List.of(ids), reported, "errors reported");
        return compilation;
    }

    /** Hibernate: "Mapped superclass '…' may not specify a '@Table'" / "… an '@Inheritance' mapping strategy". */
    @Test
    void tableOrInheritanceOnAMappedSuperclass() {
        JavaFileObject base = lines(
                "app.Base",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@MappedSuperclass", // 3
                "@Table(name = \"base\")", // 4
                "@Inheritance(strategy = InheritanceType.JOINED)", // 5
                "public abstract class Base { @Id private long id; }");
        JavaFileObject a = lines(
                "app.A", "package app;", "import jakarta.persistence.*;", "@Entity", "public class A extends Base {}");
        JavaFileObject b = lines(
                "app.B", "package app;", "import jakarta.persistence.*;", "@Entity", "public class B extends Base {}");
        Compilation c = failsWith(List.of(base, a, b), "RT132", "RT132");
        assertThat(c)
                .hadErrorContaining("[RT132] Base: @Table on a @MappedSuperclass: Hibernate refuses it at boot"
                        + " (\"Mapped superclass 'app.Base' may not specify a '@Table'\"); a mapped superclass has no"
                        + " table of its own: drop the @Table, and name the table with @Table on each entity that"
                        + " extends Base (or make Base an @Entity)")
                .inFile(base)
                .onLine(4);
        assertThat(c)
                .hadErrorContaining("[RT132] Base: @Inheritance on a @MappedSuperclass: Hibernate refuses it at boot"
                        + " (\"Mapped superclass 'app.Base' may not specify an '@Inheritance' mapping strategy\"); the"
                        + " strategy belongs to the root entity of a hierarchy: move the @Inheritance to the topmost"
                        + " @Entity that extends Base (or make Base an @Entity)")
                .inFile(base)
                .onLine(5);
    }

    /**
     * A join column of a join or collection table with insertable differing from updatable, or read-only and
     * writable join columns on one side: Hibernate refuses both. A read-only side, or a {@code @OneToMany
     * @JoinColumn(updatable = false)} (no join table), it accepts.
     */
    @Test
    void joinColumnsOfACollectionTableWithMixedInsertableAndUpdatable() {
        JavaFileObject file = lines(
                "app.Shelf",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import java.util.*;", // 3
                "@Entity", // 4
                "public class Shelf {", // 5
                "    @Id private long id;", // 6
                "    @ManyToMany @JoinTable(name = \"shelf_books\",", // 7
                "        joinColumns = @JoinColumn(name = \"shelf_id\", updatable = false)) Set<Book> books;", // 8
                "    @ElementCollection @CollectionTable(name = \"shelf_tags\",", // 9
                "        joinColumns = @JoinColumn(name = \"shelf_id\", insertable = false)) Set<String> tags;", // 10
                "    @ManyToMany @JoinTable(name = \"shelf_parts\", inverseJoinColumns = {", // 11
                "        @JoinColumn(name = \"a\", referencedColumnName = \"a\", insertable = false, updatable = false),", // 12
                "        @JoinColumn(name = \"b\", referencedColumnName = \"b\")}) Set<Part> parts;", // 13
                "    @ManyToMany @JoinTable(name = \"shelf_old\", joinColumns = @JoinColumn(name = \"shelf_id\",", // 14
                "        insertable = false, updatable = false)) Set<Book> old;", // 15
                "    @OneToMany @JoinColumn(name = \"shelf_id\", updatable = false) Set<Book> fine;", // 16
                "}");
        JavaFileObject book = lines(
                "app.Book",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Book { @Id long id; }");
        JavaFileObject part = lines(
                "app.Part",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @IdClass(Part.Key.class)",
                "public class Part { @Id long a; @Id long b; public record Key(long a, long b) {} }");
        Compilation c = failsWith(List.of(file, book, part), "RT133", "RT133", "RT133");
        assertThat(c)
                .hadErrorContaining("[RT133] Shelf.books: updatable = false without insertable = false in"
                        + " @JoinTable(joinColumns): Hibernate refuses it at boot (\"must be defined with the same"
                        + " insertable and updatable attributes\"); give the join columns of @JoinTable(joinColumns)"
                        + " the same insertable and updatable: drop updatable = false, or add insertable = false")
                .inFile(file)
                .onLine(8);
        assertThat(c)
                .hadErrorContaining("[RT133] Shelf.tags: insertable = false without updatable = false in"
                        + " @CollectionTable(joinColumns)")
                .inFile(file)
                .onLine(10);
        assertThat(c)
                .hadErrorContaining("[RT133] Shelf.parts: read-only and writable join columns in"
                        + " @JoinTable(inverseJoinColumns): Hibernate refuses it at boot (\"should have the same"
                        + " insertable and updatable setting\")")
                .inFile(file)
                .onLine(12);
    }

    /**
     * Unlike a collection's, the inverse side of a {@code @OneToOne} with a {@code @JoinColumn} is accepted by
     * Hibernate (7.1 to 7.4), which ignores the join column: no column on this side, the owning side's key only.
     */
    @Test
    void inverseOneToOneWithJoinColumnIsAcceptedAndTheJoinColumnIgnored() {
        JavaFileObject husband = lines(
                "app.Husband",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Husband { @Id long id;",
                "    @OneToOne(mappedBy = \"husband\") @JoinColumn(name = \"wife_id\") Wife wife; }");
        JavaFileObject wife = lines(
                "app.Wife",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Wife { @Id long id; @OneToOne Husband husband; }");
        dev.retort.core.model.Schema schema = Fixtures.snapshot(husband, wife);
        assertEquals(
                List.of("id"),
                schema.table("husband").orElseThrow().columns().stream()
                        .map(c -> c.name())
                        .toList());
        assertEquals(
                List.of("id", "husband_id"),
                schema.table("wife").orElseThrow().columns().stream()
                        .map(c -> c.name())
                        .toList());
    }
}
