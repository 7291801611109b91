package dev.retort.processor;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every diagnostic id has its entry in {@code docs/mapping.md}, where users look up what it means and the workaround. */
class MessageDocsTest {

    @Test
    void everyDiagnosticHasAnAnchorInTheMappingPage() throws Exception {
        Path page = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .resolve("../docs/mapping.md")
                .normalize();
        assertTrue(Files.isRegularFile(page), "no " + page);
        String text = Files.readString(page);
        List<String> missing = new ArrayList<>();
        for (Message m : Message.values()) {
            if (!text.contains("<a id=\"" + m.id() + "\"></a>")) {
                missing.add(m.id());
            }
        }
        assertEquals(List.of(), missing, "diagnostics without <a id=\"RTnnn\"></a> in docs/mapping.md");
    }
}
