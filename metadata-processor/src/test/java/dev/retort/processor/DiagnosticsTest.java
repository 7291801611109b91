package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Fixtures.compile;
import static dev.retort.processor.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every RT1xx error on the line it blames. Each compilation also holds a valid entity, to show one
 * bad entity is reported and the rest are still processed, without an internal error.
 */
class DiagnosticsTest {

    private static final JavaFileObject VALID = lines("app.Valid",
            "package app;",
            "import jakarta.persistence.*;",
            "@Entity",
            "public class Valid { @Id private long id; private String name; }");

    /**
     * Compiles {@code sources} beside a valid entity and expects exactly the given errors, in order
     * (compile-testing offers no generated files of a failed compilation).
     */
    private static Compilation failsWith(List<JavaFileObject> sources, String... ids) {
        return failsWith(List.of(), sources, ids);
    }

    private static Compilation failsWith(List<String> options, List<JavaFileObject> sources, String... ids) {
        List<JavaFileObject> all = new java.util.ArrayList<>(sources);
        all.add(VALID);
        Compilation compilation = compile(options, all.toArray(JavaFileObject[]::new));
        assertThat(compilation).failed();
        List<String> reported = compilation.errors().stream()
                .map(d -> d.getMessage(Locale.ROOT))
                .map(m -> m.startsWith("[RT") ? m.substring(1, 6) : m)
                .toList();
        assertEquals(List.of(ids), reported, "errors reported");
        return compilation;
    }

    @Test
    void lengthMustBePositive() {
        JavaFileObject file = lines("app.User",
                "package app;",                               // 1
                "import jakarta.persistence.*;",              // 2
                "@Entity",                                    // 3
                "public class User {",                        // 4
                "    @Id private long id;",                   // 5
                "    @Column(length = -1)",                   // 6
                "    private String bio;",                    // 7
                "    @Column(length = 0) private byte[] x;",  // 8
                "}");
        Compilation c = failsWith(List.of(file), "RT104", "RT104");
        assertThat(c).hadErrorContaining("[RT104] User.bio: @Column(length) must be positive, was -1")
                .inFile(file).onLine(6);
        assertThat(c).hadErrorContaining("[RT104] User.x: @Column(length) must be positive, was 0")
                .inFile(file).onLine(8);
    }

    @Test
    void precisionAndScale() {
        JavaFileObject file = lines("app.Price",
                "package app;",                                                            // 1
                "import jakarta.persistence.*;",                                           // 2
                "import java.math.BigDecimal;",                                            // 3
                "@Entity",                                                                 // 4
                "public class Price {",                                                    // 5
                "    @Id private long id;",                                                // 6
                "    @Column(precision = -3) private BigDecimal a;",                       // 7
                "    @Column(precision = 5, scale = 6) private BigDecimal b;",             // 8
                "    @Column(precision = 5, scale = -1) private BigDecimal c;",            // 9
                "}");
        Compilation c = failsWith(List.of(file), "RT105", "RT106", "RT105");
        assertThat(c).hadErrorContaining("[RT105] Price.a: @Column(precision) must not be negative, was -3")
                .inFile(file).onLine(7);
        assertThat(c).hadErrorContaining("[RT106] Price.b: @Column(scale = 6) must not exceed @Column(precision = 5)")
                .inFile(file).onLine(8);
        assertThat(c).hadErrorContaining("[RT105] Price.c: @Column(scale) must not be negative, was -1")
                .inFile(file).onLine(9);
    }

    @Test
    void entityWithoutId() {
        JavaFileObject file = lines("app.Note",
                "package app;",                          // 1
                "import jakarta.persistence.*;",         // 2
                "@Entity",                               // 3
                "public class Note {",                   // 4
                "    private String text;",              // 5
                "}");
        assertThat(failsWith(List.of(file), "RT102"))
                .hadErrorContaining("[RT102] entity Note has no @Id").inFile(file).onLine(3);
    }

