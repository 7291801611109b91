package dev.retort.processor;

import static dev.retort.migration.Types.bigint;
import static dev.retort.migration.Types.bool;
import static dev.retort.migration.Types.date;
import static dev.retort.migration.Types.decimal;
import static dev.retort.migration.Types.doublePrecision;
import static dev.retort.migration.Types.enumOf;
import static dev.retort.migration.Types.fixedChar;
import static dev.retort.migration.Types.integer;
import static dev.retort.migration.Types.intervalSecond;
import static dev.retort.migration.Types.real;
import static dev.retort.migration.Types.smallint;
import static dev.retort.migration.Types.time;
import static dev.retort.migration.Types.timestamp;
import static dev.retort.migration.Types.timestampTz;
import static dev.retort.migration.Types.tinyint;
import static dev.retort.migration.Types.uuid;
import static dev.retort.migration.Types.varbinary;
import static dev.retort.migration.Types.varchar;
import static dev.retort.processor.Fixtures.column;
import static dev.retort.processor.Fixtures.columnNames;
import static dev.retort.processor.Fixtures.snapshot;
import static dev.retort.processor.Fixtures.source;
import static dev.retort.processor.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Fixture entities in, snapshot model out: the Hibernate default mapping rules, one by one. */
class MappingTest {

    @Test
    void tableNameComesFromTableThenEntityNameThenSimpleName() {
        Schema schema = snapshot(source("app.Plain", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        public class Plain { @Id private long id; }
                        """), source("app.Named", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity(name = "NamedEntity")
                        public class Named { @Id private long id; }
                        """), source("app.Both", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity(name = "ignored")
                        @Table(name = "app_both")
                        public class Both { @Id private long id; }
                        """));
        assertEquals(
                List.of("NamedEntity", "Plain", "app_both"),
                schema.tables().stream().map(Table::name).sorted().toList());
        assertEquals("Both", table(schema, "app_both").source());
    }

    /**
     * Join and collection tables list their key columns as Hibernate 7 does (its DDL for these very
     * entities: {@code primary key (specialty_id, vet_id)}, {@code (position, Vet_id)},
     * {@code (Vet_id, scores_KEY)}, {@code (Pair_aid, friends_aid, Pair_zcode, friends_zcode)}):
     * by storage size, then by name.
     */
    @Test
    void joinAndCollectionTableKeysInHibernatesOrder() {
        Schema schema = snapshot(source("app.Vet", """
                        package app;
                        import jakarta.persistence.*;
                        import java.util.*;
                        @Entity
                        public class Vet {
                            @Id private Long id;
                            @ManyToMany @JoinTable(name = "vet_specialties", joinColumns = @JoinColumn(name = "vet_id"),
                                    inverseJoinColumns = @JoinColumn(name = "specialty_id"))
                            private Set<Specialty> specialties;
                            @ManyToMany @OrderColumn(name = "position") private List<Specialty> ranked;
                            @ElementCollection private Map<String, Integer> scores;
                        }
                        """), source("app.Specialty", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        public class Specialty { @Id private Integer id; }
                        """), source("app.Pair", """
                        package app;
                        import jakarta.persistence.*;
                        import java.util.*;
                        @Entity @IdClass(Pair.Key.class)
                        public class Pair {
                            public static class Key implements java.io.Serializable { String zcode; Long aid; }
                            @Id private String zcode;
                            @Id private Long aid;
                            @ManyToMany private Set<Pair> friends;
                        }
                        """));
        assertEquals(
                List.of("specialty_id", "vet_id"),
                table(schema, "vet_specialties").primaryKey());
        assertEquals(
                List.of("position", "Vet_id"), table(schema, "Vet_Specialty").primaryKey());
        assertEquals(
                List.of("Vet_id", "scores_KEY"), table(schema, "Vet_scores").primaryKey());
        assertEquals(
                List.of("Pair_aid", "friends_aid", "Pair_zcode", "friends_zcode"),
                table(schema, "Pair_Pair").primaryKey());
    }

