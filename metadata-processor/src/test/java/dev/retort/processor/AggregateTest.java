package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Fixtures.column;
import static dev.retort.processor.Fixtures.compile;
import static dev.retort.processor.Fixtures.lines;
import static dev.retort.processor.Fixtures.snapshot;
import static dev.retort.processor.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.retort.core.model.Column;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Embeddables Hibernate stores as one aggregate column: a JSON one is one column; what Retort does not
 * capture yet (checks inside the JSON, XML and struct aggregates) is refused on its line, with the way
 * forward. What Hibernate's export declares for the JSON column is compared in {@code HibernateComparisonTest}
 * (fixture {@code types/Profiled}).
 */
class AggregateTest {

    private static final JavaFileObject PLACE = lines(
            "app.Place",
            "package app;",
            "import jakarta.persistence.*;",
            "@Embeddable public class Place { String street; Integer zip; }");

    @Test
    void jsonAggregateIsOneNullableJsonColumn() {
        Table person = table(
                snapshot(
                        PLACE,
                        lines(
                                "app.Person",
                                "package app;",
                                "import jakarta.persistence.*;",
                                "import org.hibernate.annotations.JdbcTypeCode;",
                                "import org.hibernate.type.SqlTypes;",
                                "@Entity public class Person { @Id long id;",
                                "  @Embedded @JdbcTypeCode(SqlTypes.JSON) Place home;",
                                "  @Embedded Place postal; }")),
                "Person");
        assertEquals(
                List.of("id", "home", "street", "zip"),
                person.columns().stream().map(Column::name).toList());
        Column home = column(person, "home");
        assertEquals(ColumnType.Kind.JSON, home.type().kind());
        assertEquals(true, home.nullable());
    }

    @Test
    void whatRetortCannotCaptureIsRefusedOnItsLine() {
        JavaFileObject file = lines(
                "app.Shop",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import org.hibernate.annotations.JdbcTypeCode;", // 3
                "import org.hibernate.type.SqlTypes;", // 4
                "@Entity public class Shop { @Id long id;", // 5
                "  @Embeddable public static class Strict { @Column(nullable = false) String code; }", // 6
                "  @Embeddable public static class Kinded { Kind kind; }", // 7
                "  public enum Kind { A, B }", // 8
                "  @org.hibernate.annotations.Struct(name = \"box_t\")", // 9
                "  @Embeddable public static class Box { String label; }", // 10
                "  @JdbcTypeCode(SqlTypes.JSON) Strict strict;", // 11
                "  @JdbcTypeCode(SqlTypes.JSON) Kinded kinded;", // 12
                "  @JdbcTypeCode(SqlTypes.SQLXML) Kinded xml;", // 13
                "  Box box;", // 14
                "  String ok; }");
        Compilation c = compile(file);
        assertThat(c).failed();
        assertEquals(4, c.errors().size(), () -> c.errors().toString());
        assertThat(c)
                .hadErrorContaining("[RT111] Shop.strict: mapping an embeddable stored as JSON with a constrained"
                        + " attribute (code) is not supported yet; Hibernate checks its not-null and enum"
                        + " attributes inside the JSON")
                .inFile(file)
                .onLine(11);
        assertThat(c)
                .hadErrorContaining(
                        "[RT111] Shop.kinded: mapping an embeddable stored as JSON with a constrained" + " attribute")
                .inFile(file)
                .onLine(12);
        assertThat(c)
                .hadErrorContaining("[RT111] Shop.xml: mapping an embeddable stored as XML is not supported yet;"
                        + " Hibernate stores it so on PostgreSQL only")
                .inFile(file)
                .onLine(13);
        assertThat(c)
                .hadErrorContaining("[RT111] Shop.box: mapping @Struct on Box is not supported yet; Hibernate builds"
                        + " a struct type on PostgreSQL only")
                .inFile(file)
                .onLine(14);
    }
}
