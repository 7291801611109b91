package dev.retort.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.SchemaJson;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Types;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The processor's own snapshot writer gives the very bytes of the core's Jackson-based codec. */
class SnapshotJsonTest {

    @Test
    void sameBytesAsSchemaJson() {
        Table customer = new Table(
                "Customer",
                List.of(
                        new Column("id", Types.bigint(), false, true, null, null, "Customer.id", null),
                        new Column(
                                "name",
                                Types.varchar(100),
                                true,
                                false,
                                "'n/a'",
                                "the \"full\" name\\\n\ttab",
                                "Customer.name",
                                "fullName"),
                        new Column("status", Types.enumOf(20, "NEW", "OLD"), true, false, null),
                        new Column("price", Types.decimal(38, 2), true, false, "0", null, null, null),
                        new Column("body", Types.custom("text"), false, false, null),
                        new Column("unicode", Types.varchar(10), true, false, null, "naïve ünïcode €", null, null),
                        // @TimeZoneStorage(AUTO)'s offset column: none on H2
                        new Column(
                                "seen_tz",
                                Types.integer(),
                                true,
                                false,
                                null,
                                null,
                                "Customer.seen",
                                null,
                                java.util.Set.of("h2", "mysql"))),
                List.of("id"),
                List.of(
                        new Index("uk_customer_name", List.of("name"), true, "Customer.name"),
                        new Index("idx_customer_status", List.of("status", "name"), false, null)),
                List.of(new ForeignKey(
                        "fk_customer_self",
                        List.of("id"),
                        "Customer",
                        List.of("id"),
                        ReferentialAction.CASCADE,
                        ReferentialAction.NO_ACTION,
                        "Customer.self")),
                List.of(new Check("ck_customer_status", "status in ('NEW','OLD')", null)),
                "Customer",
                "Client");
        Table empty = new Table(
                "Empty", List.of(new Column("id", Types.integer(), false, false, null)), List.of(), List.of(), null);
        for (Schema schema : List.of(
                Schema.EMPTY,
                new Schema(List.of(empty)),
                new Schema(
                        List.of(customer, empty),
                        List.of(new Sequence("s", 1, 50, "Customer.id"), new Sequence("t", 0, -1, null))))) {
            assertEquals(SchemaJson.write(schema), SnapshotJson.write(schema));
            for (Naming naming : Naming.values()) {
                assertEquals(SchemaJson.write(schema, naming.option()), SnapshotJson.write(schema, naming.option()));
            }
        }
    }

    @Test
    void sameBytesForWhatTheFixturesMap() {
        for (String fixture : List.of("basics", "keys", "inheritance", "associations")) {
            Schema schema = dev.retort.processor.hibernate.FixtureSnapshots.snapshot(fixture, "jpa");
            assertEquals(SchemaJson.write(schema), SnapshotJson.write(schema), fixture);
        }
    }

    /** A component added to a model record must be added to the writer's list too (or it goes missing). */
    @Test
    void everyComponentOfEveryModelRecordIsWrittenInNameOrder() {
        for (Record r : List.<Record>of(
                new Table(
                        "t",
                        List.of(new Column("id", Types.integer(), false, false, null)),
                        List.of(),
                        List.of(),
                        null),
                new Column("id", Types.integer(), false, false, null),
                Types.varchar(10),
                new Index("i", List.of("id"), false, null),
                new ForeignKey(
                        "f",
                        List.of("a"),
                        "t",
                        List.of("id"),
                        ReferentialAction.CASCADE,
                        ReferentialAction.CASCADE,
                        null),
                new Check("c", "id > 0", null),
                new Sequence("s", 1, 1, null))) {
            List<String> written = new ArrayList<>();
            Object[] properties = SnapshotJson.properties(r);
            for (int i = 0; i < properties.length; i += 2) {
                written.add((String) properties[i]);
            }
            List<String> components = Arrays.stream(r.getClass().getRecordComponents())
                    .map(RecordComponent::getName)
                    .sorted()
                    .toList();
            assertEquals(components, written, r.getClass().getSimpleName());
        }
        assertEquals(ColumnType.class, Types.varchar(10).getClass());
    }
}
