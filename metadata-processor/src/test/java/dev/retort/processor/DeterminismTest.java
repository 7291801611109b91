package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.testing.compile.Compilation;
import dev.retort.core.model.Table;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The same entities give the same bytes, whatever the run or the order javac sees them in. */
class DeterminismTest {

    private static final String PACKAGE = "package app;\nimport jakarta.persistence.*;\n";

    private static final JavaFileObject ZEBRA = Fixtures.source("app.Zebra", PACKAGE + """
            @Entity
            public class Zebra {
                @Id @GeneratedValue(strategy = GenerationType.IDENTITY) private long id;
                @Column(unique = true) private String name;
                @Column(unique = true) private String alias;
                private java.time.Instant seenAt;
            }
            """);
    private static final JavaFileObject ANT = Fixtures.source("app.Ant", PACKAGE + """
            @Entity
            public class Ant { @Id private java.util.UUID id; @Enumerated(EnumType.STRING) private Caste caste; }
            """);
    private static final JavaFileObject CASTE = Fixtures.source("app.Caste", """
            package app;
            public enum Caste { WORKER, SOLDIER, QUEEN }
            """);
    private static final JavaFileObject MOLE = Fixtures.source("app.Mole", PACKAGE + """
            @Entity @Table(name = "m_mole")
            public class Mole { @Id private int id; private byte[] photo; }
            """);

    private static String snapshot(JavaFileObject... sources) {
        Compilation compilation = Fixtures.compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
        return Fixtures.snapshotText(compilation).orElseThrow();
    }

    @Test
    void twoCompilationsGiveIdenticalBytes() {
        assertEquals(snapshot(ZEBRA, ANT, CASTE, MOLE), snapshot(ZEBRA, ANT, CASTE, MOLE));
    }

    @Test
    void sourceFileOrderDoesNotMatter() {
        String forward = snapshot(ZEBRA, ANT, CASTE, MOLE);
        assertEquals(forward, snapshot(MOLE, CASTE, ANT, ZEBRA));
        assertEquals(forward, snapshot(CASTE, ZEBRA, MOLE, ANT));
        assertEquals(
                List.of("Ant", "Zebra", "m_mole"),
                dev.retort.core.model.SchemaJson.read(forward).tables().stream()
                        .map(Table::name)
                        .toList());
    }

    @Test
    void declarationOrderOfEntitiesInOneFileDoesNotMatter() {
        String ab = snapshot(Fixtures.source("app.Holder", PACKAGE + """
                public class Holder {
                    @Entity public static class B { @Id private long id; private String b; }
                    @Entity public static class A { @Id private long id; private String a; }
                }
                """));
        String ba = snapshot(Fixtures.source("app.Holder", PACKAGE + """
                public class Holder {
                    @Entity public static class A { @Id private long id; private String a; }
                    @Entity public static class B { @Id private long id; private String b; }
                }
                """));
        assertEquals(ab, ba);
    }

    @Test
    void memberOrderDoesMatter() {
        // the column order is the declaration order: a real change, which the snapshot must show
        String first = snapshot(Fixtures.source(
                "app.T",
                PACKAGE + "@Entity public class T { @Id private long id; private String a; private String b; }"));
        String second = snapshot(Fixtures.source(
                "app.T",
                PACKAGE + "@Entity public class T { @Id private long id; private String b; private String a; }"));
        assertNotEquals(first, second);
    }
}
