package dev.retort.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Fixtures.compile;
import static dev.retort.processor.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every RT1xx error on the line it blames. Each compilation also holds a valid entity, to show one
 * bad entity is reported and the rest are still processed, without an internal error.
 */
class DiagnosticsTest {

    private static final JavaFileObject VALID = lines(
            "app.Valid",
            "package app;",
            "import jakarta.persistence.*;",
            "@Entity",
            "public class Valid { @Id private long id; private String name; }");

    /**
     * Compiles {@code sources} beside a valid entity and expects exactly the given errors, in order
     * (compile-testing offers no generated files of a failed compilation).
     */
    private static Compilation failsWith(List<JavaFileObject> sources, String... ids) {
        return failsWith(List.of(), sources, ids);
    }

    private static Compilation failsWith(List<String> options, List<JavaFileObject> sources, String... ids) {
        List<JavaFileObject> all = new java.util.ArrayList<>(sources);
        all.add(VALID);
        Compilation compilation = compile(options, all.toArray(JavaFileObject[]::new));
        assertThat(compilation).failed();
        List<String> reported = compilation.errors().stream()
                .map(d -> d.getMessage(Locale.ROOT))
                .map(m -> m.startsWith("[RT") ? m.substring(1, 6) : m)
                .toList();
        assertEquals(List.of(ids), reported, "errors reported");
        return compilation;
    }