    /**
     * {@code INTERVAL_SECOND} on a {@code Duration}: Hibernate's defaults unless {@code @Column} states a
     * precision, whose scale then counts too (a scale alone Hibernate ignores), as its export shows
     * ({@code intervals} in {@code HibernateComparisonTest}).
     */
    @Test
    void intervalSecondOnADurationTakesAPrecisionAndItsScale() {
        Table timed = table(snapshot(source("app.Timed", """
                        package app;
                        import jakarta.persistence.*;
                        import org.hibernate.annotations.JdbcTypeCode;
                        import org.hibernate.type.SqlTypes;
                        @Entity
                        public class Timed {
                            @Id private long id;
                            @JdbcTypeCode(SqlTypes.INTERVAL_SECOND) private java.time.Duration elapsed;
                            @JdbcTypeCode(SqlTypes.INTERVAL_SECOND) @Column(precision = 10, scale = 3)
                            private java.time.Duration budget;
                            @JdbcTypeCode(SqlTypes.INTERVAL_SECOND) @Column(scale = 2) private java.time.Duration grace;
                            private java.time.Duration plain;
                        }
                        """)), "Timed");
        assertEquals(intervalSecond(), column(timed, "elapsed").type());
        assertEquals(intervalSecond(10, 3), column(timed, "budget").type());
        assertEquals(intervalSecond(), column(timed, "grace").type());
        assertEquals(decimal(21, 0), column(timed, "plain").type());
    }

    @Test
    void columnsOfAPlainEntity() {
        Table user = table(snapshot(source("app.User", """
                package app;
                import jakarta.persistence.*;
                @Entity
                @Table(name = "app_user")
                public class User {
                    private String bio;
                    @Column(name = "e_mail", nullable = false, unique = true, length = 120)
                    private String email;
                    @Id
                    @GeneratedValue(strategy = GenerationType.IDENTITY)
                    private Long id;
                    private int loginCount;
                    @Basic(optional = false)
                    private String displayName;
                }
                """)), "app_user");

        assertEquals(
                List.of("id", "bio", "e_mail", "loginCount", "displayName"),
                columnNames(user),
                "primary key first, then declaration order");
        assertEquals(List.of("id"), user.primaryKey());
        assertEquals(new Column("id", bigint(), false, true, "User.id"), column(user, "id"));
        assertEquals(new Column("bio", varchar(255), true, false, "User.bio"), column(user, "bio"));
        assertEquals(new Column("e_mail", varchar(120), false, false, "User.email"), column(user, "e_mail"));
        assertEquals(new Column("loginCount", integer(), false, false, "User.loginCount"), column(user, "loginCount"));
        assertEquals(
                new Column("displayName", varchar(255), false, false, "User.displayName"), column(user, "displayName"));
        assertEquals(List.of(new Index("uk_app_user_e_mail", List.of("e_mail"), true, "User.email")), user.indexes());
        assertEquals("User", user.source());
    }

