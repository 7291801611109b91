package dev.retort.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The jar documents every retort.* property for IDEs, with the defaults the code uses. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribedWithItsDefault() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        Map<String, String> defaults = new TreeMap<>();
        for (JsonNode p : metadata.get("properties")) {
            assertEquals(false, p.path("description").asText().isBlank(), p.toString());
            defaults.put(
                    p.get("name").asText(),
                    p.has("defaultValue") ? p.get("defaultValue").toString() : null);
        }
        Map<String, String> expected = new TreeMap<>();
        expected.put("retort.allow-data-loss", "false");
        expected.put("retort.copy-row-limit", "10000");
        expected.put("retort.ddl-lock-wait", null);
        expected.put("retort.ddl-retry-budget", "\"60s\"");
        expected.put("retort.enabled", "true");
        expected.put("retort.lock-wait", "\"60s\"");
        expected.put("retort.online-copy", "\"off\"");
        expected.put("retort.online-copy-chunk", "100");
        expected.put("retort.online-copy-engine", "\"retort\"");
        expected.put("retort.online-copy-feed", "\"triggers\"");
        expected.put("retort.online-copy-max-threads-running", "25");
        expected.put("retort.online-copy-replicas", null);
        expected.put("retort.online-copy-max-replica-lag", "1");
        expected.put("retort.online-copy-verify", "true");
        expected.put("retort.online-copy-throttle", "2"); // 2.0, as the processor writes it
        expected.put("retort.package", "[\"db.migration\"]");
        expected.put("retort.password", null);
        expected.put("retort.safety", "\"error\"");
        expected.put("retort.safety-rules", null);
        expected.put("retort.target", "\"head\"");
        expected.put("retort.tenants", null);
        expected.put("retort.tenants.fail-fast", "false");
        expected.put("retort.tenants.parallel", "1");
        expected.put("retort.tenants.query", null);
        expected.put("retort.url", null);
        expected.put("retort.user", null);
        assertEquals(expected, defaults);
    }
}