    @Test
    void twoEntitiesOnOneTableIsAnErrorOnTheSecond() {
        JavaFileObject first = lines("app.First",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Table(name = \"shared\")",
                "public class First { @Id private long id; }");
        JavaFileObject second = lines("app.Second",
                "package app;",                                    // 1
                "import jakarta.persistence.*;",                   // 2
                "@Entity",                                         // 3
                "@Table(name = \"SHARED\")",                       // 4
                "public class Second { @Id private long id; }");  // 5
        // the second by name, whatever order the files come in
        for (List<JavaFileObject> order : List.of(List.of(first, second), List.of(second, first))) {
            assertThat(failsWith(order, "RT103"))
                    .hadErrorContaining("[RT103] entity Second maps to table 'SHARED', which entity app.First already maps")
                    .inFile(second).onLine(4);
        }
    }

    @Test
    void generationStrategiesOtherThanIdentity() {
        JavaFileObject file = lines("app.Seq",
                "package app;",                                                   // 1
                "import jakarta.persistence.*;",                                  // 2
                "@Entity",                                                        // 3
                "public class Seq {",                                             // 4
                "    @Id",                                                        // 5
                "    @GeneratedValue",                                            // 6
                "    private Long id;",                                           // 7
                "}");
        JavaFileObject other = lines("app.Seq2",
                "package app;",                                                   // 1
                "import jakarta.persistence.*;",                                  // 2
                "@Entity",                                                        // 3
                "public class Seq2 {",                                            // 4
                "    @Id @GeneratedValue(strategy = GenerationType.SEQUENCE)",    // 5
                "    private Long id;",                                           // 6
                "}");
        Compilation c = failsWith(List.of(file, other), "RT110", "RT110");
        assertThat(c).hadErrorContaining("[RT110] Seq.id: @GeneratedValue(strategy = AUTO) is not supported yet;"
                + " use @GeneratedValue(strategy = GenerationType.IDENTITY)").inFile(file).onLine(6);
        assertThat(c).hadErrorContaining("[RT110] Seq2.id: @GeneratedValue(strategy = SEQUENCE) is not supported yet")
                .inFile(other).onLine(5);
    }

    @Test
    void unsupportedMappingsAreNamedOnTheirLine() {
        JavaFileObject file = lines("app.Order",
                "package app;",                                                   // 1
                "import jakarta.persistence.*;",                                  // 2
                "@Entity",                                                        // 3
                "public class Order {",                                           // 4
                "    @Id private long id;",                                       // 5
                "    @ManyToOne",                                                 // 6
                "    private Order parent;",                                      // 7
                "    @OneToMany private java.util.List<Order> children;",         // 8
                "    @ElementCollection private java.util.Set<String> tags;",     // 9
                "    @Embedded private Object address;",                          // 10
                "    @Lob private String body;",                                  // 11
                "    @Convert(disableConversion = true) private String coded;",   // 12
                "    @OneToOne private Order twin;",                              // 13
                "    @ManyToMany private java.util.Set<Order> peers;",            // 14
                "}");
        Compilation c = failsWith(List.of(file), "RT111", "RT111", "RT111", "RT111", "RT111", "RT111", "RT111", "RT111");
        assertThat(c).hadErrorContaining("[RT111] Order.parent: mapping @ManyToOne is not supported yet")
                .inFile(file).onLine(6);
        assertThat(c).hadErrorContaining("[RT111] Order.children: mapping @OneToMany").inFile(file).onLine(8);
        assertThat(c).hadErrorContaining("[RT111] Order.tags: mapping @ElementCollection").inFile(file).onLine(9);
        assertThat(c).hadErrorContaining("[RT111] Order.address: mapping @Embedded").inFile(file).onLine(10);
        assertThat(c).hadErrorContaining("[RT111] Order.body: mapping @Lob").inFile(file).onLine(11);
        assertThat(c).hadErrorContaining("[RT111] Order.coded: mapping @Convert").inFile(file).onLine(12);
        assertThat(c).hadErrorContaining("[RT111] Order.twin: mapping @OneToOne").inFile(file).onLine(13);
        assertThat(c).hadErrorContaining("[RT111] Order.peers: mapping @ManyToMany").inFile(file).onLine(14);
    }

    @Test
    void unsupportedKeysAndTableOptions() {
        JavaFileObject file = lines("app.Line",
                "package app;",                                                             // 1
                "import jakarta.persistence.*;",                                            // 2
                "@Entity",                                                                  // 3
                "@Table(name = \"line\", indexes = @Index(columnList = \"no\"))",           // 4
                "@IdClass(Line.Key.class)",                                                 // 5
                "public class Line {",                                                      // 6
                "    public static class Key { long order; int no; }",                      // 7
                "    @Id private long order;",                                              // 8
                "    @Id private int no;",                                                  // 9
                "    @EmbeddedId private Key key;",                                         // 10
                "}");
        Compilation c = failsWith(List.of(file), "RT111", "RT111", "RT111", "RT111");
        assertThat(c).hadErrorContaining("[RT111] Line: mapping @IdClass is not supported yet").inFile(file).onLine(5);
        assertThat(c).hadErrorContaining("[RT111] Line: mapping @Table(indexes)").inFile(file).onLine(4);
        assertThat(c).hadErrorContaining("[RT111] Line.no: mapping more than one @Id (a composite key)")
                .inFile(file).onLine(9);
        assertThat(c).hadErrorContaining("[RT111] Line.key: mapping @EmbeddedId").inFile(file).onLine(10);
    }

    @Test
    void unsupportedJavaType() {
        JavaFileObject file = lines("app.Event",
                "package app;",                                  // 1
                "import jakarta.persistence.*;",                 // 2
                "@Entity",                                       // 3
                "public class Event {",                          // 4
                "    @Id private long id;",                      // 5
                "    private java.util.Date happenedAt;",        // 6
                "    private Byte[] boxedBytes;",                // 7
                "}");
        Compilation c = failsWith(List.of(file), "RT112", "RT112");
        assertThat(c).hadErrorContaining("[RT112] Event.happenedAt: mapping Java type java.util.Date is not supported yet")
                .inFile(file).onLine(6);
        assertThat(c).hadErrorContaining("[RT112] Event.boxedBytes: mapping Java type java.lang.Byte[]")
                .inFile(file).onLine(7);
    }

    @Test
    void idOnFieldAndGetter() {
        JavaFileObject file = lines("app.Mixed",
                "package app;",                                            // 1
                "import jakarta.persistence.*;",                           // 2
                "@Entity",                                                 // 3
                "public class Mixed {",                                    // 4
                "    @Id private long id;",                                // 5
                "    @Id public long getOther() { return 0; }",            // 6
                "}");
        assertThat(failsWith(List.of(file), "RT107"))
                .hadErrorContaining("[RT107] entity Mixed has @Id on both a field and a getter").inFile(file).onLine(3);
    }

    @Test
    void twoMembersOnOneColumn() {
        JavaFileObject file = lines("app.Twice",
                "package app;",                                            // 1
                "import jakarta.persistence.*;",                           // 2
                "@Entity",                                                 // 3
                "public class Twice {",                                    // 4
                "    @Id private long id;",                                // 5
                "    private String name;",                                // 6
                "    @Column(name = \"NAME\") private String label;",      // 7
                "}");
        assertThat(failsWith(List.of(file), "RT108"))
                .hadErrorContaining("[RT108] Twice.label: column 'NAME' of table 'Twice' is already mapped by Twice.name")
                .inFile(file).onLine(7);
    }

    @Test
    void entityInheritance() {
        JavaFileObject parent = lines("app.Animal",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Animal { @Id private long id; }");
        JavaFileObject child = lines("app.Dog",
                "package app;",                                  // 1
                "import jakarta.persistence.*;",                 // 2
                "@Entity",                                       // 3
                "public class Dog extends Animal {",             // 4
                "    private String breed;",                     // 5
                "}");
        assertThat(failsWith(List.of(parent, child), "RT113"))
                .hadErrorContaining("[RT113] entity Dog extends entity Animal: entity inheritance is not supported yet")
                .inFile(child).onLine(3);
    }

    @Test
    void unknownNamingOption() {
        Compilation c = failsWith(List.of("-Aretort.naming=kebab"), List.of(), "RT101");
        assertThat(c).hadErrorContaining("[RT101] unknown -Aretort.naming=kebab; use jpa (the default), spring or snake");
    }

    @Test
    void everyBadEntityIsReportedInOneCompilation() {
        JavaFileObject a = lines("app.A",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class A { @Id private long id; @Column(length = -5) private String s; }");
        JavaFileObject z = lines("app.Z",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Z { private String noId; }");
        Compilation c = failsWith(List.of(z, a), "RT104", "RT102");
        assertThat(c).hadErrorContaining("[RT104]").inFile(a).onLine(4);
        assertThat(c).hadErrorContaining("[RT102]").inFile(z).onLine(3);
    }

    @Test
    void unresolvedTypeIsLeftToJavac() {
        JavaFileObject file = lines("app.Broken",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Broken { @Id private long id; private Missing thing; }");
        Compilation c = compile(file, VALID);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("cannot find symbol").inFile(file).onLine(4);
        assertTrue(c.errors().stream().noneMatch(d -> d.getMessage(Locale.ROOT).contains("[RT")), c.errors()::toString);
    }

    @Test
    void writeFailureIsReportedNotThrown() {
        // a second processor instance tries to create the same resource: the Filer refuses it
        Compilation c = Compiler.javac().withProcessors(new RetortProcessor(), new RetortProcessor()).compile(VALID);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[RT109] cannot write the schema snapshot META-INF/retort/schema.json");
        assertEquals(1, c.errors().size());
        assertTrue(c.diagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
                && d.getMessage(Locale.ROOT).contains("[RT100]")));
    }
}
