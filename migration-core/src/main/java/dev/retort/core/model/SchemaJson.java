package dev.retort.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The snapshot file format ({@code META-INF/retort/schema.json}): deterministic JSON, properties
 * sorted, two-space indent, {@code \n} line endings and a trailing newline, so the same model gives
 * the same bytes on every machine and a snapshot diff in review shows only real changes.
 */
public final class SchemaJson {

    /** Where the processor writes the snapshot and where the plugin looks for it. */
    public static final String RESOURCE = "META-INF/retort/schema.json";

    /** Bumped when the file format changes incompatibly. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_DEFAULT)
            .build();

    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private SchemaJson() {}

    /**
     * The file's top-level object. {@code naming} was added within format 1: readers that predate it
     * ignore it, and a file without it reads as "naming not recorded". {@code types} (user-defined types,
     * PostgreSQL's composite types) was added within format 1 too, and is left out when there are none.
     */
    record SnapshotFile(
            int format, String naming, List<Table> tables, List<Sequence> sequences, List<UserType> types) {}

    /**
     * A snapshot file as read: the schema and the {@code -Aretort.naming} value the processor built
     * it with ({@code jpa}, {@code spring}, {@code snake}), or null when the file does not record it
     * (written by a processor that predates the field, or by hand).
     */
    public record Snapshot(Schema schema, String naming) {}

    public static String write(Schema schema) {
        return write(schema, null);
    }

    /** The file for {@code schema}, recording the naming it was built with (left out when null). */
    public static String write(Schema schema, String naming) {
        try {
            return MAPPER.writer(PRINTER)
                            .writeValueAsString(new SnapshotFile(
                                    FORMAT, naming, schema.tables(), schema.sequences(), schema.types()))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise schema", e);
        }
    }

    public static Schema read(String json) {
        try {
            return check(MAPPER.readValue(json, SnapshotFile.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Retort schema snapshot: " + e.getOriginalMessage(), e);
        }
    }

    public static Schema read(InputStream in) {
        return readSnapshot(in).schema();
    }

    /** The schema and the naming the file records. */
    public static Snapshot readSnapshot(InputStream in) {
        try {
            return snapshot(MAPPER.readValue(in, SnapshotFile.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Retort schema snapshot: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema check(SnapshotFile file) {
        return snapshot(file).schema();
    }

    private static Snapshot snapshot(SnapshotFile file) {
        if (file.format() != FORMAT) {
            throw new IllegalArgumentException(
                    "schema snapshot format " + file.format() + " is not supported by this Retort (expects " + FORMAT
                            + "); rebuild with the same Retort version");
        }
        return new Snapshot(new Schema(file.tables(), file.sequences(), file.types()), file.naming());
    }
}
