package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole snapshot file for one small entity, written by hand from the mapping rules and the
 * file format (properties sorted, defaults left out, two-space indent, trailing newline).
 * Update it deliberately when a rule changes, never by pasting the output.
 */
class GoldenSnapshotTest {

    private static final String TAG = """
            package app;

            import jakarta.persistence.*;
            import java.math.BigDecimal;

            @Entity
            public class Tag {
                @Id
                @GeneratedValue(strategy = GenerationType.IDENTITY)
                private Long id;

                @Column(nullable = false, unique = true, length = 40)
                private String label;

                private int weight;

                private BigDecimal price;
            }
            """;

    @Test
    void smallEntity() {
        Compilation compilation = Fixtures.compile(Fixtures.source("app.Tag", TAG));
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals("""
                {
                  "format": 1,
                  "naming": "jpa",
                  "tables": [
                    {
                      "columns": [
                        {
                          "autoIncrement": true,
                          "name": "id",
                          "source": "Tag.id",
                          "type": {
                            "kind": "BIGINT"
                          }
                        },
                        {
                          "name": "label",
                          "source": "Tag.label",
                          "type": {
                            "kind": "VARCHAR",
                            "length": 40
                          }
                        },
                        {
                          "name": "weight",
                          "source": "Tag.weight",
                          "type": {
                            "kind": "INTEGER"
                          }
                        },
                        {
                          "name": "price",
                          "nullable": true,
                          "source": "Tag.price",
                          "type": {
                            "kind": "DECIMAL",
                            "precision": 38,
                            "scale": 2
                          }
                        }
                      ],
                      "indexes": [
                        {
                          "columns": [
                            "label"
                          ],
                          "name": "uk_tag_label",
                          "source": "Tag.label",
                          "unique": true
                        }
                      ],
                      "name": "Tag",
                      "primaryKey": [
                        "id"
                      ],
                      "source": "Tag"
                    }
                  ]
                }
                """, Fixtures.snapshotText(compilation).orElseThrow());
    }

    /** The snapshot says which naming made its names, so the goals can compare it with the application's configuration. */
    @Test
    void recordsTheNamingOption() {
        for (String naming : List.of("jpa", "spring", "snake")) {
            Compilation compilation =
                    Fixtures.compile(List.of("-Aretort.naming=" + naming), Fixtures.source("app.Tag", TAG));
            assertThat(compilation).succeededWithoutWarnings();
            String text = Fixtures.snapshotText(compilation).orElseThrow();
            assertEquals(
                    "{\n  \"format\": 1,\n  \"naming\": \"" + naming + "\",\n  \"tables\": [",
                    text.substring(0, text.indexOf('[') + 1));
        }
    }
}
