package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import dev.retort.core.model.SchemaJson;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code jakarta.persistence} and {@code javax.persistence} entities give the same snapshot. */
class NamespaceTest {

    private static final String BASE = """
            package app;
            import jakarta.persistence.*;
            @MappedSuperclass
            public abstract class Base {
                @Id @GeneratedValue(strategy = GenerationType.IDENTITY) private Long id;
                private java.time.LocalDateTime createdAt;
            }
            """;
    private static final String ORDER = """
            package app;
            import jakarta.persistence.*;
            @Entity(name = "PurchaseOrder")
            @Table(name = "purchase_order")
            public class Order extends Base {
                @Column(nullable = false, unique = true, length = 32) private String number;
                @Column(precision = 12, scale = 2) private java.math.BigDecimal total;
                @Enumerated(EnumType.STRING) private State state;
                @Basic(optional = false) private java.time.LocalDate placedOn;
                @Transient private String note;
                public enum State { OPEN, PAID, SHIPPED }
            }
            """;

    private static String snapshot(String namespace) {
        JavaFileObject base = Fixtures.source("app.Base", BASE.replace("jakarta.persistence", namespace));
        JavaFileObject order = Fixtures.source("app.Order", ORDER.replace("jakarta.persistence", namespace));
        Compilation compilation = Fixtures.compile(base, order);
        assertThat(compilation).succeededWithoutWarnings();
        return Fixtures.snapshotText(compilation).orElseThrow();
    }

    @Test
    void javaxAndJakartaGiveTheSameBytes() {
        String jakarta = snapshot("jakarta.persistence");
        assertEquals(jakarta, snapshot("javax.persistence"));
        assertEquals(
                6,
                SchemaJson.read(jakarta)
                        .table("purchase_order")
                        .orElseThrow()
                        .columns()
                        .size());
    }

    @Test
    void otherPackagesNamedEntityAreIgnored() {
        Compilation compilation =
                Fixtures.compile(Fixtures.source("other.Entity", """
                        package other;
                        public @interface Entity { }
                        """), Fixtures.source("app.NotJpa", """
                        package app;
                        @other.Entity
                        public class NotJpa { private java.util.Date when; }
                        """));
        assertThat(compilation).succeededWithoutWarnings();
        Optional<String> text = Fixtures.snapshotText(compilation);
        assertFalse(text.isPresent());
    }
}