    @Test
    void everySupportedJavaType() {
        Table t = table(snapshot(source("app.AllTypes", """
                package app;
                import jakarta.persistence.*;
                import java.math.*;
                import java.time.*;
                @Entity
                public class AllTypes {
                    @Id private int id;
                    private String string;
                    private Integer integerBox;
                    private long longPrim;
                    private Long longBox;
                    private short shortPrim;
                    private Short shortBox;
                    private byte bytePrim;
                    private Byte byteBox;
                    private boolean boolPrim;
                    private Boolean boolBox;
                    private double doublePrim;
                    private Double doubleBox;
                    private float floatPrim;
                    private Float floatBox;
                    private char charPrim;
                    private Character charBox;
                    private BigDecimal bigDecimal;
                    private BigInteger bigInteger;
                    private LocalDate localDate;
                    private LocalTime localTime;
                    private LocalDateTime localDateTime;
                    private Instant instant;
                    private OffsetDateTime offsetDateTime;
                    private ZonedDateTime zonedDateTime;
                    private java.util.UUID uuid;
                    private byte[] bytes;
                    @Column(length = 16) private byte[] shortBytes;
                    @Column(length = 4000) private String longString;
                }
                """)), "AllTypes");

        Map<String, ColumnType> expected = new LinkedHashMap<>();
        expected.put("id", integer());
        expected.put("string", varchar(255));
        expected.put("integerBox", integer());
        expected.put("longPrim", bigint());
        expected.put("longBox", bigint());
        expected.put("shortPrim", smallint());
        expected.put("shortBox", smallint());
        expected.put("bytePrim", tinyint());
        expected.put("byteBox", tinyint());
        expected.put("boolPrim", bool());
        expected.put("boolBox", bool());
        expected.put("doublePrim", doublePrecision());
        expected.put("doubleBox", doublePrecision());
        expected.put("floatPrim", real());
        expected.put("floatBox", real());
        expected.put("charPrim", fixedChar(1));
        expected.put("charBox", fixedChar(1));
        expected.put("bigDecimal", decimal(38, 2));
        expected.put("bigInteger", decimal(38, 0));
        expected.put("localDate", date());
        expected.put("localTime", time());
        expected.put("localDateTime", timestamp(6));
        expected.put("instant", timestampTz(6));
        expected.put("offsetDateTime", timestampTz(6));
        expected.put("zonedDateTime", timestampTz(6));
        expected.put("uuid", uuid());
        expected.put("bytes", varbinary(255));
        expected.put("shortBytes", varbinary(16));
        expected.put("longString", varchar(4000));
        Map<String, ColumnType> actual = t.columns().stream()
                .collect(Collectors.toMap(Column::name, Column::type, (a, b) -> a, LinkedHashMap::new));
        assertEquals(expected, actual);
    }

    @Test
    void primitivesAreNotNullAndWrappersNullable() {
        Table t = table(snapshot(source("app.Counters", """
                package app;
                import jakarta.persistence.*;
                @Entity
                public class Counters {
                    @Id private Long id;
                    private long primitive;
                    private Long wrapper;
                    private boolean flag;
                    private Boolean maybe;
                    @Column(nullable = false) private Long required;
                }
                """)), "Counters");
        Map<String, Boolean> nullable = t.columns().stream().collect(Collectors.toMap(Column::name, Column::nullable));
        assertEquals(
                Map.of(
                        "id",
                        false,
                        "primitive",
                        false,
                        "wrapper",
                        true,
                        "flag",
                        false,
                        "maybe",
                        true,
                        "required",
                        false),
                nullable);
    }

    @Test
    void versionIsAnOrdinaryColumn() {
        // Hibernate binds @Version without forcing NOT NULL: only the usual rules apply
        Schema schema = snapshot(source("app.Doc", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        public class Doc { @Id private long id; @Version private Integer revision; }
                        """), source("app.Counter", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        public class Counter { @Id private long id; @Version private long version; }
                        """));
        assertEquals(
                new Column("revision", integer(), true, false, "Doc.revision"),
                column(table(schema, "Doc"), "revision"));
        assertEquals(
                new Column("version", bigint(), false, false, "Counter.version"),
                column(table(schema, "Counter"), "version"));
    }