    /**
     * A map keyed by an interface whose {@code @MapKeyClass} is an entity (Broadleaf's
     * {@code OrderImpl.additionalOfferInformation}): Hibernate keys it by a join column to that entity, and
     * so does Retort, instead of a serialized key column.
     */
    @Test
    void aMapKeyClassNamingAnEntityKeysTheMapByThatEntity() {
        JavaFileObject offer = lines("app.Offer", "package app;", "public interface Offer {}");
        JavaFileObject offerImpl = lines(
                "app.OfferImpl",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity public class OfferImpl implements Offer { @Id private long id; }");
        JavaFileObject order = lines(
                "app.Purchase",
                "package app;",
                "import jakarta.persistence.*;",
                "import java.util.Map;",
                "@Entity public class Purchase {",
                "    @Id private long id;",
                "    @ElementCollection @MapKeyClass(OfferImpl.class) @MapKeyJoinColumn(name = \"OFFER_ID\")",
                "    private Map<Offer, String> notes;",
                "}");
        dev.retort.core.model.Table notes =
                Fixtures.table(Fixtures.snapshot(offer, offerImpl, order), "Purchase_notes");
        dev.retort.core.model.Column key = Fixtures.column(notes, "OFFER_ID");
        assertEquals(dev.retort.migration.ColumnType.Kind.BIGINT, key.type().kind(), "the entity's id type");
        assertTrue(!key.nullable(), "a map key is NOT NULL");
        assertTrue(
                notes.foreignKeys().stream()
                        .anyMatch(fk -> fk.columns().equals(List.of("OFFER_ID"))
                                && fk.referencedTable().equals("OfferImpl")),
                () -> "a foreign key to the key entity: " + notes.foreignKeys());
    }

    @Test
    void lengthMustBePositive() {
        JavaFileObject file = lines(
                "app.User",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class User {", // 4
                "    @Id private long id;", // 5
                "    @Column(length = -1)", // 6
                "    private String bio;", // 7
                "    @Column(length = 0) private byte[] x;", // 8
                "}");
        Compilation c = failsWith(List.of(file), "RT104", "RT104");
        assertThat(c)
                .hadErrorContaining("[RT104] User.bio: @Column(length) must be positive, was -1")
                .inFile(file)
                .onLine(6);
        assertThat(c)
                .hadErrorContaining("[RT104] User.x: @Column(length) must be positive, was 0")
                .inFile(file)
                .onLine(8);
    }

    @Test
    void precisionAndScale() {
        JavaFileObject file = lines(
                "app.Price",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import java.math.BigDecimal;", // 3
                "@Entity", // 4
                "public class Price {", // 5
                "    @Id private long id;", // 6
                "    @Column(precision = -3) private BigDecimal a;", // 7
                "    @Column(precision = 5, scale = 6) private BigDecimal b;", // 8
                "    @Column(precision = 5, scale = -1) private BigDecimal c;", // 9
                "}");
        Compilation c = failsWith(List.of(file), "RT105", "RT106", "RT105");
        assertThat(c)
                .hadErrorContaining("[RT105] Price.a: @Column(precision) must not be negative, was -3")
                .inFile(file)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining("[RT106] Price.b: @Column(scale = 6) must not exceed @Column(precision = 5)")
                .inFile(file)
                .onLine(8);
        assertThat(c)
                .hadErrorContaining("[RT105] Price.c: @Column(scale) must not be negative, was -1")
                .inFile(file)
                .onLine(9);
    }

    @Test
    void entityWithoutId() {
        JavaFileObject file = lines(
                "app.Note",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Note {", // 4
                "    private String text;", // 5
                "}");
        assertThat(failsWith(List.of(file), "RT102"))
                .hadErrorContaining("[RT102] entity Note has no @Id")
                .inFile(file)
                .onLine(3);
    }

    @Test
    void twoEntitiesOnOneTableMustAgreeOnItsColumns() {
        JavaFileObject first = lines(
                "app.First",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Table(name = \"shared\")",
                "public class First { @Id private long id; @Column(length = 20) private String name; }");
        JavaFileObject second = lines(
                "app.Second",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "@Table(name = \"SHARED\")", // 4
                "public class Second {", // 5
                "    @Id private long id;", // 6
                "    @Column(length = 30) private String name;", // 7
                "}");
        Compilation c = failsWith(List.of(first, second), "RT103");
        assertThat(c)
                .hadErrorContaining("[RT103] entity Second maps to table 'shared', which First.name also maps,"
                        + " but they disagree on column 'name': VARCHAR(30) here, VARCHAR(20) there")
                .inFile(second)
                .onLine(7);
    }

    @Test
    void lengthIsIgnoredWhereTheColumnHasNone() {
        JavaFileObject file = lines(
                "app.Diary",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Diary {",
                "    @Id private long id;",
                "    @Column(length = 0) private java.time.LocalDate day;",
                "    @Column(length = 0) private Integer pages;",
                "    @Column(length = 0, columnDefinition = \"text\") private String body;",
                "    @Column(columnDefinition = \" \") private String title;",
                "}");
        assertThat(compile(file)).succeededWithoutWarnings();
    }

    @Test
    void twoEntitiesMayDisagreeOnNullabilityTheFirstDecides() {
        JavaFileObject first = lines(
                "app.First",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Table(name = \"shared\")",
                "public class First { @Id private long id; private String name; }");
        JavaFileObject second = lines(
                "app.Second",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Table(name = \"shared\")",
                "public class Second { @Id private long id; @Column(nullable = false) private String name; }");
        assertThat(compile(first, second)).succeededWithoutWarnings();
        // Hibernate keeps the column as the entity it binds first maps it
        assertTrue(Fixtures.column(Fixtures.table(Fixtures.snapshot(first, second), "shared"), "name")
                .nullable());
    }

    @Test
    void twoEntitiesMayShareATableTheyAgreeOn() {
        JavaFileObject first = lines(
                "app.First",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Table(name = \"shared\")",
                "public class First { @Id private long id; private String name; }");
        JavaFileObject second = lines(
                "app.Second",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Table(name = \"shared\")",
                "public class Second { @Id private long id; @Column(insertable = false, updatable = false) private String name; }");
        assertThat(compile(first, second)).succeededWithoutWarnings();
    }

    /**
     * A schema or catalog qualifier on every table and generator annotation reaches the snapshot as
     * a qualified name ({@code sales.billed}, {@code shop..billed}): the processor no longer refuses
     * it. An implicit join table and an implicit sequence stay unqualified, as in Hibernate 7, unless
     * {@code -Aretort.defaultSchema} gives every unqualified name a schema.
     */
    @Test
    void schemaAndCatalogQualifiersReachTheSnapshot() {
        JavaFileObject file = lines(
                "app.Billed",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Table(catalog = \"shop\")",
                "@SecondaryTable(name = \"billed_extra\", schema = \"sales\")",
                "public class Billed {",
                "    @Id @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = \"ids\")",
                "    @SequenceGenerator(name = \"ids\", sequenceName = \"billed_ids\", schema = \"sales\")",
                "    private long id;",
                "    @Column(table = \"billed_extra\") private String note;",
                "    @ManyToMany @JoinTable(name = \"billed_tag\", schema = \"sales\") java.util.Set<Billed> tags;",
                "    @ManyToMany java.util.Set<Billed> peers;",
                "    @ElementCollection @CollectionTable(name = \"billed_alias\", catalog = \"shop\", schema = \"sales\")",
                "    java.util.Set<String> aliases;",
                "}");
        dev.retort.core.model.Schema schema = Fixtures.snapshot(file);
        assertEquals(
                List.of(
                        "Billed_Billed",
                        "sales.billed_extra",
                        "sales.billed_tag",
                        "shop..Billed",
                        "shop.sales.billed_alias"),
                schema.tables().stream().map(dev.retort.core.model.Table::name).toList());
        assertEquals(
                List.of("sales.billed_ids"),
                schema.sequences().stream()
                        .map(dev.retort.core.model.Sequence::name)
                        .toList());
        assertEquals(
                "shop..Billed",
                Fixtures.table(schema, "sales.billed_tag").foreignKeys().get(0).referencedTable());

        dev.retort.core.model.Schema defaulted =
                Fixtures.snapshot(List.of("-Aretort.defaultSchema=app", "-Aretort.defaultCatalog=db"), file);
        assertEquals(
                List.of(
                        "db.app.Billed_Billed",
                        "db.sales.billed_extra",
                        "db.sales.billed_tag",
                        "shop.app.Billed",
                        "shop.sales.billed_alias"),
                defaulted.tables().stream()
                        .map(dev.retort.core.model.Table::name)
                        .toList());
    }

    @Test
    void unsupportedMappingsAreNamedOnTheirLine() {
        JavaFileObject file = lines(
                "app.Order",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "@Table(name = \"orders\", schema = \"sales\")", // 4
                "public class Order {", // 5
                "    @Id private long id;", // 6
                "    @Column(precision = 16) private double total;", // 7
                "    @org.hibernate.annotations.JdbcTypeCode(2003)", // 8
                "    private String list;", // 9
                "    @ElementCollection private java.util.Set<Order> others;", // 10
                "    @ManyToOne @JoinTable private Order parent;", // 11
                "    @org.hibernate.annotations.TimeZoneStorage java.time.OffsetDateTime n;", // 12
                "    @GeneratedValue private String code;", // 13
                "}");
        // the schema on line 4 is captured (schemaAndCatalogQualifiersReachTheSnapshot): no error there
        // a bare @TimeZoneStorage on line 12 is AUTO, mapped (an offset column absent on H2): no error there
        Compilation c = failsWith(List.of(file), "RT127", "RT111", "RT111", "RT111");
        assertThat(c)
                .hadErrorContaining("[RT127] Order.total: @Column(precision = 16) on a floating-point attribute:"
                        + " Hibernate would declare float(54), more than the 53 bits any database accepts")
                .inFile(file)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining(
                        "[RT111] Order.list: mapping @JdbcTypeCode(2003) on java.lang.String is not"
                                + " supported yet; give its column type with @Column(columnDefinition = \"...\"), which Retort uses verbatim")
                .inFile(file)
                .onLine(8);
        assertThat(c)
                .hadErrorContaining("[RT111] Order.others: mapping @ElementCollection of entities is not supported"
                        + " yet; use @OneToMany or @ManyToMany")
                .inFile(file)
                .onLine(10);
        assertThat(c)
                .hadErrorContaining("[RT111] Order.parent: mapping @JoinTable without a name on a to-one association"
                        + " is not supported yet; name it with @JoinTable(name = ...)")
                .inFile(file)
                .onLine(11);
    }

    /** NATIVE on an OffsetTime: Hibernate declares time with time zone, which MySQL and MariaDB lack; AUTO is mapped. */
    @Test
    void timeZoneStorageThatDiffersPerDatabaseNamesTheStrategy() {
        JavaFileObject file = lines(
                "app.Shop",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import org.hibernate.annotations.*;", // 3
                "@Entity", // 4
                "public class Shop {", // 5
                "    @Id private long id;", // 6
                "    @TimeZoneStorage(TimeZoneStorageType.NATIVE) java.time.OffsetTime opens;", // 7
                "    @TimeZoneStorage(TimeZoneStorageType.AUTO) java.time.ZonedDateTime seen;", // 8
                "    @TimeZoneStorage(TimeZoneStorageType.NATIVE) java.time.OffsetDateTime fine;", // 9
                "    @TimeZoneStorage @Column(nullable = false) java.time.OffsetDateTime due;", // 10
                "    @TimeZoneStorage @Basic(optional = false) java.time.OffsetDateTime req;", // 11
                "    @TimeZoneStorage @Column(name = \"named\", nullable = false) java.time.OffsetDateTime named;", // 12
                "}");
        Compilation c = failsWith(List.of(file), "RT111", "RT111", "RT111");
        assertThat(c)
                .hadErrorContaining("[RT111] Shop.opens: mapping @TimeZoneStorage(NATIVE) on java.time.OffsetTime is"
                        + " not supported yet; NATIVE on an OffsetTime declares time with time zone, which MySQL and"
                        + " MariaDB do not have: choose AUTO (the default: an offset column on PostgreSQL, MySQL and"
                        + " MariaDB, time with time zone on H2), COLUMN, NORMALIZE_UTC or NORMALIZE")
                .inFile(file)
                .onLine(7);
        // Hibernate applies these on H2 (NATIVE) and ignores them where the offset has a column of its own
        assertThat(c)
                .hadErrorContaining("[RT111] Shop.due: mapping @TimeZoneStorage(AUTO) with an unnamed"
                        + " @Column(nullable = false) is not supported yet; Hibernate applies it on H2, where AUTO is"
                        + " NATIVE, and ignores it on PostgreSQL, MySQL and MariaDB, where the offset has a column of"
                        + " its own and only a named @Column states NOT NULL: write @Column(name = \"...\", nullable ="
                        + " false) instead, or choose COLUMN")
                .inFile(file)
                .onLine(10);
        assertThat(c)
                .hadErrorContaining("[RT111] Shop.req: mapping @TimeZoneStorage(AUTO) with @Basic(optional = false) is"
                        + " not supported yet")
                .inFile(file)
                .onLine(11);
    }

    /**
     * The inverse side of a collection with {@code @JoinColumn} or {@code @JoinTable}: Hibernate refuses it at
     * boot ("is 'mappedBy' another entity and may not specify the '@JoinColumn'"), so Retort does at compile time.
     */
    @Test
    void mappedByWithJoinColumnIsRefusedAsHibernateRefusesIt() {
        JavaFileObject parent = lines(
                "app.Parent",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import java.util.*;", // 3
                "@Entity", // 4
                "public class Parent {", // 5
                "    @Id private long id;", // 6
                "    @OneToMany(mappedBy = \"parent\") @JoinColumn(name = \"parent_id\") Set<Child> children;", // 7
                "    @ManyToMany(mappedBy = \"guardians\") @JoinTable(name = \"wards\") Set<Child> wards;", // 8
                "    @OneToMany(mappedBy = \"parent\") List<Child> fine;", // 9
                "}");
        JavaFileObject child = lines(
                "app.Child",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import java.util.*;", // 3
                "@Entity", // 4
                "public class Child {", // 5
                "    @Id private long id;", // 6
                "    @ManyToOne Parent parent;", // 7
                "    @ManyToMany Set<Parent> guardians;", // 8
                "}");
        Compilation c = failsWith(List.of(parent, child), "RT128", "RT128");
        assertThat(c)
                .hadErrorContaining("[RT128] Parent.children: @OneToMany(mappedBy = \"parent\") with @JoinColumn:"
                        + " Hibernate refuses it at boot (\"is 'mappedBy' another entity and may not specify the"
                        + " '@JoinColumn'\"); the owning side, Child.parent, maps the association: drop the"
                        + " @JoinColumn from this side")
                .inFile(parent)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining("[RT128] Parent.wards: @ManyToMany(mappedBy = \"guardians\") with @JoinTable:")
                .inFile(parent)
                .onLine(8);
    }

    /** A map keyed by an entity with a composite key needs a name per key column; on a @OneToMany @JoinColumn it is RT111. */
    @Test
    void mapsKeyedByEntitiesRetortCannotMapNameTheWayOut() {
        JavaFileObject file = lines(
                "app.Atlas",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import java.util.*;", // 3
                "@Entity", // 4
                "public class Atlas {", // 5
                "    @Id private long id;", // 6
                "    @ElementCollection Map<Zone, String> zones;", // 7
                "    @OneToMany @JoinColumn(name = \"atlas_id\") Map<Zone, Zone> linked;", // 8
                "}");
        JavaFileObject zone = lines(
                "app.Zone",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity @IdClass(Zone.Key.class)", // 3
                "public class Zone {", // 4
                "    @Id short region;", // 5
                "    @Id String code;", // 6
                "    public static class Key implements java.io.Serializable { short region; String code; }", // 7
                "}");
        Compilation c = failsWith(List.of(file, zone), "RT111", "RT111");
        assertThat(c)
                .hadErrorContaining("[RT111] Atlas.zones: mapping a Map keyed by Zone, whose key has 2 columns, without"
                        + " a name for each key column (Hibernate would name them all zones_KEY) is not supported yet;"
                        + " name each one: @MapKeyJoinColumns(")
                .inFile(file)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining("[RT111] Atlas.linked: mapping a Map keyed by an entity or embeddable on a"
                        + " @OneToMany with @JoinColumn is not supported yet; drop the @JoinColumn")
                .inFile(file)
                .onLine(8);
    }

    @Test
    void collectionIdRetortCannotTellNamesItsWorkaround() {
        JavaFileObject file = lines(
                "app.Bag",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import org.hibernate.annotations.*;", // 3
                "@Entity", // 4
                "public class Bag {", // 5
                "    @jakarta.persistence.Id private long id;", // 6
                "    @ElementCollection @CollectionId(column = @Column(name = \"row_id\"), generator = \"increment\")", // 7
                "    private java.util.List<String> untyped;", // 8
                "    @ElementCollection @CollectionId(column = @Column(name = \"row_id\"), generator = \"seq\")", // 9
                "    @CollectionIdJdbcTypeCode(org.hibernate.type.SqlTypes.BIGINT)", // 10
                "    private java.util.List<String> sequenced;", // 11
                "    @ElementCollection @CollectionId(column = @Column(name = \"row_id\"), generator = \"increment\")", // 12
                "    @CollectionIdJdbcTypeCode(org.hibernate.type.SqlTypes.BIGINT)", // 13
                "    private java.util.List<String> fine;", // 14
                "}");
        Compilation c = failsWith(List.of(file), "RT111", "RT111");
        String workaround = "give it a named column and its type, e.g. @CollectionId(column = @Column(name ="
                + " \"row_id\"), generator = \"increment\") with @CollectionIdJdbcTypeCode(SqlTypes.BIGINT), or map"
                + " the rows as an entity with its own @Id (a @OneToMany)";
        assertThat(c)
                .hadErrorContaining("[RT111] Bag.untyped: mapping @CollectionId without @CollectionIdJdbcTypeCode or"
                        + " @CollectionIdJavaClass is not supported yet; " + workaround)
                .inFile(file)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining("[RT111] Bag.sequenced: mapping @CollectionId with generator \"seq\" is not"
                        + " supported yet; " + workaround)
                .inFile(file)
                .onLine(9);
    }

    /** An array of an element type whose array Hibernate's export was not compared: RT111, with both ways out. */
    @Test
    void arrayOfAnUncheckedElementType() {
        JavaFileObject file = lines(
                "app.Shift",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Shift {", // 4
                "    @Id private long id;", // 5
                "    private java.time.LocalTime[] starts;", // 6
                "    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.ARRAY)", // 7
                "    private java.util.List<Object> things;", // 8
                "    private String[] names;", // 9
                "}");
        Compilation c = failsWith(List.of(file), "RT111", "RT111");
        assertThat(c)
                .hadErrorContaining("[RT111] Shift.starts: mapping an array of java.time.LocalTime is not supported"
                        + " yet; give its column type with @Column(columnDefinition = \"...\"), which Retort uses"
                        + " verbatim, or map the values with @ElementCollection")
                .inFile(file)
                .onLine(6);
        assertThat(c)
                .hadErrorContaining("[RT111] Shift.things: mapping an array of java.lang.Object")
                .inFile(file)
                .onLine(7);
    }

    /** {@code INTERVAL_SECOND} is mapped on a {@code Duration} only: on another type it stays RT111. */
    @Test
    void intervalSecondOnAnotherTypeThanDuration() {
        JavaFileObject file = lines(
                "app.Lap",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Lap {", // 4
                "    @Id private long id;", // 5
                "    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.INTERVAL_SECOND)", // 6
                "    private Long nanos;", // 7
                "    @org.hibernate.annotations.JdbcTypeCode(org.hibernate.type.SqlTypes.INTERVAL_SECOND)", // 8
                "    private java.time.Duration took;", // 9
                "}");
        Compilation c = failsWith(List.of(file), "RT111");
        assertThat(c)
                .hadErrorContaining(
                        "[RT111] Lap.nanos: mapping @JdbcTypeCode(3100) on java.lang.Long is not supported"
                                + " yet; give its column type with @Column(columnDefinition = \"...\"), which Retort uses verbatim")
                .inFile(file)
                .onLine(6);
    }

    @Test
    void unsupportedJavaType() {
        JavaFileObject file = lines(
                "app.Event",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Event {", // 4
                "    @Id private long id;", // 5
                "    private Object payload;", // 6
                "    private Byte[] boxedBytes;", // 7
                "    private java.util.List<String> names;", // 8
                "}");
        Compilation c = failsWith(List.of(file), "RT112", "RT112", "RT112");
        assertThat(c)
                .hadErrorContaining("[RT112] Event.payload: no column type for Java type java.lang.Object;"
                        + " map it with @Convert(converter = ...)")
                .inFile(file)
                .onLine(6);
        assertThat(c)
                .hadErrorContaining("[RT112] Event.boxedBytes: no column type for Java type java.lang.Byte[]")
                .inFile(file)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining(
                        "[RT112] Event.names: no column type for Java type java.util.List<java.lang.String>")
                .inFile(file)
                .onLine(8);
    }

    @Test
    void referencesThatNameNothing() {
        JavaFileObject file = lines(
                "app.Book",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "@Table(indexes = @Index(columnList = \"nope\"))", // 4
                "public class Book {", // 5
                "    @Id private long id;", // 6
                "    @ManyToOne @JoinColumn(referencedColumnName = \"isbn\") private Book other;", // 7
                "    @ManyToOne private String notAnEntity;", // 8
                "    @OneToMany(mappedBy = \"missing\") private java.util.List<Book> books;", // 9
                "    @Column(table = \"extra\") private String extra;", // 10
                "    @Embedded @AttributeOverride(name = \"zip\", column = @Column(name = \"z\"))", // 11
                "    private Place place;", // 12
                "    @Embeddable public static class Place { String city; }", // 13
                "}");
        Compilation c = failsWith(List.of(file), "RT123", "RT124", "RT114", "RT115", "RT116", "RT117");
        assertThat(c)
                .hadErrorContaining("[RT114] Book.other: referencedColumnName = \"isbn\" names no column of Book"
                        + " (table 'Book')")
                .inFile(file)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining(
                        "[RT115] Book.notAnEntity: the target java.lang.String of @ManyToOne is not an" + " @Entity")
                .inFile(file)
                .onLine(8);
        assertThat(c)
                .hadErrorContaining("[RT116] Book.books: mappedBy = \"missing\" names no association attribute of Book")
                .inFile(file)
                .onLine(9);
        assertThat(c)
                .hadErrorContaining("[RT117] Book: column 'nope' in @Index is not a column of table 'Book'")
                .inFile(file)
                .onLine(4);
        assertThat(c)
                .hadErrorContaining("[RT123] Book.extra: @Column(table = \"extra\") names no @SecondaryTable of Book")
                .inFile(file)
                .onLine(10);
        assertThat(c)
                .hadErrorContaining("[RT124] Book.place: @AttributeOverride(name = \"zip\") names no attribute of"
                        + " app.Book.Place")
                .inFile(file)
                .onLine(11);
    }

    @Test
    void contradictoryKeysTablesAndSequences() {
        JavaFileObject file = lines(
                "app.Lines",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "public class Lines {", // 3
                "    @Entity @IdClass(Head.Key.class) public static class Head {", // 4
                "        public static class Key { long a; long b; }", // 5
                "        @Id long a; @Id long b;", // 6
                "    }", // 7
                "    @Entity public static class Line {", // 8
                "        @Id long id;", // 9
                "        @ManyToOne @JoinColumn(name = \"head\") Head head;", // 10
                "        @ManyToMany java.util.Set<Head> heads;", // 11
                "        @ManyToMany java.util.Set<Head> moreHeads;", // 12
                "    }", // 13
                "    @Entity @SequenceGenerator(name = \"g\", sequenceName = \"seq\", allocationSize = 1)", // 14
                "    public static class S1 { @Id @GeneratedValue(generator = \"g\") long id; }", // 15
                "    @Entity @SequenceGenerator(name = \"g\", sequenceName = \"seq\")", // 16
                "    public static class S2 { @Id @GeneratedValue(generator = \"g\") long id; }", // 17
                "    @Entity @DiscriminatorColumn(discriminatorType = DiscriminatorType.CHAR)", // 18
                "    public static class Token { @Id long id; }", // 19
                "    @Entity @DiscriminatorValue(\"X\") public static class Sub extends Token { }", // 20
                "    @Entity public static class Tab1 { @Id long id; @ManyToOne @JoinTable(name = \"tabs\") S1 s; }", // 21
                "    @Entity public static class Tab2 { @Id long id; @ManyToOne @JoinTable(name = \"tabs\") S1 s; }", // 22
                "}");
        Compilation c = failsWith(List.of(file), "RT122", "RT119", "RT121", "RT120", "RT121");
        assertThat(c)
                .hadErrorContaining("[RT120] Line.head: 1 join column(s) for the 2-column key of Head")
                .inFile(file)
                .onLine(10);
        // two sets keyed by different columns: Hibernate keeps the key of the one it binds first
        assertThat(c)
                .hadErrorContaining("[RT121] Line.moreHeads: table 'Lines$Line_Lines$Head' is already mapped by"
                        + " Line.heads, and the key Hibernate gives the shared table depends on the order it reads the"
                        + " entities (Line.heads keys it by [Lines$Line_id, heads_a, heads_b], this one by"
                        + " [Lines$Line_id, moreHeads_a, moreHeads_b]); give one of them its own name with"
                        + " @JoinTable(name = ...)")
                .inFile(file)
                .onLine(12);
        // two to-one join tables: Hibernate keys it by the one it binds last
        assertThat(c)
                .hadErrorContaining("[RT121] Tab2.s: table 'tabs' is already mapped by Tab1.s, and the key Hibernate"
                        + " gives the shared table depends on the order it reads the entities (Hibernate keys it by"
                        + " the to-one association it binds last)")
                .inFile(file)
                .onLine(22);
        assertThat(c)
                .hadErrorContaining("[RT122] S2.id: sequence 'seq' starts at 1 with increment 50 here, but at 1 with"
                        + " increment 1 in S1.id")
                .inFile(file)
                .onLine(17);
        assertThat(c)
                .hadErrorContaining("[RT119] entity Token has a CHAR discriminator and needs @DiscriminatorValue")
                .inFile(file)
                .onLine(18);
    }

    @Test
    void converterWithoutConcreteDatabaseType() {
        JavaFileObject file = lines(
                "app.Coded",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Coded {", // 4
                "    @Id long id;", // 5
                "    @Convert(converter = Raw.class) String value;", // 6
                "    @SuppressWarnings(\"rawtypes\")", // 7
                "    public static class Raw implements AttributeConverter {", // 8
                "        public Object convertToDatabaseColumn(Object o) { return o; }", // 9
                "        public Object convertToEntityAttribute(Object o) { return o; }", // 10
                "    }", // 11
                "}");
        assertThat(failsWith(List.of(file), "RT118"))
                .hadErrorContaining(
                        "[RT118] Coded.value: cannot tell the database" + " type of converter app.Coded.Raw")
                .inFile(file)
                .onLine(6);
    }

    @Test
    void quotedIdentifiersAreKeptExactlyAndTableCommentsCaptured() {
        JavaFileObject file = lines(
                "app.Quoted",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "@Table(name = \"`Order`\", comment = \"orders\")", // 4
                "public class Quoted {", // 5
                "    @Id long id;", // 6
                "    @Column(name = \"\\\"Total\\\"\") long total;", // 7
                "    @Access(AccessType.PROPERTY) public long getComputed() { return 0; }", // 8
                "}");
        // the getter with its own @Access is mapped, as Hibernate maps it; both quotes become the model's backticks
        Compilation c = compile(file);
        assertThat(c).succeeded();
        assertThat(c).hadWarningCount(0);
        String json = Fixtures.snapshotText(c).orElseThrow();
        assertTrue(json.contains("\"name\": \"`Order`\""), json);
        assertTrue(json.contains("\"name\": \"`Total`\""), json);
        assertTrue(json.contains("\"comment\": \"orders\""), json);
    }

    @Test
    void tableCommentOfAnEntityClass() {
        JavaFileObject file = lines(
                "app.Commented",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "@org.hibernate.annotations.Comment(\"all the things\")", // 4
                "public class Commented { @Id long id; }"); // 5
        Compilation c = compile(file);
        assertThat(c).succeeded();
        assertThat(c).hadWarningCount(0);
        assertTrue(Fixtures.snapshotText(c).orElseThrow().contains("\"comment\": \"all the things\""));
    }

    /** A descending column of a non-unique index is captured (line 4); in a unique one it is refused. */
    @Test
    void descendingColumnInAUniqueIndex() {
        JavaFileObject file = lines(
                "app.Sorted",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "@Table(indexes = {@Index(columnList = \"rank DESC\"),", // 4
                "  @Index(columnList = \"rank desc, id\", unique = true)})", // 5
                "public class Sorted { @Id long id; int rank; }"); // 6
        assertThat(failsWith(List.of(file), "RT125"))
                .hadErrorContaining("[RT125] Sorted: descending column 'rank' in a unique index is not supported:"
                        + " Hibernate declares it as the constraint unique (rank desc, id), which PostgreSQL rejects;"
                        + " drop DESC (the order does not change what is unique), or make the index non-unique")
                .inFile(file)
                .onLine(5);
    }

    @Test
    void idOnFieldAndGetter() {
        JavaFileObject file = lines(
                "app.Mixed",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Mixed {", // 4
                "    @Id private long id;", // 5
                "    @Id public long getOther() { return 0; }", // 6
                "}");
        assertThat(failsWith(List.of(file), "RT107"))
                .hadErrorContaining("[RT107] entity Mixed has @Id on both a field and a getter")
                .inFile(file)
                .onLine(3);
    }

    @Test
    void twoMembersOnOneColumn() {
        JavaFileObject file = lines(
                "app.Twice",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Twice {", // 4
                "    @Id private long id;", // 5
                "    private String name;", // 6
                "    @Column(name = \"NAME\") private String label;", // 7
                "}");
        assertThat(failsWith(List.of(file), "RT108"))
                .hadErrorContaining(
                        "[RT108] Twice.label: column 'NAME' of table 'Twice' is already mapped by Twice.name")
                .inFile(file)
                .onLine(7);
    }

    @Test
    void unknownNamingOption() {
        Compilation c = failsWith(List.of("-Aretort.naming=kebab"), List.of(), "RT101");
        assertThat(c)
                .hadErrorContaining("[RT101] unknown -Aretort.naming=kebab; use jpa (the default), spring or snake");
    }

    @Test
    void everyBadEntityIsReportedInOneCompilation() {
        JavaFileObject a = lines(
                "app.A",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class A { @Id private long id; @Column(length = -5) private String s; }");
        JavaFileObject z = lines(
                "app.Z",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Z { private String noId; }");
        Compilation c = failsWith(List.of(z, a), "RT104", "RT102");
        assertThat(c).hadErrorContaining("[RT104]").inFile(a).onLine(4);
        assertThat(c).hadErrorContaining("[RT102]").inFile(z).onLine(3);
    }

    @Test
    void anInternalErrorStaysOnItsElementAndEveryOtherDiagnosticStillAppears() {
        JavaFileObject order = lines(
                "app.Order",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Order {", // 4
                "    @Id private long id;", // 5
                "    @Column(length = -1) private String before;", // 6
                "    private java.math.BigDecimal total;", // 7
                "    @org.hibernate.annotations.TimeZoneColumn private java.time.OffsetDateTime typed;", // 8
                "    @ManyToOne private Customer customer;", // 9
                "}");
        JavaFileObject customer = lines(
                "app.Customer",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "public class Customer {", // 4
                "    @Id private long id;", // 5
                "    @org.hibernate.annotations.SoftDelete private String name;", // 6
                "}");
        BindContext.failOn = "Order.total";
        Compilation c;
        try {
            c = failsWith(List.of(order, customer), "RT111", "RT104", "RT100", "RT111");
        } finally {
            BindContext.failOn = null;
        }
        assertThat(c)
                .hadErrorContaining("[RT100] Retort processor failed internally while processing Order.total:"
                        + " java.lang.IllegalStateException: test failure binding Order.total")
                .inFile(order)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining("[RT104] Order.before: @Column(length) must be positive, was -1")
                .inFile(order)
                .onLine(6);
        assertThat(c)
                .hadErrorContaining(
                        "[RT111] Order.typed: mapping @TimeZoneColumn is not supported yet; it takes effect with"
                                + " @TimeZoneStorage(TimeZoneStorageType.COLUMN) or AUTO only: add that, or drop"
                                + " @TimeZoneColumn")
                .inFile(order)
                .onLine(8);
        assertThat(c)
                .hadErrorContaining("[RT111] Customer.name: mapping @SoftDelete is not supported yet; Hibernate"
                        + " soft-deletes an entity, an @ElementCollection or the owning side of a @ManyToMany")
                .inFile(customer)
                .onLine(6);
    }

    @Test
    void anyAndManyToAnyThatHibernateRefusesOrCannotTypeAreRefusedWithTheirWorkaround() {
        JavaFileObject pin = lines(
                "app.Pin",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import org.hibernate.annotations.*;", // 3
                "@Entity", // 4
                "public class Pin {", // 5
                "    @Id private long id;", // 6
                "    @Any @AnyKeyJavaClass(Long.class) private Object noJoinColumn;", // 7
                "    @Any @JoinColumn(name = \"k_id\") private Object noKeyClass;", // 8
                "    @ManyToAny @AnyKeyJavaClass(Long.class) @Column(name = \"t\") private java.util.List<Object> noTable;", // 9
                "    @ManyToAny @AnyKeyJavaClass(Long.class) @Column(name = \"t\") @JoinTable(name = \"pin_k\")"
                        + " private java.util.Set<Object> noKeyColumn;", // 10
                "    @ManyToAny @AnyKeyJavaClass(Long.class) @JoinTable(name = \"pin_d\", inverseJoinColumns ="
                        + " @JoinColumn(name = \"v\")) private java.util.Set<Object> noDiscriminatorName;", // 11
                "    @ManyToAny @AnyKeyJavaClass(Long.class) @Column(name = \"t\") @JoinTable(name = \"pin_m\","
                        + " inverseJoinColumns = @JoinColumn(name = \"v\")) @MapKey(name = \"id\")"
                        + " private java.util.Map<Long, Object> byPin;", // 12
                "}");
        Compilation c = failsWith(List.of(pin), "RT111", "RT111", "RT111", "RT111", "RT111", "RT111");
        assertThat(c)
                .hadErrorContaining("[RT111] Pin.byPin: mapping a @ManyToAny map keyed by @MapKey, which Hibernate 7.1"
                        + " refuses (it looks for the key attribute in java.lang.Object, which is not an @Entity) is not"
                        + " supported yet; key it by a basic value in a @MapKeyColumn, by an entity (@MapKeyJoinColumn)"
                        + " or by an embeddable")
                .inFile(pin)
                .onLine(12);
        assertThat(c)
                .hadErrorContaining("[RT111] Pin.noJoinColumn: mapping @Any without a named @JoinColumn is not"
                        + " supported yet; name its one key column with @JoinColumn(name = \"...\"), as Hibernate 7"
                        + " requires")
                .inFile(pin)
                .onLine(7);
        assertThat(c)
                .hadErrorContaining("[RT111] Pin.noKeyClass: mapping @Any without @AnyKeyJavaClass is not supported"
                        + " yet; Hibernate cannot tell the key's type without it: add @AnyKeyJavaClass")
                .inFile(pin)
                .onLine(8);
        assertThat(c)
                .hadErrorContaining("[RT111] Pin.noTable: mapping @ManyToAny without @JoinTable(name) is not supported"
                        + " yet; name its join table with @JoinTable(name = \"...\")")
                .inFile(pin)
                .onLine(9);
        assertThat(c)
                .hadErrorContaining("[RT111] Pin.noKeyColumn: mapping @ManyToAny without one named inverse join column"
                        + " is not supported yet; name its key column with @JoinTable(inverseJoinColumns ="
                        + " @JoinColumn(name = \"...\"))")
                .inFile(pin)
                .onLine(10);
        assertThat(c)
                .hadErrorContaining("[RT111] Pin.noDiscriminatorName: mapping @ManyToAny without @Column(name) is not"
                        + " supported yet; name its discriminator column with @Column(name = \"...\")")
                .inFile(pin)
                .onLine(11);
    }

    @Test
    void softDeleteThatHibernateRefusesOrRunsCodeForIsRefusedWithTheWorkaround() {
        JavaFileObject bin = lines(
                "app.Bin",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "import org.hibernate.annotations.*;", // 3
                "@Entity", // 4
                "@SoftDelete(converter = Bin.Flag.class)", // 5
                "public class Bin {", // 6
                "    @Id private long id;", // 7
                "    @OneToMany @JoinTable(name = \"bin_items\") @SoftDelete private java.util.Set<Bin> items;", // 8
                "    @ElementCollection @SoftDelete(strategy = SoftDeleteType.TIMESTAMP,"
                        + " converter = org.hibernate.type.YesNoConverter.class) private java.util.Set<String> tags;", // 9
                "    public static class Flag implements AttributeConverter<Boolean, String> {", // 10
                "        public String convertToDatabaseColumn(Boolean b) { return b ? \"D\" : \"A\"; }",
                "        public Boolean convertToEntityAttribute(String s) { return \"D\".equals(s); }",
                "    }",
                "}");
        Compilation c = failsWith(List.of(bin), "RT111", "RT111", "RT111");
        assertThat(c)
                .hadErrorContaining("[RT111] Bin: mapping @SoftDelete(converter = Flag.class) is not supported yet;"
                        + " Hibernate lists the values it stores in a check, found by running the converter, which a"
                        + " compiler cannot: use YesNoConverter, TrueFalseConverter or NumericBooleanConverter")
                .inFile(bin)
                .onLine(5);
        assertThat(c)
                .hadErrorContaining("[RT111] Bin.items: mapping @SoftDelete is not supported yet; Hibernate"
                        + " soft-deletes an entity, an @ElementCollection or the owning side of a @ManyToMany (it"
                        + " refuses a @OneToMany)")
                .inFile(bin)
                .onLine(8);
        assertThat(c)
                .hadErrorContaining("[RT111] Bin.tags: mapping @SoftDelete(strategy = TIMESTAMP) with a converter is"
                        + " not supported yet; Hibernate refuses a converter on a TIMESTAMP indicator: drop the"
                        + " converter")
                .inFile(bin)
                .onLine(9);
    }

    @Test
    void softDeleteOnASubclassIsIgnoredAsHibernateIgnoresItWithAWarning() {
        JavaFileObject base = lines(
                "app.Base",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity @Inheritance public class Base { @Id private long id; }");
        JavaFileObject sub = lines(
                "app.Sub",
                "package app;", // 1
                "import jakarta.persistence.*;", // 2
                "@Entity", // 3
                "@org.hibernate.annotations.SoftDelete", // 4
                "public class Sub extends Base {}");
        Compilation c = compile(List.of(), base, sub);
        assertThat(c).succeeded();
        assertThat(c)
                .hadWarningContaining("[RT131] Sub: @SoftDelete on a subclass has no effect: Hibernate ignores it"
                        + " there and soft-deletes a hierarchy only by @SoftDelete on its root entity; move it to Base,"
                        + " or remove it")
                .inFile(sub)
                .onLine(4);
        dev.retort.core.model.Table table = Fixtures.table(
                dev.retort.core.model.SchemaJson.read(Fixtures.snapshotText(c).orElseThrow()), "Base");
        assertEquals(
                List.of("DTYPE", "id"),
                table.columns().stream()
                        .map(dev.retort.core.model.Column::name)
                        .sorted()
                        .toList());
    }

    @Test
    void theWorkaroundOfAnRt111UnblocksIt() {
        JavaFileObject order = lines(
                "app.Order",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Order {",
                "    @Id private long id;",
                "    @org.hibernate.annotations.Array(length = 3) @Column(columnDefinition = \"integer array[3]\") Integer[] typed;",
                "    @org.hibernate.annotations.Nationalized @Column(columnDefinition = \"nvarchar(40)\") private String n;",
                "}");
        dev.retort.core.model.Table table = Fixtures.table(Fixtures.snapshot(order, VALID), "Order");
        assertEquals(
                dev.retort.migration.Types.custom("integer array[3]"),
                Fixtures.column(table, "typed").type());
        assertEquals(
                dev.retort.migration.Types.custom("nvarchar(40)"),
                Fixtures.column(table, "n").type());
    }

    @Test
    void unresolvedTypeIsLeftToJavac() {
        JavaFileObject file = lines(
                "app.Broken",
                "package app;",
                "import jakarta.persistence.*;",
                "@Entity",
                "public class Broken { @Id private long id; private Missing thing; }");
        Compilation c = compile(file, VALID);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("cannot find symbol").inFile(file).onLine(4);
        assertTrue(c.errors().stream().noneMatch(d -> d.getMessage(Locale.ROOT).contains("[RT")), c.errors()::toString);
    }

    @Test
    void writeFailureIsReportedNotThrown() {
        // a second processor instance tries to create the same resource: the Filer refuses it
        Compilation c = Compiler.javac()
                .withProcessors(new RetortProcessor(), new RetortProcessor())
                .compile(VALID);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[RT109] cannot write the schema snapshot META-INF/retort/schema.json");
        assertEquals(1, c.errors().size());
        assertTrue(c.diagnostics().stream()
                .noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR
                        && d.getMessage(Locale.ROOT).contains("[RT100]")));
    }
}
