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
}
