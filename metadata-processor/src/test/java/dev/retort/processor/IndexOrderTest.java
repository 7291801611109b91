package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Fixtures.source;
import static dev.retort.processor.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code @Index(columnList = "a desc, b")}: Hibernate creates the index with the column descending, and
 * the snapshot records it; an index without {@code desc} is written as before (no {@code descending}).
 */
class IndexOrderTest {

    @Test
    void aDescendingColumnIsRecordedAndAnAscendingIndexIsWrittenAsBefore() {
        Compilation c = Fixtures.compile(List.of(), source("app.Post", """
                package app;
                import jakarta.persistence.*;
                @Entity
                @Table(indexes = {@Index(name = "recent", columnList = "createdAt DESC, id"),
                    @Index(name = "by_title", columnList = "title asc"), @Index(name = "by_rank", columnList = "rank")})
                public class Post { @Id long id; long createdAt; String title; int rank; }
                """));
        assertThat(c).succeededWithoutWarnings();
        String json = Fixtures.snapshotText(c).orElseThrow();
        Schema schema = SchemaJson.read(json);
        Index recent = table(schema, "Post").index("recent").orElseThrow();
        assertEquals(List.of("createdAt", "id"), recent.columns());
        assertEquals(List.of("createdAt"), recent.descending());
        assertEquals(
                List.of(), table(schema, "Post").index("by_title").orElseThrow().descending());
        assertTrue(json.contains("\"descending\": [\n"), json);
        // only the descending index carries the field
        assertEquals(1, json.split("\"descending\"", -1).length - 1, json);
        assertFalse(json.contains("DESC"), json);
    }
}
