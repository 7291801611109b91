package dev.retort.processor;

import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Stage three: the snapshot resource, written once when processing is over. Bytes are UTF-8
 * whatever the platform encoding, so the same entities give the same file everywhere.
 */
final class SnapshotWriter {

    private SnapshotWriter() {
    }

    static void write(Filer filer, Schema schema, Element... originatingElements) throws IOException {
        FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", SchemaJson.RESOURCE, originatingElements);
        try (OutputStream out = file.openOutputStream()) {
            out.write(SchemaJson.write(schema).getBytes(StandardCharsets.UTF_8));
        }
    }
}