    @Test
    void decimalPrecisionAndScale() {
        Table t = table(snapshot(source("app.Money", """
                package app;
                import jakarta.persistence.*;
                import java.math.*;
                @Entity
                public class Money {
                    @Id private long id;
                    private BigDecimal plain;
                    @Column(precision = 10, scale = 4) private BigDecimal both;
                    @Column(precision = 12) private BigDecimal precisionOnly;
                    @Column(scale = 5) private BigDecimal scaleOnly;
                    @Column(precision = 20) private BigInteger bigInteger;
                }
                """)), "Money");
        assertEquals(decimal(38, 2), column(t, "plain").type());
        assertEquals(decimal(10, 4), column(t, "both").type());
        assertEquals(decimal(12, 0), column(t, "precisionOnly").type());
        // like Hibernate, the scale is only used together with an explicit precision
        assertEquals(decimal(38, 2), column(t, "scaleOnly").type());
        assertEquals(decimal(20, 0), column(t, "bigInteger").type());
    }

    @Test
    void enumsByNameAndByOrdinal() {
        String manyConstants = IntStream.range(0, 129).mapToObj(i -> "C" + i).collect(Collectors.joining(", "));
        Table t = table(
                snapshot(
                        source("app.Status", """
                        package app;
                        public enum Status { ACTIVE, BLOCKED, DELETED; public String label() { return name(); } }
                        """),
                        source("app.Big", "package app; public enum Big { " + manyConstants + " }"),
                        source(
                                "app.Small",
                                "package app; public enum Small { " + manyConstants.replace(", C128", "") + " }"),
                        source("app.Account", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        public class Account {
                            @Id private long id;
                            @Enumerated(EnumType.STRING) private Status byName;
                            @Enumerated(EnumType.ORDINAL) private Status byOrdinal;
                            private Status unannotated;
                            @Enumerated private Big big;
                            private Small small;
                        }
                        """)),
                "Account");
        assertEquals(enumOf("ACTIVE", "BLOCKED", "DELETED"), column(t, "byName").type());
        assertEquals(tinyint(), column(t, "byOrdinal").type());
        assertEquals(tinyint(), column(t, "unannotated").type());
        // Hibernate's threshold: more than 128 constants
        assertEquals(smallint(), column(t, "big").type(), "129 constants take a smallint");
        assertEquals(tinyint(), column(t, "small").type(), "128 constants a tinyint");
        assertTrue(column(t, "byName").nullable());
    }

    @Test
    void transientAndStaticMembersAreSkipped() {
        Table t = table(snapshot(source("app.Session", """
                package app;
                import jakarta.persistence.*;
                @Entity
                public class Session {
                    public static final String KIND = "session";
                    private static int counter;
                    @Id private long id;
                    private transient String cache;
                    @Transient private String computed;
                    private String token;
                }
                """)), "Session");
        assertEquals(List.of("id", "token"), columnNames(t));
    }

    @Test
    void mappedSuperclassMembersComeFirstTopMost() {
        Schema schema = snapshot(
                source("app.Identified", """
                        package app;
                        import jakarta.persistence.*;
                        @MappedSuperclass
                        public abstract class Identified<K> {
                            @Id @GeneratedValue(strategy = GenerationType.IDENTITY) private K id;
                            private String createdBy;
                        }
                        """),
                source("app.Plain", """
                        package app;
                        // not mapped: its state is not persistent
                        public abstract class Plain<K> extends Identified<K> {
                            private String notAColumn;
                        }
                        """),
                source("app.Audited", """
                        package app;
                        import jakarta.persistence.*;
                        @MappedSuperclass
                        public abstract class Audited<K> extends Plain<K> {
                            private java.time.Instant updatedAt;
                        }
                        """),
                source("app.Invoice", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        public class Invoice extends Audited<Long> {
                            private String number;
                        }
                        """));
        Table t = table(schema, "Invoice");
        assertEquals(List.of("id", "createdBy", "updatedAt", "number"), columnNames(t));
        assertEquals(
                new Column("id", bigint(), false, true, "Invoice.id"),
                column(t, "id"),
                "the type variable resolves to the entity's Long; the source names the entity");
        assertEquals(List.of("id"), t.primaryKey());
        assertEquals(1, schema.tables().size(), "a mapped superclass is no table");
    }

    @Test
    void propertyAccessWhenIdIsOnAGetter() {
        Table t = table(snapshot(source("app.Customer", """
                package app;
                import jakarta.persistence.*;
                @Entity
                public class Customer {
                    private long key;
                    private String fullName;
                    private boolean vip;
                    private String website;
                    @Column(length = 999) private String fieldAnnotationsAreIgnored;

                    public String getFullName() { return fullName; }
                    @Id public long getKey() { return key; }
                    public boolean isVip() { return vip; }
                    @Column(name = "site", length = 80) public String getURL() { return website; }
                    @Transient public String getDisplay() { return fullName; }
                    public static String getStaticThing() { return ""; }
                    public String describe() { return fullName; }
                    public String getWithArgument(int i) { return fullName; }
                }
                """)), "Customer");
        assertEquals(List.of("key", "fullName", "vip", "site"), columnNames(t));
        assertEquals(new Column("site", varchar(80), true, false, "Customer.URL"), column(t, "site"));
        assertEquals(new Column("vip", bool(), false, false, "Customer.vip"), column(t, "vip"));
        assertEquals(List.of("key"), t.primaryKey());
    }

    @Test
    void uniqueIndexNamesAreLowerCaseAndAtMost64Characters() {
        String longName = "a_really_long_column_name_that_goes_on_and_on_for_ever";
        Table t = table(snapshot(source("app.Product", """
                package app;
                import jakarta.persistence.*;
                @Entity
                @Table(name = "Product")
                public class Product {
                    @Id @Column(unique = true) private long id;
                    @Column(unique = true) private String SKU;
                    @Column(name = "%s", unique = true) private String other;
                }
                """.formatted(longName))), "Product");
        assertEquals(
                List.of(ConstraintNames.limit("uk_product_" + longName), "uk_product_sku"),
                t.indexes().stream().map(Index::name).toList(),
                "no unique key for the primary key; sorted by name");
        assertEquals(64, t.indexes().get(0).name().length());
    }

    @Test
    void snakeNamingAppliesToTablesColumnsAndIndexes() {
        for (String naming : List.of("snake", "spring")) {
            Schema schema = snapshot(List.of("-Aretort.naming=" + naming), source("app.OrderLine", """
                    package app;
                    import jakarta.persistence.*;
                    @Entity
                    public class OrderLine {
                        @Id private long lineId;
                        @Column(unique = true) private String externalRef;
                        @Column(name = "UnitPrice") private java.math.BigDecimal price;
                    }
                    """));
            Table t = table(schema, "order_line");
            assertEquals(List.of("line_id", "external_ref", "unit_price"), columnNames(t), naming);
            assertEquals("uk_order_line_external_ref", t.indexes().get(0).name(), naming);
            assertEquals("OrderLine.externalRef", column(t, "external_ref").source(), naming);
        }
    }

    @Test
    void explicitJpaNamingKeepsNamesAsWritten() {
        Schema schema = snapshot(List.of("-Aretort.naming=jpa"), source("app.OrderLine", """
                package app;
                import jakarta.persistence.*;
                @Entity
                public class OrderLine { @Id private long lineId; }
                """));
        assertEquals(List.of("lineId"), columnNames(table(schema, "OrderLine")));
    }

    @Test
    void nestedEntityIsNamedLikeHibernateNamesIt() {
        Schema schema = snapshot(source("app.Outer", """
                package app;
                import jakarta.persistence.*;
                public class Outer {
                    @Entity
                    public static class Inner { @Id private long id; }
                }
                """));
        // Hibernate's default entity name is the class name without package: Outer$Inner
        assertEquals("Inner", table(schema, "Outer$Inner").source());
    }

    @Test
    void noEntityNoSnapshot() {
        Compilation compilation = Fixtures.compile(source("app.NotAnEntity", """
                package app;
                public class NotAnEntity { private long id; }
                """));
        com.google.testing.compile.CompilationSubject.assertThat(compilation).succeededWithoutWarnings();
        assertFalse(Fixtures.snapshotText(compilation).isPresent());
    }

    @Test
    void annotationsThatChangeNoDdlAreIgnored() {
        String body = """
                    @Id Long id;
                    %s String name;
                    @Version int version;
                    @ManyToOne(fetch = FetchType.LAZY) %s %s parent;
                    @OneToMany(mappedBy = "parent") %s java.util.Set<%s> children;
                    @ElementCollection %s java.util.List<String> tags;
                }
                """;
        Schema plain = snapshot(source("app.Plain", """
                package app;
                import jakarta.persistence.*;
                @Entity
                public class Plain {
                """ + body.formatted("", "", "Plain", "", "Plain", "")));
        Schema quiet = snapshot(source(
                "app.Plain",
                """
                package app;
                import jakarta.persistence.*;
                import org.hibernate.annotations.*;
                @Entity
                @DynamicInsert @DynamicUpdate @BatchSize(size = 10) @Cacheable
                @org.hibernate.annotations.Cache(usage = CacheConcurrencyStrategy.READ_WRITE) @Immutable
                @OptimisticLocking(type = OptimisticLockType.VERSION) @SQLRestriction("name is not null")
                @FilterDef(name = "f", parameters = @ParamDef(name = "p", type = String.class)) @Filter(name = "f", condition = "name = :p")
                @org.hibernate.annotations.NamedQuery(name = "Plain.all", query = "select p from Plain p")
                @jakarta.persistence.NamedQuery(name = "Plain.named", query = "select p from Plain p")
                public class Plain {
                """
                        + body.formatted(
                                "@LazyGroup(\"g\") @Basic(fetch = FetchType.LAZY) @OptimisticLock(excluded = true)",
                                "@Fetch(FetchMode.SELECT)",
                                "Plain",
                                "@BatchSize(size = 5) @Fetch(FetchMode.SUBSELECT) @jakarta.persistence.OrderBy(\"name\")"
                                        + " @SQLRestriction(\"1=1\")",
                                "Plain",
                                "@Fetch(FetchMode.JOIN) @Immutable")));
        assertEquals(plain, quiet);
    }

    @Test
    void tenantIdNaturalIdsAndSoftDeleteAsHibernateMapsThem() {
        Schema schema = snapshot(source("app.Area", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        @org.hibernate.annotations.SoftDelete
                        public class Area { @Id Long id; }
                        """), source("app.Tenanted", """
                        package app;
                        import jakarta.persistence.*;
                        import org.hibernate.annotations.*;
                        @Entity
                        @SoftDelete(strategy = SoftDeleteType.TIMESTAMP)
                        public class Tenanted {
                            @Id Long id;
                            @TenantId String tenant;
                            @NaturalId String code;
                            @NaturalId @ManyToOne Area area;
                        }
                        """), source("app.Active", """
                        package app;
                        import jakarta.persistence.*;
                        @Entity
                        @org.hibernate.annotations.SoftDelete(strategy = org.hibernate.annotations.SoftDeleteType.ACTIVE, columnName = "live")
                        public class Active { @Id Long id; }
                        """));
        Table tenanted = table(schema, "Tenanted");
        assertFalse(column(tenanted, "tenant").nullable());
        assertEquals(
                List.of("area_id", "code"),
                tenanted.indexes().stream()
                        .filter(Index::unique)
                        .findFirst()
                        .orElseThrow()
                        .columns());
        Column deleted = column(tenanted, "deleted");
        assertEquals(timestampTz(6), deleted.type());
        assertTrue(deleted.nullable());
        assertEquals("Soft-delete indicator", deleted.comment());
        Column flag = column(table(schema, "Area"), "deleted");
        assertEquals(bool(), flag.type());
        assertFalse(flag.nullable());
        assertEquals(bool(), column(table(schema, "Active"), "live").type());
    }
}
