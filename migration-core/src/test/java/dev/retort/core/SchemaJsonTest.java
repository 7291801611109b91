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
import java.util.Set;
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

    /** Arrays and national types round-trip; a type without the new fields writes and reads as before. */
    @Test
    void arraysAndNationalTypesRoundTripAndOldFilesReadTheSame() {
        Table typed = new Table(
                "typed",
                List.of(
                        new Column("id", binary(16), false, false, null),
                        new Column("tags", array(varchar(40)), true, false, null),
                        new Column("colors", array(enumOf("RED", "GREEN")), true, false, null),
                        new Column("name", varchar(60).asNational(), true, false, null),
                        new Column("doc", xml(), true, false, null),
                        new Column("ratio", sqlReal(), true, false, null),
                        new Column("seen", timestampTzNative(3), true, false, null),
                        new Column("elapsed", intervalSecond(), true, false, null),
                        new Column("budget", intervalSecond(10, 3), true, false, null)),
                List.of("id"),
                List.of(),
                null);
        String json = SchemaJson.write(new Schema(List.of(typed)));
        assertEquals(new Schema(List.of(typed)), SchemaJson.read(json));
        assertTrue(json.contains("\"element\": {"), json);
        assertTrue(json.contains("\"national\": true"), json);
        String old = "{\"format\": 1, \"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"id\","
                + " \"type\": {\"kind\": \"VARCHAR\", \"length\": 40}}]}]}";
        assertEquals(
                varchar(40),
                SchemaJson.read(old).tables().get(0).columns().get(0).type());
        assertFalse(SchemaJson.write(sample()).contains("national"));
        assertFalse(SchemaJson.write(sample()).contains("element"));
    }

    /** User-defined types round-trip, their attributes in the type's order; a schema without any writes none. */
    @Test
    void structTypesRoundTripInAttributeOrder() {
        dev.retort.core.model.UserType point = new dev.retort.core.model.UserType(
                "geo_point",
                List.of(
                        new Column("y", doublePrecision(), true, false, null),
                        new Column("x", doublePrecision(), true, false, null)),
                "Venue.Point");
        Schema schema = new Schema(
                List.of(new Table(
                        "venue",
                        List.of(
                                new Column("id", bigint(), false, false, null),
                                new Column("at", struct("geo_point"), true, false, null)),
                        List.of("id"),
                        List.of(),
                        null)),
                List.of(),
                List.of(point));
        String json = SchemaJson.write(schema);
        assertTrue(json.contains("\"types\": ["), json);
        Schema back = SchemaJson.read(json);
        assertEquals(schema, back);
        assertEquals(
                List.of("y", "x"),
                back.types().get(0).attributes().stream().map(Column::name).toList());
        assertEquals(json, SchemaJson.write(back));
        assertFalse(SchemaJson.write(sample()).contains("\"types\""));
    }

    /**
     * A column absent on some databases ({@code @TimeZoneStorage(AUTO)}'s offset column, none on H2) keeps
     * that through the file; an ordinary column writes no such field, so older files read the same.
     */
    @Test
    void aColumnAbsentOnSomeDatabasesRoundTrips() {
        Table zoned = new Table(
                "zoned",
                List.of(
                        new Column("id", bigint(), false, false, null),
                        new Column("due", timestampTz(6), false, false, null),
                        new Column("due_tz", integer(), false, false, null, null, "Zoned.due", null, Set.of("H2"))),
                List.of("id"),
                List.of(),
                null);
        String json = SchemaJson.write(new Schema(List.of(zoned)));
        assertTrue(json.contains("\"absentOn\": [\n            \"h2\"\n          ]"), json);
        assertEquals(1, json.split("absentOn", -1).length - 1, json);
        Schema back = SchemaJson.read(json);
        assertEquals(new Schema(List.of(zoned)), back);
        assertEquals(
                Set.of("h2"),
                back.tables().get(0).column("due_tz").orElseThrow().absentOn());
        assertEquals(json, SchemaJson.write(back));
        // as the database has it: H2 without the column, PostgreSQL with a plain one
        assertEquals(
                List.of("id", "due"),
                back.on("h2").tables().get(0).columns().stream()
                        .map(Column::name)
                        .toList());
        assertEquals(
                Set.of(),
                back.on("postgresql")
                        .tables()
                        .get(0)
                        .column("due_tz")
                        .orElseThrow()
                        .absentOn());
        assertFalse(SchemaJson.write(sample()).contains("absentOn"));
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
