package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Stage three: the snapshot resource, written once when processing is over, and beside it the list
 * of the entities and converters it was made from ({@code META-INF/retort/entities}), which lets a
 * partial compile tell which entities it did not see. Bytes are UTF-8 whatever the platform
 * encoding, so the same entities give the same files everywhere.
 */
final class Snapshots {

    /** One qualified class name a line: {@code entity a.b.C} or {@code converter a.b.D}. */
    static final String ENTITIES = "META-INF/retort/entities";

    private static final String ENTITY = "entity ";
    private static final String CONVERTER = "converter ";

    /** What the class output held before this compilation; empty when nothing. */
    record Previous(List<String> entities, List<String> converters) {
        static final Previous NONE = new Previous(List.of(), List.of());
    }

    private Snapshots() {}

    static Previous read(Filer filer) {
        Optional<String> list = text(filer, ENTITIES);
        if (list.isEmpty()) {
            return Previous.NONE;
        }
        List<String> entities = new ArrayList<>();
        List<String> converters = new ArrayList<>();
        for (String line : list.get().split("\n")) {
            if (line.startsWith(ENTITY)) {
                entities.add(line.substring(ENTITY.length()).trim());
            } else if (line.startsWith(CONVERTER)) {
                converters.add(line.substring(CONVERTER.length()).trim());
            }
        }
        return new Previous(entities, converters);
    }

    /** The previous snapshot, read only when a partial compile needs its rename hints. */
    static Schema previousSchema(Filer filer) {
        try {
            return text(filer, SchemaJson.RESOURCE).map(SchemaJson::read).orElse(Schema.EMPTY);
        } catch (IllegalArgumentException e) {
            return Schema.EMPTY;
        }
    }

    private static Optional<String> text(Filer filer, String resource) {
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", resource);
            try (InputStream in = file.openInputStream()) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    static void write(
            Filer filer,
            Schema schema,
            Naming naming,
            Collection<String> entities,
            Collection<String> converters,
            Element... originatingElements)
            throws IOException {
        FileObject snapshot =
                filer.createResource(StandardLocation.CLASS_OUTPUT, "", SchemaJson.RESOURCE, originatingElements);
        try (Writer out = new OutputStreamWriter(snapshot.openOutputStream(), StandardCharsets.UTF_8)) {
            SnapshotJson.write(schema, naming.option(), out);
        }
        StringBuilder list = new StringBuilder();
        for (String e : entities) {
            list.append(ENTITY).append(e).append('\n');
        }
        for (String c : converters) {
            list.append(CONVERTER).append(c).append('\n');
        }
        write(filer, ENTITIES, list.toString(), originatingElements);
    }

    private static void write(Filer filer, String resource, String text, Element... originatingElements)
            throws IOException {
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", resource, originatingElements);
        try (OutputStream out = file.openOutputStream()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code @RenamedFrom} is a source annotation: an entity read back from its class file has lost
     * it. Its tables and columns keep the hints the previous snapshot recorded.
     */
    static Schema keepRenameHints(Schema schema, Schema previous, Set<String> carried, Elements elements) {
        Set<String> simpleNames = carried.stream()
                .map(elements::getTypeElement)
                .map(t -> ((TypeElement) t).getSimpleName().toString())
                .collect(Collectors.toSet());
        List<Table> tables = new ArrayList<>();
        for (Table t : schema.tables()) {
            Table old = previous.table(t.name()).orElse(null);
            if (old == null) {
                tables.add(t);
                continue;
            }
            if (t.renamedFrom() == null && old.renamedFrom() != null && simpleNames.contains(t.source())) {
                t = new Table(
                        t.name(),
                        t.columns(),
                        t.primaryKey(),
                        t.indexes(),
                        t.foreignKeys(),
                        t.checks(),
                        t.source(),
                        old.renamedFrom());
            }
            List<Column> columns = new ArrayList<>();
            for (Column c : t.columns()) {
                Column was = old.column(c.name()).orElse(null);
                boolean fromCarried =
                        c.source() != null && simpleNames.contains(c.source().split("\\.")[0]);
                if (was != null && c.renamedFrom() == null && was.renamedFrom() != null && fromCarried) {
                    c = new Column(
                            c.name(),
                            c.type(),
                            c.nullable(),
                            c.autoIncrement(),
                            c.defaultValue(),
                            c.comment(),
                            c.source(),
                            was.renamedFrom(),
                            c.absentOn());
                }
                columns.add(c);
            }
            tables.add(t.withColumns(columns));
        }
        return schema.with(tables, schema.sequences());
    }
}
