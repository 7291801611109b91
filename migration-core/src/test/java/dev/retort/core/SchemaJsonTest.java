package dev.retort.core;

import static dev.retort.migration.Types.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Table;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaJsonTest {

    static Schema sample() {
        Table user = new Table(
                "app_user",
                List.of(
                        new Column("id", bigint(), false, true, "User.id"),
                        new Column("email", varchar(120), false, false, "User.email"),
                        new Column("status", enumOf("ACTIVE", "BLOCKED"), true, false, "User.status"),
                        new Column("balance", decimal(12, 2), true, false, null)),
                List.of("id"),
                List.of(new Index("uk_app_user_email", List.of("email"), true, "User.email")),
                "User");
        Table audit = new Table(
                "aaa_audit", List.of(new Column("id", bigint(), false, false, null)), List.of("id"), List.of(), null);
        return new Schema(List.of(user, audit));
    }

    @Test
    void writesSortedTwoSpaceJsonWithTrailingNewline() {
        String json = SchemaJson.write(sample());
        assertTrue(json.endsWith("}\n"), json);
        assertFalse(json.contains("\r"));
        assertTrue(json.startsWith("{\n  \"format\": 1,\n  \"tables\": ["), json);
        // tables sorted by name, whatever the input order: aaa_audit before app_user
        assertTrue(json.indexOf("\"app_user\"") > json.indexOf("\"aaa_audit\""));
        // defaults (false, 0, null, empty) are left out
        assertFalse(json.contains("\"length\": 0"));
        assertFalse(json.contains(": null"));
        assertTrue(json.contains("\"values\": [\n"), json);
    }

    @Test
    void roundTripsAndIsByteIdentical() {
        String first = SchemaJson.write(sample());
        Schema back = SchemaJson.read(first);
        assertEquals(sample(), back);
        assertEquals(first, SchemaJson.write(back));
    }

    @Test
    void recordsTheNamingBesideTheFormat() {
        String json = SchemaJson.write(sample(), "snake");
        assertTrue(json.startsWith("{\n  \"format\": 1,\n  \"naming\": \"snake\",\n  \"tables\": ["), json);
        SchemaJson.Snapshot back =
                SchemaJson.readSnapshot(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("snake", back.naming());
        assertEquals(sample(), back.schema());
        assertEquals(json, SchemaJson.write(back.schema(), back.naming()));
    }

    @Test
    void aFileWithoutNamingReadsAsNotRecorded() {
        String json = SchemaJson.write(sample());
        assertFalse(json.contains("naming"), json);
        assertNull(SchemaJson.readSnapshot(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                .naming());
    }

    @Test
    void rejectsAnotherFormat() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SchemaJson.read("{\"format\": 99, \"tables\": []}"));
        assertTrue(e.getMessage().contains("format 99"), e.getMessage());
    }
}
