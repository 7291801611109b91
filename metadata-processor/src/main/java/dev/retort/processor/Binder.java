package dev.retort.processor;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Types;
import dev.retort.processor.EntityScanner.Access;
import dev.retort.processor.EntityScanner.Entity;
import dev.retort.processor.EntityScanner.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Stage two: binds the entities to tables, columns, keys, constraints and sequences, as Hibernate
 * ORM 7 does for the same mapping. Structure (hierarchies, keys, plain and embedded columns) is
 * bound per entity first; associations, which need the tables and keys of other entities, after
 * all of them; constraints that name columns last.
 *
 * <p>Problems are collected, never thrown, and reported on the member that causes them.
 */
final class Binder {

    private static final int SQL_TYPES_JSON = 3001;
    private static final int DISCRIMINATOR_LENGTH = 31;
    private static final long SEQUENCE_START = 1;
    private static final int SEQUENCE_INCREMENT = 50;

    enum Strategy { SINGLE_TABLE, JOINED, TABLE_PER_CLASS }

    /** A primary-key column of an entity's table and the logical name implicit join columns are built from. */
    record KeyColumn(String logical, Column column) {
    }

    /** Everything bound for one entity. */
    static final class Binding {
        final Entity entity;
        Binding root;
        Strategy strategy;
        Access access;
        boolean emitted;
        /** The table holding this entity's own columns. */
        TableDraft table;
        /** An abstract class under TABLE_PER_CLASS: its table is never created, only its subclasses' are. */
        boolean tableless;
        final Map<String, TableDraft> secondaryTables = new LinkedHashMap<>();
        List<KeyColumn> key;
        /** Logical column names (explicit or attribute names), lower case, to physical columns, for referencedColumnName and @Index. */
        final Map<String, String> logicalColumns = new HashMap<>();
        /** Physical column names, lower case, to their logical names as written. */
        final Map<String, String> logicalNames = new HashMap<>();

        void logical(String logical, String physical) {
            logicalColumns.putIfAbsent(logical.toLowerCase(Locale.ROOT), physical);
            logicalNames.putIfAbsent(physical.toLowerCase(Locale.ROOT), logical);
        }
        /** Under SINGLE_TABLE, a subclass's {@code DTYPE <> 'X'} and its implicitly required columns. */
        String discriminatorGuard;
        /** Columns by attribute path, sorted as Hibernate lists them in the check. */
        final Map<String, List<String>> guardedColumns = new TreeMap<>();
        final List<String> naturalId = new ArrayList<>();
        boolean keyBound;
        boolean columnsBound;
        boolean bindingKey;

        Binding(Entity entity) {
            this.entity = entity;
        }

        String tableName() {
            return table == null ? null : table.name;
        }
    }

    /**
     * Where the columns of a value go and what constrains them.
     *
     * @param path      the attribute path to the value's container, {@code ""} or {@code "home."}
     * @param columnOverrides      {@code @AttributeOverride} columns by full path, outermost first
     * @param associationOverrides {@code @AssociationOverride}s by full path
     * @param embedded  inside an embeddable: primitives stay nullable
     * @param key       part of the primary key: never null
     * @param bvNotNull Bean Validation's not-null constraints apply here
     * @param bvActive  Bean Validation's size and range constraints apply here
     */
    record Ctx(Binding owner, TableDraft table, String path, Map<String, AnnotationMirror> columnOverrides,
               Map<String, AnnotationMirror> associationOverrides, boolean embedded, boolean key, boolean guarded,
               boolean bvNotNull, boolean bvActive, Access access, boolean emit) {

        String source(String attribute) {
            return owner.entity.simpleName + "." + path + attribute;
        }

        Ctx nested(String attribute, Map<String, AnnotationMirror> columns, Map<String, AnnotationMirror> associations,
                   boolean notNull, boolean active, Access innerAccess) {
            return new Ctx(owner, table, path + attribute + ".", columns, associations, true, key, guarded,
                    notNull, active, innerAccess, emit);
        }

        Ctx asKey() {
            return new Ctx(owner, table, path, columnOverrides, associationOverrides, embedded, true, false,
                    bvNotNull, bvActive, access, emit);
        }
    }

    private final Elements elements;
    private final javax.lang.model.util.Types types;
    private final Naming naming;
    private final EntityScanner scanner;
    private final TypeMapping typeMapping;
    private final Map<String, TypeElement> autoApply;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, TableDraft> tables = new LinkedHashMap<>();
    private final Map<String, Sequence> sequences = new TreeMap<>();
    private final Map<Entity, Binding> bindings = new HashMap<>();
    private final List<Runnable> associations = new ArrayList<>();
    private final List<Runnable> constraints = new ArrayList<>();
    private final Collections collections;

    Binder(Elements elements, javax.lang.model.util.Types types, Naming naming, Map<String, TypeElement> autoApply) {
        this.elements = elements;
        this.types = types;
        this.naming = naming;
        this.scanner = new EntityScanner(types, elements);
        this.typeMapping = new TypeMapping(elements, types);
        this.autoApply = autoApply;
        this.collections = new Collections(this);
    }

    /** Binds the given entities (qualified names sorted) into a schema; see {@link #problems()}. */
    Schema bind(List<TypeElement> entityTypes) {
        List<Binding> emitted = new ArrayList<>();
        for (TypeElement type : entityTypes) {
            Entity entity = scanner.entity(type);
            if (entity != null) {
                Binding b = binding(entity);
                b.emitted = true;
                emitted.add(b);
            }
        }
        emitted.sort(Comparator.<Binding>comparingInt(b -> depth(b.entity)).thenComparing(b -> b.entity.qualifiedName));
        for (Binding b : emitted) {
            structure(b);
        }
        for (int i = 0; i < associations.size(); i++) {
            associations.get(i).run();
        }
        constraints.forEach(Runnable::run);
        for (Binding b : emitted) {
            finish(b);
        }
        List<Table> result = tables.values().stream().map(TableDraft::toTable).toList();
        return new Schema(result, List.copyOf(sequences.values()));
    }

    List<Problem> problems() {
        return problems;
    }

    /** The entities whose tables or columns the schema holds; the snapshot's originating elements. */
    List<String> emittedEntities() {
        return bindings.values().stream().filter(b -> b.emitted).map(b -> b.entity.qualifiedName).sorted().toList();
    }

    // ---------------------------------------------------------------- structure

    private static int depth(Entity e) {
        int d = 0;
        for (Entity p = e.parent; p != null; p = p.parent) {
            d++;
        }
        return d;
    }

    /** The binding of an entity: hierarchy, strategy and table name, computed once. */
    Binding binding(Entity entity) {
        Binding known = bindings.get(entity);
        if (known != null) {
            return known;
        }
        Binding b = new Binding(entity);
        bindings.put(entity, b);
        if (entity.parent == null) {
            b.root = b;
            b.strategy = switch (Jpa.constant(entity.get(Jpa.INHERITANCE), "strategy", "SINGLE_TABLE")) {
                case "JOINED" -> Strategy.JOINED;
                case "TABLE_PER_CLASS" -> Strategy.TABLE_PER_CLASS;
                default -> Strategy.SINGLE_TABLE;
            };
            boolean[] mixed = new boolean[1];
            b.access = scanner.hierarchyAccess(entity, mixed);
            if (mixed[0]) {
                problem(Message.MIXED_ID_PLACEMENT, entity.type, entity.get(Jpa.ENTITY), entity.simpleName);
            }
            if (b.access == null) {
                b.access = Access.FIELD;
            }
        } else {
            Binding parent = binding(entity.parent);
            b.root = parent.root;
            b.strategy = parent.strategy;
            b.access = parent.access;
        }
        b.tableless = b.strategy == Strategy.TABLE_PER_CLASS && entity.isAbstract();
        if (b.strategy == Strategy.SINGLE_TABLE && entity.parent != null) {
            b.table = b.root.table;
        } else {
            b.table = new TableDraft(naming.physical(logicalTableName(entity)), entity.simpleName, entity.qualifiedName);
            AnnotationMirror renamed = entity.get(Jpa.RENAMED_FROM);
            if (renamed != null) {
                b.table.renamedFrom = Jpa.string(renamed, "value");
            }
        }
        for (AnnotationMirror secondary : Jpa.repeated(entity.annotations, Jpa.SECONDARY_TABLE, Jpa.SECONDARY_TABLES)) {
            String name = Jpa.string(secondary, "name");
            b.secondaryTables.put(name.toLowerCase(Locale.ROOT),
                    new TableDraft(naming.physical(name), entity.simpleName, entity.qualifiedName));
        }
        return b;
    }

    static String logicalTableName(Entity entity) {
        String name = Jpa.string(entity.get(Jpa.TABLE), "name");
        return name.isEmpty() ? entity.entityName : name;
    }

    /** Binds an entity's key and its own plain and embedded columns; queues its associations. */
    private void structure(Binding b) {
        if (b.columnsBound) {
            return;
        }
        b.columnsBound = true;
        if (b.entity.parent != null) {
            structure(binding(b.entity.parent));
        }
        Entity e = b.entity;
        for (String name : List.of("catalog", "schema")) {
            if (!Jpa.string(e.get(Jpa.TABLE), name).isEmpty()) {
                problem(Message.UNSUPPORTED_MAPPING, e.type, e.get(Jpa.TABLE), e.simpleName, "@Table(" + name + ")");
            }
        }
        for (String name : Jpa.UNSUPPORTED_HIBERNATE) {
            if (e.annotations.containsKey(name)) {
                problem(Message.UNSUPPORTED_MAPPING, e.type, e.get(name), e.simpleName, "@" + name.substring(2));
            }
        }
        if (b.emitted) {
            for (String[] kind : new String[][] {{Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES},
                    {Jpa.ASSOCIATION_OVERRIDE, Jpa.ASSOCIATION_OVERRIDES}}) {
                for (AnnotationMirror o : Jpa.repeated(e.annotations, kind[0], kind[1])) {
                    if (!hasPath((DeclaredType) e.type.asType(), Jpa.string(o, "name"), b.access)) {
                        problem(Message.UNKNOWN_OVERRIDE, e.type, o, e.simpleName, "@" + kind[0], Jpa.string(o, "name"),
                                e.simpleName);
                    }
                }
            }
        }
        if (b.emitted && !b.tableless) {
            for (TableDraft t : tablesOf(b)) {
                register(t, e);
            }
        }
        key(b);
        if (b.tableless) {
            return;
        }
        Ctx ctx = topContext(b, b.emitted);
        if (b.entity.parent == null || b.strategy == Strategy.JOINED) {
            discriminator(b);
        }
        if (b.strategy == Strategy.SINGLE_TABLE && b.entity.parent != null) {
            guard(b);
        }
        for (Member m : ownMembers(b)) {
            if (m.isId() && (b.entity.parent == null || b.strategy == Strategy.TABLE_PER_CLASS)) {
                continue;
            }
            value(m, ctx);
        }
        if (b.emitted) {
            constraints.add(() -> tableConstraints(b));
        }
    }

    private List<TableDraft> tablesOf(Binding b) {
        List<TableDraft> all = new ArrayList<>();
        if (b.table != null && (b.entity.parent == null || b.strategy != Strategy.SINGLE_TABLE)) {
            all.add(b.table);
        }
        all.addAll(b.secondaryTables.values());
        return all;
    }

    /** Adds an entity's table to the schema, or joins one another entity maps already. */
    private void register(TableDraft draft, Entity e) {
        TableDraft existing = tables.get(TableDraft.key(draft.name));
        if (existing == null) {
            tables.put(TableDraft.key(draft.name), draft);
            return;
        }
        Binding b = bindings.get(e);
        if (b.table == draft) {
            b.table = existing;
        }
        b.secondaryTables.replaceAll((k, v) -> v == draft ? existing : v);
    }

    Ctx topContext(Binding b, boolean emit) {
        Map<String, AnnotationMirror> overrides = new HashMap<>();
        Map<String, AnnotationMirror> associationOverrides = new HashMap<>();
        for (Entity e = b.entity; e != null; e = e.parent) {
            for (AnnotationMirror o : Jpa.repeated(e.annotations, Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES)) {
                overrides.putIfAbsent(Jpa.string(o, "name"), Jpa.annotation(o, "column"));
            }
            for (AnnotationMirror o : Jpa.repeated(e.annotations, Jpa.ASSOCIATION_OVERRIDE, Jpa.ASSOCIATION_OVERRIDES)) {
                associationOverrides.putIfAbsent(Jpa.string(o, "name"), o);
            }
        }
        return new Ctx(b, b.table, "", overrides, associationOverrides, false, false,
                b.strategy == Strategy.SINGLE_TABLE && b.entity.parent != null, true, true, b.access, emit);
    }

    /**
     * The members whose columns go into this entity's table: its own (and its mapped superclasses'),
     * and under TABLE_PER_CLASS those of its entity superclasses too.
     */
    List<Member> ownMembers(Binding b) {
        List<Member> members = new ArrayList<>();
        List<Entity> sources = new ArrayList<>();
        for (Entity e = b.entity; e != null; e = e.parent) {
            sources.add(0, e);
            if (b.strategy != Strategy.TABLE_PER_CLASS) {
                break;
            }
        }
        DeclaredType owner = (DeclaredType) b.entity.type.asType();
        for (Entity e : sources) {
            for (TypeElement t : e.ownTypes) {
                members.addAll(scanner.members(owner, t, b.access));
            }
        }
        return members;
    }

    // ---------------------------------------------------------------- keys and generators

    /** The primary-key columns of an entity's table, binding them into it on first use. */
    List<KeyColumn> key(Binding b) {
        if (b.keyBound) {
            return b.key;
        }
        if (b.bindingKey) {
            // a derived identity that depends on itself: reported where it is mapped
            return List.of();
        }
        b.bindingKey = true;
        try {
            if (b.entity.parent == null || b.strategy == Strategy.TABLE_PER_CLASS) {
                b.key = rootKey(b);
            } else if (b.strategy == Strategy.SINGLE_TABLE) {
                b.key = key(b.root);
            } else {
                b.key = joinedKey(b);
            }
            b.keyBound = true;
            if (b.table != null && !b.key.isEmpty() && (b.entity.parent == null || b.strategy != Strategy.SINGLE_TABLE)) {
                List<String> names = b.key.stream().map(k -> k.column().name()).toList();
                if (!b.table.primaryKey().isEmpty() && !lower(b.table.primaryKey()).equals(lower(names))) {
                    Entity other = scanner.entity(elements.getTypeElement(b.table.owner));
                    problem(Message.TABLE_CONFLICT, b.entity.type, b.entity.get(Jpa.ENTITY), b.entity.simpleName,
                            b.table.name, other == null ? b.table.owner : other.simpleName, "the primary key",
                            names, b.table.primaryKey());
                }
                b.table.primaryKey(names);
            }
            return b.key;
        } finally {
            b.bindingKey = false;
        }
    }

    private List<KeyColumn> rootKey(Binding b) {
        Entity root = b.entity;
        List<Member> ids = new ArrayList<>();
        Member mapsId = null;
        for (Member m : ownMembers(b)) {
            if (m.isId()) {
                ids.add(m);
            } else if (m.has(Jpa.MAPS_ID) && Jpa.string(m.get(Jpa.MAPS_ID), "value").isEmpty()) {
                mapsId = m;
            }
        }
        if (ids.isEmpty()) {
            problem(Message.NO_ID, root.type, root.get(Jpa.ENTITY), root.simpleName);
            return List.of();
        }
        Ctx ctx = topContext(b, b.emitted).asKey();
        List<KeyColumn> key = new ArrayList<>();
        if (ids.size() == 1 && ids.get(0).has(Jpa.EMBEDDED_ID)) {
            Member id = ids.get(0);
            int before = b.table == null ? 0 : b.table.columns().size();
            embedded(id, ctx, embeddedIdMapsIds(b));
            if (b.table != null) {
                for (Column c : b.table.columns().subList(before, b.table.columns().size())) {
                    key.add(new KeyColumn(logicalOf(b, c.name()), c));
                }
            }
            return key;
        }
        for (Member id : ids) {
            if (mapsId != null && ids.size() == 1 && !isAssociation(id)) {
                // @MapsId: the association's join columns are the key
                key.addAll(toOne(mapsId, ctx, true));
                continue;
            }
            if (isAssociation(id)) {
                key.addAll(toOne(id, ctx, true));
                continue;
            }
            Column c = basic(id, ctx);
            if (c == null) {
                continue;
            }
            if (id.has(Jpa.GENERATED_VALUE)) {
                c = generated(b, id, c, ctx);
                if (b.table != null) {
                    b.table.replace(c);
                }
            }
            key.add(new KeyColumn(logicalName(id, ctx), c));
        }
        return key;
    }

    /** {@code @MapsId("attr")} associations of an entity with an {@code @EmbeddedId}, by embedded attribute. */
    private Map<String, Member> embeddedIdMapsIds(Binding b) {
        Map<String, Member> result = new HashMap<>();
        for (Member m : ownMembers(b)) {
            String value = Jpa.string(m.get(Jpa.MAPS_ID), "value");
            if (m.has(Jpa.MAPS_ID) && !value.isEmpty()) {
                result.put(value, m);
            }
        }
        return result;
    }

    private List<KeyColumn> joinedKey(Binding b) {
        Binding parent = binding(b.entity.parent);
        List<KeyColumn> parentKey = key(parent);
        List<AnnotationMirror> pkJoins = Jpa.repeated(b.entity.annotations, Jpa.PRIMARY_KEY_JOIN_COLUMN,
                Jpa.PRIMARY_KEY_JOIN_COLUMNS);
        List<KeyColumn> key = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        for (int i = 0; i < parentKey.size(); i++) {
            KeyColumn ref = parentKey.get(i);
            AnnotationMirror join = pkJoin(pkJoins, ref, i);
            String name = join == null || Jpa.string(join, "name").isEmpty()
                    ? ref.column().name() : naming.physical(Jpa.string(join, "name"));
            Column c = new Column(name, ref.column().type(), false, false, b.entity.simpleName + "." + ref.logical());
            if (b.table != null) {
                addColumn(b.table, c, new TableDraft.Mapping(b.entity.qualifiedName, c.source(), true),
                        b.entity.type, null);
            }
            key.add(new KeyColumn(join == null || Jpa.string(join, "name").isEmpty() ? ref.logical()
                    : Jpa.string(join, "name"), c));
            referenced.add(ref.column().name());
            b.logical(key.get(i).logical(), name);
        }
        if (b.table != null && parent.table != null && !key.isEmpty()) {
            AnnotationMirror fk = pkJoins.isEmpty() ? null : Jpa.annotation(pkJoins.get(0), "foreignKey");
            foreignKey(b.table, key.stream().map(k -> k.column().name()).toList(), parent.table.name, referenced,
                    fk, null, b.entity.simpleName);
        }
        return key;
    }

    private static AnnotationMirror pkJoin(List<AnnotationMirror> joins, KeyColumn ref, int index) {
        for (AnnotationMirror j : joins) {
            String referenced = Jpa.string(j, "referencedColumnName");
            if (!referenced.isEmpty() && (referenced.equalsIgnoreCase(ref.column().name())
                    || referenced.equalsIgnoreCase(ref.logical()))) {
                return j;
            }
        }
        return index < joins.size() && Jpa.string(joins.get(index), "referencedColumnName").isEmpty()
                ? joins.get(index) : null;
    }

    /** Applies {@code @GeneratedValue}: an identity column, a sequence or a generator table. */
    private Column generated(Binding b, Member id, Column column, Ctx ctx) {
        AnnotationMirror gv = id.get(Jpa.GENERATED_VALUE);
        String strategy = Jpa.constant(gv, "strategy", "AUTO");
        String generator = Jpa.string(gv, "generator");
        String source = ctx.source(id.name());
        AnnotationMirror declared = strategy.equals("IDENTITY") || strategy.equals("UUID") ? null
                : localGenerator(b, id, generator, strategy);
        if (declared != null && Jpa.qualifiedName(declared).endsWith("." + Jpa.TABLE_GENERATOR)) {
            generatorTable(declared, source);
            return column;
        }
        if (declared != null) {
            String name = Jpa.string(declared, "sequenceName");
            sequence(!name.isEmpty() ? naming.physical(name) : sequenceName(b, generator),
                    Jpa.integer(declared, "initialValue", 1),
                    Jpa.integer(declared, "allocationSize", SEQUENCE_INCREMENT), source, id, gv);
            return column;
        }
        switch (strategy) {
            case "IDENTITY" -> {
                return new Column(column.name(), column.type(), column.nullable(), true, column.defaultValue(),
                        column.comment(), column.source(), column.renamedFrom());
            }
            case "UUID" -> {
                return column;
            }
            case "TABLE" -> {
                generatorTable(null, source);
                return column;
            }
            default -> {
                if ("AUTO".equals(strategy) && column.type().kind() == ColumnType.Kind.UUID) {
                    return column;
                }
                if (!isInteger(column.type())) {
                    problem(Message.UNSUPPORTED_MAPPING, id.element(), gv, source,
                            "@GeneratedValue(strategy = " + strategy + ") on a " + column.type() + " identifier");
                    return column;
                }
                sequence(sequenceName(b, generator), SEQUENCE_START, SEQUENCE_INCREMENT, source, id, gv);
                return column;
            }
        }
    }

    /** The generator's name, else {@code <root table>_SEQ} (the root's, even under TABLE_PER_CLASS). */
    private String sequenceName(Binding b, String generator) {
        return generator.isEmpty()
                ? naming.physical(naming.physical(logicalTableName(b.root.entity)) + Naming.SEQUENCE_SUFFIX)
                : naming.physical(generator);
    }

    /**
     * The generator a {@code @GeneratedValue} uses, searched where Hibernate 7 searches: the id
     * member, the entity class, the class declaring the id, its package. Generators are not global:
     * one declared on another entity is not found. A match by name wins over an unnamed generator.
     */
    private AnnotationMirror localGenerator(Binding b, Member id, String name, String strategy) {
        List<String> kinds = switch (strategy) {
            case "SEQUENCE" -> List.of(Jpa.SEQUENCE_GENERATOR);
            case "TABLE" -> List.of(Jpa.TABLE_GENERATOR);
            default -> List.of(Jpa.SEQUENCE_GENERATOR, Jpa.TABLE_GENERATOR);
        };
        Element declaring = id.element().getEnclosingElement();
        List<Element> places = List.of(id.element(), b.entity.type, declaring, elements.getPackageOf(declaring));
        AnnotationMirror unnamed = null;
        for (Element place : places) {
            Map<String, AnnotationMirror> ann = scanner.annotations(place);
            for (String kind : kinds) {
                for (AnnotationMirror g : Jpa.repeated(ann, kind, kind + "s")) {
                    String registered = Jpa.string(g, "name");
                    if (registered.isEmpty() && unnamed == null) {
                        unnamed = g;
                    } else if (!name.isEmpty() && registered.equals(name)) {
                        return g;
                    }
                }
            }
        }
        return unnamed;
    }

    private static boolean isInteger(ColumnType t) {
        return switch (t.kind()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT -> true;
            case DECIMAL -> t.scale() == 0;
            default -> false;
        };
    }

    private void sequence(String name, long start, int increment, String source, Member id, AnnotationMirror at) {
        Sequence s = new Sequence(name, start, increment, source);
        Sequence existing = sequences.putIfAbsent(name.toLowerCase(Locale.ROOT), s);
        if (existing != null && !existing.sameDefinition(s)) {
            problem(Message.SEQUENCE_CONFLICT, id.element(), at, source, name, start, increment, existing.start(),
                    existing.increment(), existing.source());
        }
    }

    /** The table a {@code @TableGenerator} (or GenerationType.TABLE's default) keeps its values in. */
    private void generatorTable(AnnotationMirror g, String source) {
        String table = naming.physical(orDefault(Jpa.string(g, "table"), Naming.TABLE_GENERATOR_TABLE));
        // Hibernate names the table through the naming strategy, but not its columns
        String segment = orDefault(Jpa.string(g, "pkColumnName"), "sequence_name");
        String value = orDefault(Jpa.string(g, "valueColumnName"), "next_val");
        TableDraft t = tables.get(TableDraft.key(table));
        if (t == null) {
            t = new TableDraft(table, source, source);
            tables.put(TableDraft.key(table), t);
            t.put(new Column(segment, Types.varchar(TypeMapping.DEFAULT_LENGTH), false, false, source),
                    new TableDraft.Mapping(source, source, true));
            t.put(new Column(value, Types.bigint(), true, false, source), new TableDraft.Mapping(source, source, true));
            t.primaryKey(List.of(segment));
        }
    }

    private static String orDefault(String value, String defaultValue) {
        return value.isEmpty() ? defaultValue : value;
    }

    // ---------------------------------------------------------------- inheritance

    /** The discriminator column of a SINGLE_TABLE hierarchy (or of any with {@code @DiscriminatorColumn}). */
    private void discriminator(Binding b) {
        Entity e = b.entity;
        AnnotationMirror dc = e.get(Jpa.DISCRIMINATOR_COLUMN);
        boolean needed = b.strategy == Strategy.SINGLE_TABLE ? dc != null || !e.children.isEmpty()
                : b.strategy == Strategy.JOINED && dc != null;
        if (!needed || b.entity.parent != null) {
            return;
        }
        String kind = Jpa.constant(dc, "discriminatorType", "STRING");
        String name = naming.physical(orDefault(Jpa.string(dc, "name"), Naming.DISCRIMINATOR));
        String definition = Jpa.string(dc, "columnDefinition");
        ColumnType type = !definition.isEmpty() ? Types.custom(definition) : switch (kind) {
            case "CHAR" -> Types.fixedChar(1);
            case "INTEGER" -> Types.integer();
            default -> Types.varchar(Jpa.integer(dc, "length", DISCRIMINATOR_LENGTH));
        };
        List<String> values = new ArrayList<>();
        boolean nullable = false;
        boolean catchAll = false;
        for (Entity member : hierarchy(e)) {
            String value = discriminatorValue(member, kind);
            if ("null".equals(value)) {
                nullable = true;
            } else if ("not null".equals(value)) {
                catchAll = true;
            } else if (value != null && !member.isAbstract()) {
                values.add(kind.equals("INTEGER") ? value : "'" + value.replace("'", "''") + "'");
            }
        }
        String source = e.simpleName + "." + name;
        addColumn(b.table, new Column(name, type, nullable, false, source),
                new TableDraft.Mapping(e.qualifiedName, source, true), e.type, dc);
        if (!catchAll && !values.isEmpty()) {
            b.table.columnCheck(name, name + " in (" + String.join(",", values) + ")");
        }
    }

    /** The entity and its subclasses, root first, subclasses depth-first in name order. */
    private static List<Entity> hierarchy(Entity root) {
        List<Entity> all = new ArrayList<>();
        all.add(root);
        root.children.stream().sorted(Comparator.comparing(c -> c.qualifiedName))
                .forEach(c -> all.addAll(hierarchy(c)));
        return all;
    }

    /** {@code @DiscriminatorValue}, else the entity name (its hash for INTEGER), null for CHAR without one. */
    private String discriminatorValue(Entity e, String kind) {
        AnnotationMirror dv = e.get(Jpa.DISCRIMINATOR_VALUE);
        if (dv != null) {
            return Jpa.string(dv, "value");
        }
        return switch (kind) {
            case "INTEGER" -> String.valueOf(e.entityName.hashCode());
            case "CHAR" -> {
                if (!e.isAbstract()) {
                    problem(Message.DISCRIMINATOR_VALUE_REQUIRED, e.type, e.get(Jpa.ENTITY), e.simpleName, "CHAR");
                }
                yield null;
            }
            default -> e.entityName;
        };
    }

    /** Under SINGLE_TABLE, the condition that exempts other classes' rows from a subclass's required columns. */
    private void guard(Binding b) {
        Entity root = b.root.entity;
        AnnotationMirror dc = root.get(Jpa.DISCRIMINATOR_COLUMN);
        String kind = Jpa.constant(dc, "discriminatorType", "STRING");
        String column = naming.physical(orDefault(Jpa.string(dc, "name"), Naming.DISCRIMINATOR));
        String value = discriminatorValue(b.entity, kind);
        if (value == null || b.entity.isAbstract() || "not null".equals(value)) {
            return;
        }
        b.discriminatorGuard = "null".equals(value) ? column + " is null"
                : column + " <> " + (kind.equals("INTEGER") ? value : "'" + value.replace("'", "''") + "'");
    }

    /** Records a column a SINGLE_TABLE subclass requires but must leave nullable in the shared table. */
    void guarded(Ctx ctx, String attribute, String column) {
        if (ctx.owner().discriminatorGuard != null) {
            ctx.owner().guardedColumns.computeIfAbsent(ctx.path() + attribute, k -> new ArrayList<>()).add(column);
        }
    }

    private void finish(Binding b) {
        if (!b.guardedColumns.isEmpty() && b.table != null) {
            String required = String.join(" and ", b.guardedColumns.values().stream().flatMap(List::stream)
                    .map(c -> c + " is not null").toList());
            b.table.tableCheck(new Check(ConstraintNames.check(b.table.name, b.entity.entityName),
                    b.discriminatorGuard + " or (" + required + ")", b.entity.simpleName));
        }
        if (b.naturalId.size() > 0 && b.table != null) {
            b.table.index(new Index(ConstraintNames.uniqueKey(b.table.name, b.naturalId), b.naturalId, true,
                    b.entity.simpleName));
        }
    }

    // ---------------------------------------------------------------- values

    boolean isAssociation(Member m) {
        return m.has(Jpa.MANY_TO_ONE) || m.has(Jpa.ONE_TO_ONE);
    }

    private boolean isCollection(Member m) {
        return m.has(Jpa.ONE_TO_MANY) || m.has(Jpa.MANY_TO_MANY) || m.has(Jpa.ELEMENT_COLLECTION);
    }

    private boolean isEmbedded(Member m) {
        if (m.has(Jpa.EMBEDDED) || m.has(Jpa.EMBEDDED_ID)) {
            return true;
        }
        return m.type() instanceof DeclaredType d && scanner.isEmbeddable((TypeElement) d.asElement());
    }

    /** Binds one member: columns now, associations and collections later. */
    void value(Member m, Ctx ctx) {
        if (m.type().getKind() == TypeKind.ERROR || m.has(Jpa.H_FORMULA)) {
            return;
        }
        for (String name : Jpa.UNSUPPORTED_HIBERNATE) {
            if (m.has(name)) {
                problem(Message.UNSUPPORTED_MAPPING, m.element(), m.get(name), ctx.source(m.name()), "@" + name.substring(2));
                return;
            }
        }
        if (isAssociation(m)) {
            if (m.has(Jpa.MAPS_ID) && ctx.path().isEmpty()) {
                // its columns are the key; only the constraint is left to add
                return;
            }
            if (ctx.emit()) {
                associations.add(() -> toOne(m, ctx, false));
            } else {
                toOne(m, ctx, false);
            }
            return;
        }
        if (isCollection(m)) {
            if (ctx.emit()) {
                associations.add(() -> collections.bind(m, ctx));
            }
            return;
        }
        if (isEmbedded(m)) {
            embedded(m, ctx, Map.of());
            return;
        }
        basic(m, ctx);
    }

    /** The columns of an embeddable, with {@code @AttributeOverride}s applied, outermost first. */
    void embedded(Member m, Ctx ctx, Map<String, Member> mapsIds) {
        if (!(m.type() instanceof DeclaredType declared) || !scanner.isEmbeddable((TypeElement) declared.asElement())) {
            problem(Message.UNSUPPORTED_MAPPING, m.element(), m.get(Jpa.EMBEDDED), ctx.source(m.name()),
                    "@Embedded on " + m.type() + ", which is not @Embeddable");
            return;
        }
        TypeElement type = (TypeElement) declared.asElement();
        String prefix = ctx.path() + m.name() + ".";
        Map<String, AnnotationMirror> columns = new HashMap<>(ctx.columnOverrides());
        for (AnnotationMirror o : Jpa.repeated(m.annotations(), Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES)) {
            if (checkOverride(m, o, declared, ctx, "@AttributeOverride")) {
                columns.putIfAbsent(prefix + Jpa.string(o, "name"), Jpa.annotation(o, "column"));
            }
        }
        Map<String, AnnotationMirror> associationOverrides = new HashMap<>(ctx.associationOverrides());
        for (AnnotationMirror o : Jpa.repeated(m.annotations(), Jpa.ASSOCIATION_OVERRIDE, Jpa.ASSOCIATION_OVERRIDES)) {
            if (checkOverride(m, o, declared, ctx, "@AssociationOverride")) {
                associationOverrides.putIfAbsent(prefix + Jpa.string(o, "name"), o);
            }
        }
        boolean valid = m.has("v:Valid");
        boolean notNull = ctx.bvNotNull() && ctx.bvActive() && valid && hasNotNull(m);
        Access access = scanner.classAccess(type);
        Ctx inner = ctx.nested(m.name(), columns, associationOverrides, notNull, ctx.bvActive() && valid,
                access == null ? ctx.access() : access);
        List<TypeElement> chain = new ArrayList<>();
        for (TypeElement t = type; t != null; ) {
            chain.add(0, t);
            TypeMirror s = t.getSuperclass();
            t = s.getKind() == TypeKind.DECLARED && scanner.annotations(((DeclaredType) s).asElement())
                    .containsKey(Jpa.MAPPED_SUPERCLASS) ? (TypeElement) ((DeclaredType) s).asElement() : null;
        }
        for (TypeElement t : chain) {
            for (Member inside : scanner.members(declared, t, inner.access())) {
                Member association = mapsIds.get(inside.name());
                if (association != null) {
                    // @MapsId("attr"): the association's join columns stand in for this key attribute
                    toOne(association, new Ctx(ctx.owner(), ctx.table(), "", ctx.columnOverrides(),
                            ctx.associationOverrides(), false, true, false, true, true, ctx.access(), ctx.emit()), true);
                    continue;
                }
                value(inside, inner);
            }
        }
    }

    /** An override must name an attribute (path) of the embeddable; reports it when it does not. */
    private boolean checkOverride(Member m, AnnotationMirror override, DeclaredType embeddable, Ctx ctx, String what) {
        String name = Jpa.string(override, "name");
        if (hasPath(embeddable, name, ctx.access())) {
            return true;
        }
        problem(Message.UNKNOWN_OVERRIDE, m.element(), override, ctx.source(m.name()), what, name, embeddable);
        return false;
    }

    /** True when the dotted path names a persistent attribute of the type, through nested embeddables. */
    private boolean hasPath(DeclaredType type, String path, Access access) {
        String first = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        TypeElement element = (TypeElement) type.asElement();
        Access own = scanner.classAccess(element);
        for (TypeElement t = element; t != null; ) {
            for (Member member : scanner.members(type, t, own == null ? access : own)) {
                if (member.name().equals(first)) {
                    return first.equals(path) || member.type() instanceof DeclaredType d
                            && hasPath(d, path.substring(first.length() + 1), access);
                }
            }
            TypeMirror s = t.getSuperclass();
            t = s.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) s).asElement() : null;
            if (t != null && !scanner.annotations(t).containsKey(Jpa.MAPPED_SUPERCLASS)
                    && !scanner.annotations(t).containsKey(Jpa.ENTITY)) {
                t = null;
            }
        }
        return false;
    }

    /** The logical name of a basic member's column: {@code @Column(name)} or the attribute name. */
    String logicalName(Member m, Ctx ctx) {
        AnnotationMirror column = columnAnnotation(m, ctx);
        String name = Jpa.string(column, "name");
        return name.isEmpty() ? m.name() : name;
    }

    private AnnotationMirror columnAnnotation(Member m, Ctx ctx) {
        AnnotationMirror override = ctx.columnOverrides().get(ctx.path() + m.name());
        return override != null ? override : m.get(Jpa.COLUMN);
    }

    private static String logicalOf(Binding b, String physical) {
        return b.logicalNames.getOrDefault(physical.toLowerCase(Locale.ROOT), physical);
    }

    /** A plain column: type, nullability, default, comment, checks; added to its table. Null on a problem. */
    Column basic(Member m, Ctx ctx) {
        return basic(m, ctx, m.type());
    }

    /** As {@link #basic(Member, Ctx)}, for a value of the given type (a collection's element). */
    Column basic(Member m, Ctx ctx, TypeMirror valueType) {
        String source = ctx.source(m.name());
        AnnotationMirror column = columnAnnotation(m, ctx);
        if (!validSizes(m, column, source)) {
            return null;
        }
        TypeMirror javaType = valueType;
        boolean converted = false;
        AnnotationMirror convert = m.get(Jpa.CONVERT);
        TypeElement converter = convert == null || Jpa.bool(convert, "disableConversion", false) ? null
                : Jpa.typeElement(convert, "converter");
        if (converter == null && (convert == null || !Jpa.bool(convert, "disableConversion", false))) {
            converter = autoApply.get(erasedName(javaType));
        }
        if (converter != null) {
            TypeMirror database = converterType(converter, 1);
            if (database == null) {
                problem(Message.CONVERTER_TYPE, m.element(), convert, source, converter.getQualifiedName());
                return null;
            }
            javaType = database;
            converted = true;
        }
        ColumnType type = columnType(m, javaType, column, converted, ctx, source);
        if (type == null) {
            return null;
        }
        return addBasicColumn(m, ctx, column, type, javaType, converted, source);
    }

    /** The column type of a basic member, or null after reporting why there is none. */
    ColumnType columnType(Member m, TypeMirror javaType, AnnotationMirror column, boolean converted, Ctx ctx, String source) {
        String definition = Jpa.string(column, "columnDefinition");
        if (!definition.isEmpty()) {
            return Types.custom(definition.trim());
        }
        AnnotationMirror jdbcTypeCode = m.get(Jpa.H_JDBC_TYPE_CODE);
        if (jdbcTypeCode != null && Jpa.integer(jdbcTypeCode, "value", 0) != SQL_TYPES_JSON) {
            problem(Message.UNSUPPORTED_MAPPING, m.element(), jdbcTypeCode, source,
                    "@JdbcTypeCode(" + Jpa.integer(jdbcTypeCode, "value", 0) + "); only SqlTypes.JSON is");
            return null;
        }
        TypeMapping.Settings settings = settings(m, column, javaType, converted, ctx);
        if (Jpa.has(column, "precision") && isFloatingPoint(javaType)) {
            // Hibernate turns the digits into a binary precision, float(p), which Retort has no type for
            problem(Message.UNSUPPORTED_MAPPING, m.element(), column, source, "@Column(precision) on a floating-point attribute");
            return null;
        }
        if (javaType.getKind() == TypeKind.ARRAY && !settings.json()) {
            TypeKind component = ((javax.lang.model.type.ArrayType) javaType).getComponentType().getKind();
            if (component != TypeKind.BYTE && component != TypeKind.CHAR) {
                problem(Message.UNSUPPORTED_TYPE, m.element(), null, source, javaType);
                return null;
            }
        }
        ColumnType type = typeMapping.columnType(javaType, settings);
        if (type == null) {
            if (javaType.getKind() != TypeKind.ERROR) {
                problem(Message.UNSUPPORTED_TYPE, m.element(), null, source, javaType);
            }
            return null;
        }
        return type;
    }

    TypeMapping.Settings settings(Member m, AnnotationMirror column, TypeMirror javaType, boolean converted, Ctx ctx) {
        Integer length = Jpa.has(column, "length") ? Jpa.integer(column, "length", TypeMapping.DEFAULT_LENGTH) : null;
        int precision = Jpa.integer(column, "precision", 0);
        int scale = Jpa.integer(column, "scale", 0);
        if (ctx != null && ctx.bvActive()) {
            Integer max = sizeMax(m, javaType);
            if (max != null) {
                length = max;
            }
            AnnotationMirror digits = m.get("v:Digits");
            if (digits != null) {
                precision = Jpa.integer(digits, "integer", 0) + Jpa.integer(digits, "fraction", 0);
                scale = Jpa.integer(digits, "fraction", 0);
            }
        }
        Integer secondPrecision = Jpa.has(column, "secondPrecision") && Jpa.integer(column, "secondPrecision", -1) >= 0
                ? Jpa.integer(column, "secondPrecision", 0) : null;
        boolean byName = !converted && Jpa.constant(m.get(Jpa.ENUMERATED), "value", "ORDINAL").equals("STRING");
        String temporal = Jpa.constant(m.get(Jpa.TEMPORAL), "value", null);
        AnnotationMirror jdbcTypeCode = m.get(Jpa.H_JDBC_TYPE_CODE);
        boolean json = jdbcTypeCode != null && Jpa.integer(jdbcTypeCode, "value", 0) == SQL_TYPES_JSON;
        return new TypeMapping.Settings(length, column != null, precision, scale, secondPrecision, byName,
                m.has(Jpa.LOB), temporal, json);
    }

    private static boolean isFloatingPoint(TypeMirror type) {
        return switch (type.getKind()) {
            case FLOAT, DOUBLE -> true;
            case DECLARED -> List.of("java.lang.Float", "java.lang.Double").contains(
                    ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString());
            default -> false;
        };
    }

    /** {@code @Size(max)} or Hibernate Validator's {@code @Length(max)} on a String attribute. */
    private static Integer sizeMax(Member m, TypeMirror javaType) {
        if (!(javaType instanceof DeclaredType d)
                || !((TypeElement) d.asElement()).getQualifiedName().contentEquals("java.lang.String")) {
            return null;
        }
        Integer result = null;
        for (String key : List.of("v:Size", "v:Length")) {
            AnnotationMirror size = m.get(key);
            if (size != null && Jpa.has(size, "max") && Jpa.integer(size, "max", Integer.MAX_VALUE) < Integer.MAX_VALUE) {
                result = Jpa.integer(size, "max", 0);
            }
        }
        return result;
    }

    static boolean hasNotNull(Member m) {
        return m.has("v:NotNull") || m.has("v:NotEmpty") || m.has("v:NotBlank");
    }

    private boolean validSizes(Member m, AnnotationMirror column, String source) {
        boolean valid = true;
        int length = Jpa.integer(column, "length", TypeMapping.DEFAULT_LENGTH);
        int precision = Jpa.integer(column, "precision", 0);
        int scale = Jpa.integer(column, "scale", 0);
        if (length <= 0) {
            problem(Message.LENGTH_NOT_POSITIVE, m.element(), column, source, length);
            valid = false;
        }
        if (precision < 0) {
            problem(Message.NEGATIVE_SIZE, m.element(), column, source, "precision", precision);
            valid = false;
        }
        if (scale < 0) {
            problem(Message.NEGATIVE_SIZE, m.element(), column, source, "scale", scale);
            valid = false;
        }
        if (precision > 0 && scale > precision) {
            problem(Message.SCALE_EXCEEDS_PRECISION, m.element(), column, source, scale, precision);
            valid = false;
        }
        return valid;
    }

    private Column addBasicColumn(Member m, Ctx ctx, AnnotationMirror column, ColumnType type, TypeMirror javaType,
                                  boolean converted, String source) {
        boolean primitive = m.type().getKind().isPrimitive();
        boolean explicitNotNull = !Jpa.bool(column, "nullable", true);
        boolean optionalFalse = !Jpa.bool(m.get(Jpa.BASIC), "optional", true);
        boolean bvNotNull = ctx.bvNotNull() && hasNotNull(m);
        boolean implicitNotNull = (primitive && !ctx.embedded()) || optionalFalse;
        boolean notNull = ctx.key() || explicitNotNull || !ctx.guarded() && (implicitNotNull || bvNotNull);
        String logical = logicalName(m, ctx);
        String name = naming.physical(logical);
        AnnotationMirror renamed = m.get(Jpa.RENAMED_FROM);
        Column c = new Column(name, type, !notNull, false,
                Jpa.string(m.get(Jpa.H_COLUMN_DEFAULT), "value").isEmpty() ? null : Jpa.string(m.get(Jpa.H_COLUMN_DEFAULT), "value"),
                Jpa.string(m.get(Jpa.H_COMMENT), "value").isEmpty() ? null : Jpa.string(m.get(Jpa.H_COMMENT), "value"),
                source, renamed == null ? null : Jpa.string(renamed, "value"));
        TableDraft table = tableFor(m, ctx, column, source);
        if (table == null) {
            return null;
        }
        boolean writable = Jpa.bool(column, "insertable", true) || Jpa.bool(column, "updatable", true);
        Column added = addColumn(table, c, new TableDraft.Mapping(ctx.owner().entity.qualifiedName, source, writable),
                m.element(), column);
        if (added == null) {
            return null;
        }
        ctx.owner().logical(logical, name);
        if (ctx.guarded() && !explicitNotNull && implicitNotNull) {
            guarded(ctx, m.name(), name);
        }
        if (Jpa.bool(column, "unique", false) && !ctx.key()) {
            table.index(new Index(ConstraintNames.uniqueKey(table.name, name), List.of(name), true, source));
        }
        if (m.has(Jpa.H_NATURAL_ID) && ctx.path().isEmpty()) {
            ctx.owner().naturalId.add(name);
        }
        checks(m, ctx, column, table, name, javaType, converted);
        return added;
    }

    /** The table a column goes into: the context's, or a secondary table named by {@code @Column(table)}. */
    private TableDraft tableFor(Member m, Ctx ctx, AnnotationMirror column, String source) {
        String secondary = Jpa.string(column, "table");
        if (secondary.isEmpty() || ctx.table() == null) {
            return ctx.table();
        }
        Binding b = ctx.owner();
        for (Entity e = b.entity; e != null; e = e.parent) {
            TableDraft t = binding(e).secondaryTables.get(secondary.toLowerCase(Locale.ROOT));
            if (t != null) {
                secondaryKey(binding(e), t);
                return t;
            }
        }
        if (secondary.equalsIgnoreCase(ctx.table().name)
                || naming.physical(logicalTableName(b.entity)).equalsIgnoreCase(naming.physical(secondary))) {
            return ctx.table();
        }
        problem(Message.UNKNOWN_SECONDARY_TABLE, m.element(), column, source, secondary, b.entity.simpleName);
        return null;
    }

    /** A secondary table's key: the primary key joined back to the entity's table. */
    private void secondaryKey(Binding b, TableDraft t) {
        if (!t.primaryKey().isEmpty() || b.table == null) {
            return;
        }
        AnnotationMirror st = null;
        for (AnnotationMirror s : Jpa.repeated(b.entity.annotations, Jpa.SECONDARY_TABLE, Jpa.SECONDARY_TABLES)) {
            if (naming.physical(Jpa.string(s, "name")).equalsIgnoreCase(t.name)) {
                st = s;
            }
        }
        List<AnnotationMirror> joins = Jpa.annotations(st, "pkJoinColumns");
        List<String> names = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        List<KeyColumn> key = key(b);
        for (int i = 0; i < key.size(); i++) {
            KeyColumn k = key.get(i);
            AnnotationMirror j = pkJoin(joins, k, i);
            String name = j == null || Jpa.string(j, "name").isEmpty() ? k.column().name() : naming.physical(Jpa.string(j, "name"));
            t.put(new Column(name, k.column().type(), false, false, b.entity.simpleName + "." + k.logical()),
                    new TableDraft.Mapping(b.entity.qualifiedName, b.entity.simpleName, true));
            names.add(name);
            referenced.add(k.column().name());
        }
        t.primaryKey(names);
        foreignKey(t, names, b.table.name, referenced, Jpa.annotation(st, "foreignKey"), null, b.entity.simpleName);
    }

    /** Column checks: ordinal enum range, {@code @Column(check)}, Hibernate's {@code @Check}, {@code @Min}/{@code @Max}. */
    private void checks(Member m, Ctx ctx, AnnotationMirror column, TableDraft table, String name, TypeMirror javaType,
                        boolean converted) {
        if (!converted && TypeMapping.isEnum(javaType)
                && !Jpa.constant(m.get(Jpa.ENUMERATED), "value", "ORDINAL").equals("STRING")
                && !m.has(Jpa.H_JDBC_TYPE_CODE)) {
            table.columnCheck(name, TypeMapping.ordinalCheck(javaType, name));
        }
        for (AnnotationMirror check : Jpa.annotations(column, "check")) {
            table.columnCheck(name, Jpa.string(check, "constraint"));
        }
        for (AnnotationMirror check : Jpa.repeated(m.annotations(), Jpa.H_CHECK, Jpa.H_CHECKS)) {
            table.columnCheck(name, Jpa.string(check, "constraints"));
        }
        if (ctx.bvActive()) {
            AnnotationMirror min = m.get("v:Min");
            if (min != null) {
                table.columnCheck(name, name + ">=" + Jpa.longValue(min, "value", 0));
            }
            AnnotationMirror max = m.get("v:Max");
            if (max != null) {
                table.columnCheck(name, name + "<=" + Jpa.longValue(max, "value", 0));
            }
        }
    }

    /**
     * Adds a column to a table, or checks it against the mapping already there: the same entity
     * mapping a column twice is an error unless one mapping is read-only; two entities must agree.
     * Returns the column in the table, or null after a problem.
     */
    Column addColumn(TableDraft table, Column c, TableDraft.Mapping mapping, Element element, AnnotationMirror at) {
        Column existing = table.column(c.name());
        if (existing == null) {
            table.put(c, mapping);
            return c;
        }
        TableDraft.Mapping before = table.mapping(c.name());
        boolean sameEntity = before.entity().equals(mapping.entity());
        if (sameEntity && before.writable() && mapping.writable()) {
            problem(Message.DUPLICATE_COLUMN, element, at, mapping.source(), c.name(), table.name, before.source());
            return null;
        }
        if (!existing.type().equals(c.type())) {
            conflict(table, c, mapping, element, at, before, "column '" + c.name() + "'", c.type(), existing.type());
            return null;
        }
        if (existing.nullable() != c.nullable() && !sameEntity && !isHierarchy(before.entity(), mapping.entity())) {
            conflict(table, c, mapping, element, at, before, "column '" + c.name() + "'",
                    c.nullable() ? "nullable" : "NOT NULL", existing.nullable() ? "nullable" : "NOT NULL");
            return null;
        }
        if (!mapping.writable() || !before.writable()) {
            if (existing.nullable() && !c.nullable() && mapping.writable()) {
                table.replace(c);
            }
        }
        return existing;
    }

    private boolean isHierarchy(String a, String b) {
        Entity ea = scanner.entity(elements.getTypeElement(a));
        Entity eb = scanner.entity(elements.getTypeElement(b));
        return ea != null && eb != null && ea.root() == eb.root();
    }

    private void conflict(TableDraft table, Column c, TableDraft.Mapping mapping, Element element, AnnotationMirror at,
                          TableDraft.Mapping before, String what, Object here, Object there) {
        Entity self = scanner.entity(elements.getTypeElement(mapping.entity()));
        problem(Message.TABLE_CONFLICT, element, at, self == null ? mapping.source() : self.simpleName, table.name,
                before.source(), what, here, there);
    }

    // ---------------------------------------------------------------- associations

    /**
     * The join columns of a {@code @ManyToOne} or owning {@code @OneToOne}: added to the table with
     * the referenced columns' types, plus their foreign key (and a unique key for one-to-one).
     */
    List<KeyColumn> toOne(Member m, Ctx ctx, boolean inKey) {
        String source = ctx.source(m.name());
        AnnotationMirror kind = m.has(Jpa.MANY_TO_ONE) ? m.get(Jpa.MANY_TO_ONE) : m.get(Jpa.ONE_TO_ONE);
        if (!Jpa.string(kind, "mappedBy").isEmpty()) {
            checkMappedBy(m, ctx, kind);
            return List.of();
        }
        Binding target = target(m, kind, m.type(), source);
        if (target == null || ctx.table() == null) {
            return List.of();
        }
        AnnotationMirror override = ctx.associationOverrides().get(ctx.path() + m.name());
        List<AnnotationMirror> joins = override != null ? Jpa.annotations(override, "joinColumns")
                : Jpa.repeated(m.annotations(), Jpa.JOIN_COLUMN, Jpa.JOIN_COLUMNS);
        if (m.has(Jpa.JOIN_TABLE) && override == null) {
            problem(Message.UNSUPPORTED_MAPPING, m.element(), m.get(Jpa.JOIN_TABLE), source, "@JoinTable on a to-one association");
            return List.of();
        }
        boolean optional = Jpa.bool(kind, "optional", true);
        boolean bvNotNull = ctx.bvNotNull() && hasNotNull(m);
        List<JoinColumn> resolved = joinColumns(m, joins, target, m.name(), source);
        if (resolved == null) {
            return List.of();
        }
        List<KeyColumn> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        boolean anyWritable = false;
        for (JoinColumn j : resolved) {
            boolean explicitNotNull = !Jpa.bool(j.annotation(), "nullable", true);
            boolean implicitNotNull = !optional;
            boolean notNull = inKey || ctx.key() || explicitNotNull || !ctx.guarded() && (implicitNotNull || bvNotNull);
            AnnotationMirror renamed = resolved.size() == 1 ? m.get(Jpa.RENAMED_FROM) : null;
            Column c = new Column(j.name(), j.referenced().type(), !notNull, false, null, null, source,
                    renamed == null ? null : Jpa.string(renamed, "value"));
            boolean writable = Jpa.bool(j.annotation(), "insertable", true) || Jpa.bool(j.annotation(), "updatable", true);
            anyWritable |= writable;
            Column added = addColumn(ctx.table(), c, new TableDraft.Mapping(ctx.owner().entity.qualifiedName, source, writable),
                    m.element(), j.annotation() != null ? j.annotation() : kind);
            if (added == null) {
                return List.of();
            }
            if (ctx.guarded() && !explicitNotNull && implicitNotNull) {
                guarded(ctx, m.name(), j.name());
            }
            ctx.owner().logical(j.logical(), j.name());
            columns.add(new KeyColumn(j.logical(), added));
            names.add(added.name());
            referenced.add(j.referenced().name());
        }
        if (!anyWritable && !inKey) {
            // a read-only copy of another mapping's columns: that mapping owns the constraints
            return columns;
        }
        boolean unique = m.has(Jpa.ONE_TO_ONE) || resolved.stream().anyMatch(j -> Jpa.bool(j.annotation(), "unique", false));
        if (unique && !inKey && !ctx.key() && !lower(ctx.table().primaryKey()).equals(lower(names))) {
            ctx.table().index(new Index(ConstraintNames.uniqueKey(ctx.table().name, names), names, true, source));
        }
        AnnotationMirror fk = override != null ? Jpa.annotation(override, "foreignKey")
                : m.has(Jpa.JOIN_COLUMNS) ? Jpa.annotation(m.get(Jpa.JOIN_COLUMNS), "foreignKey")
                : resolved.get(0).annotation() == null ? null : Jpa.annotation(resolved.get(0).annotation(), "foreignKey");
        if (hasForeignKeyTable(target)) {
            foreignKey(ctx.table(), names, target.table.name, referenced, fk, onDelete(m), source);
        }
        return columns;
    }

    /** A join column: its physical and logical name, the column it references, its annotation (or null). */
    record JoinColumn(String name, String logical, Column referenced, AnnotationMirror annotation) {
    }

    /**
     * Matches join column annotations to the target's columns: by referencedColumnName, else by
     * position in the target's key. Implicit names are {@code <prefix>_<referenced column>}.
     */
    List<JoinColumn> joinColumns(Member m, List<AnnotationMirror> joins, Binding target, String prefix, String source) {
        List<KeyColumn> key = key(target);
        if (key.isEmpty()) {
            return null;
        }
        boolean byName = joins.stream().anyMatch(j -> !Jpa.string(j, "referencedColumnName").isEmpty());
        if (!joins.isEmpty() && !byName && joins.size() != key.size()) {
            problem(Message.JOIN_COLUMN_COUNT, m.element(), joins.get(0), source, joins.size(), key.size(),
                    target.entity.simpleName);
            return null;
        }
        List<JoinColumn> result = new ArrayList<>();
        if (byName) {
            List<String> referencedNames = new ArrayList<>();
            for (AnnotationMirror j : joins) {
                String refName = Jpa.string(j, "referencedColumnName");
                Column ref = refName.isEmpty() && joins.size() == key.size() ? key.get(result.size()).column()
                        : referencedColumn(target, refName);
                if (ref == null) {
                    problem(Message.UNKNOWN_REFERENCED_COLUMN, m.element(), j, source, refName, target.entity.simpleName,
                            target.tableName());
                    return null;
                }
                String logicalRef = refName.isEmpty() ? ref.name() : refName;
                String explicit = Jpa.string(j, "name");
                String logical = explicit.isEmpty() ? Naming.joinColumn(prefix, logicalRef) : explicit;
                result.add(new JoinColumn(naming.physical(logical), logical, ref, j));
                referencedNames.add(ref.name());
            }
            if (target.table != null && !target.table.isUnique(referencedNames)) {
                target.table.index(new Index(ConstraintNames.uniqueKey(target.table.name, referencedNames),
                        referencedNames, true, source));
            }
            return result;
        }
        for (int i = 0; i < key.size(); i++) {
            AnnotationMirror j = joins.isEmpty() ? null : joins.get(i);
            String explicit = Jpa.string(j, "name");
            String logical = explicit.isEmpty() ? Naming.joinColumn(prefix, key.get(i).logical()) : explicit;
            result.add(new JoinColumn(naming.physical(logical), logical, key.get(i).column(), j));
        }
        return result;
    }

    /** A column of the target entity's table by physical or logical name, binding the target if needed. */
    private Column referencedColumn(Binding target, String name) {
        if (!target.emitted) {
            structure(target);
        }
        TableDraft table = target.table;
        if (table == null) {
            return null;
        }
        String physical = target.logicalColumns.get(name.toLowerCase(Locale.ROOT));
        Column c = physical == null ? null : table.column(physical);
        if (c == null) {
            c = table.column(name);
        }
        if (c == null) {
            c = table.column(naming.physical(name));
        }
        return c;
    }

    /** The entity an association points to: {@code targetEntity}, else the (element) type. */
    Binding target(Member m, AnnotationMirror kind, TypeMirror type, String source) {
        TypeMirror target = Jpa.type(kind, "targetEntity");
        if (target == null) {
            target = type;
        }
        TypeElement element = target instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
        Entity entity = scanner.entity(element);
        if (entity == null) {
            if (target.getKind() != TypeKind.ERROR) {
                problem(Message.NOT_AN_ENTITY, m.element(), kind, source, target, "@" + Jpa.simpleName(kind));
            }
            return null;
        }
        Binding b = binding(entity);
        key(b);
        return b;
    }

    /** Hibernate adds no foreign key towards a TABLE_PER_CLASS class that has subclasses or no table. */
    static boolean hasForeignKeyTable(Binding target) {
        return !target.tableless && !(target.strategy == Strategy.TABLE_PER_CLASS && !target.entity.children.isEmpty());
    }

    ReferentialAction onDelete(Member m) {
        return switch (Jpa.constant(m.get(Jpa.H_ON_DELETE), "action", "NO_ACTION")) {
            case "CASCADE" -> ReferentialAction.CASCADE;
            case "SET_NULL" -> ReferentialAction.SET_NULL;
            case "SET_DEFAULT" -> ReferentialAction.SET_DEFAULT;
            case "RESTRICT" -> ReferentialAction.RESTRICT;
            default -> null;
        };
    }

    /** A foreign key unless {@code @ForeignKey(NO_CONSTRAINT)}; named by {@code @ForeignKey(name)} or readably. */
    void foreignKey(TableDraft table, List<String> columns, String referencedTable, List<String> referenced,
                    AnnotationMirror fk, ReferentialAction onDelete, String source) {
        String mode = Jpa.constant(fk, "value", "CONSTRAINT");
        if (mode.equals("NO_CONSTRAINT")) {
            return;
        }
        String name = Jpa.string(fk, "name");
        table.foreignKey(new ForeignKey(name.isEmpty() ? ConstraintNames.foreignKey(table.name, columns) : name,
                columns, referencedTable, referenced, onDelete, null, source));
    }

    /** {@code mappedBy} must name an attribute of the target entity. */
    void checkMappedBy(Member m, Ctx ctx, AnnotationMirror kind) {
        String mappedBy = Jpa.string(kind, "mappedBy");
        TypeMirror type = Collections.elementType(this, m, kind);
        Binding target = target(m, kind, type, ctx.source(m.name()));
        if (target != null && inverse(target, mappedBy) == null) {
            problem(Message.UNKNOWN_MAPPED_BY, m.element(), kind, ctx.source(m.name()), mappedBy, target.entity.simpleName);
        }
    }

    /** The member of an entity (or its superclasses) with this attribute name or dotted path, or null. */
    Member inverse(Binding b, String path) {
        String first = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        for (Member m : allMembers(b)) {
            if (m.name().equals(first)) {
                return m;
            }
        }
        return null;
    }

    /** Every persistent member of an entity, its entity and mapped superclasses included. */
    List<Member> allMembers(Binding b) {
        List<Member> members = new ArrayList<>();
        DeclaredType owner = (DeclaredType) b.entity.type.asType();
        for (Entity e = b.entity; e != null; e = e.parent) {
            for (TypeElement t : e.ownTypes) {
                members.addAll(scanner.members(owner, t, b.access));
            }
        }
        return members;
    }

    // ---------------------------------------------------------------- table constraints

    /** {@code @Table(uniqueConstraints, indexes, check)} and Hibernate's class-level {@code @Check}. */
    private void tableConstraints(Binding b) {
        Entity e = b.entity;
        AnnotationMirror table = e.get(Jpa.TABLE);
        if (b.table == null || table == null && !e.annotations.containsKey(Jpa.H_CHECK) && !e.annotations.containsKey(Jpa.H_CHECKS)) {
            return;
        }
        indexes(b.table, table, e.type, e.simpleName, name -> {
            String physical = b.logicalColumns.get(name.toLowerCase(Locale.ROOT));
            return physical != null ? physical : naming.physical(name);
        });
        List<AnnotationMirror> checks = new ArrayList<>(Jpa.annotations(table, "check"));
        checks.addAll(Jpa.repeated(e.annotations, Jpa.H_CHECK, Jpa.H_CHECKS));
        for (AnnotationMirror check : checks) {
            String expression = Jpa.has(check, "constraint") ? Jpa.string(check, "constraint") : Jpa.string(check, "constraints");
            String name = Jpa.string(check, "name");
            b.table.tableCheck(new Check(name.isEmpty()
                    ? ConstraintNames.check(b.table.name, String.valueOf(b.table.tableCheckCount() + 1)) : name,
                    expression, e.simpleName));
        }
    }

    /** The unique constraints and indexes of a {@code @Table}, {@code @JoinTable} or {@code @CollectionTable}. */
    void indexes(TableDraft draft, AnnotationMirror table, Element element, String source,
                 java.util.function.Function<String, String> physical) {
        for (AnnotationMirror uc : Jpa.annotations(table, "uniqueConstraints")) {
            List<String> columns = new ArrayList<>();
            for (String name : Jpa.strings(uc, "columnNames")) {
                String column = constraintColumn(draft, physical.apply(name.trim()), element, uc, source, "@UniqueConstraint");
                if (column == null) {
                    return;
                }
                columns.add(column);
            }
            String name = Jpa.string(uc, "name");
            if (!columns.isEmpty()) {
                draft.index(new Index(name.isEmpty() ? ConstraintNames.uniqueKey(draft.name, columns) : name, columns, true, source));
            }
        }
        for (AnnotationMirror index : Jpa.annotations(table, "indexes")) {
            List<String> columns = new ArrayList<>();
            for (String part : Jpa.string(index, "columnList").split(",")) {
                String[] words = part.trim().split("\\s+");
                if (words.length > 1 && words[words.length - 1].equalsIgnoreCase("desc")) {
                    problem(Message.DESCENDING_INDEX, element, index, source, words[0]);
                    return;
                }
                String column = constraintColumn(draft, physical.apply(words[0]), element, index, source, "@Index");
                if (column == null) {
                    return;
                }
                columns.add(column);
            }
            String name = Jpa.string(index, "name");
            boolean unique = Jpa.bool(index, "unique", false);
            draft.index(new Index(name.isEmpty() ? unique ? ConstraintNames.uniqueKey(draft.name, columns)
                    : ConstraintNames.index(draft.name, columns) : name, columns, unique, source));
        }
    }

    private String constraintColumn(TableDraft draft, String name, Element element, AnnotationMirror at, String source,
                                    String what) {
        Column c = draft.column(name);
        if (c == null) {
            problem(Message.UNKNOWN_CONSTRAINT_COLUMN, element, at, source, name, what, draft.name);
            return null;
        }
        return c.name();
    }

    // ---------------------------------------------------------------- shared helpers

    /** Registers a join or collection table; one another mapping already made is an error. */
    TableDraft newTable(String name, String source, Member m, AnnotationMirror at, String how) {
        TableDraft existing = tables.get(TableDraft.key(name));
        if (existing != null) {
            problem(Message.TABLE_ALREADY_MAPPED, m.element(), at, source, name, existing.source, how);
            return null;
        }
        TableDraft t = new TableDraft(name, source, source);
        tables.put(TableDraft.key(name), t);
        return t;
    }

    Naming naming() {
        return naming;
    }

    TypeMapping typeMapping() {
        return typeMapping;
    }

    EntityScanner scanner() {
        return scanner;
    }

    javax.lang.model.util.Types types() {
        return types;
    }

    Elements elements() {
        return elements;
    }

    TypeElement autoApplyConverter(TypeMirror type) {
        return autoApply.get(erasedName(type));
    }

    private String erasedName(TypeMirror type) {
        TypeMirror t = type.getKind().isPrimitive() ? types.boxedClass((javax.lang.model.type.PrimitiveType) type).asType()
                : types.erasure(type);
        return t instanceof DeclaredType d ? ((TypeElement) d.asElement()).getQualifiedName().toString() : t.toString();
    }

    /**
     * A type argument of {@code AttributeConverter<X, Y>} as the converter implements it:
     * index 0 the attribute type, 1 the database type; null when it is not concrete.
     */
    TypeMirror converterType(TypeElement converter, int index) {
        List<TypeMirror> args = typeArguments(converter.asType(), Jpa.CONVERTER_TYPES.stream()
                .map(n -> n.replace("." + Jpa.CONVERTER, ".AttributeConverter")).toList());
        if (args == null || args.size() != 2 || !(args.get(index) instanceof DeclaredType || args.get(index).getKind() == TypeKind.ARRAY)) {
            return null;
        }
        return args.get(index);
    }

    /** The type arguments with which {@code type} implements one of the named generic types, or null. */
    List<TypeMirror> typeArguments(TypeMirror type, List<String> generic) {
        if (!(type instanceof DeclaredType d)) {
            return null;
        }
        String name = ((TypeElement) d.asElement()).getQualifiedName().toString();
        if (generic.contains(name)) {
            return List.copyOf(d.getTypeArguments());
        }
        for (TypeMirror s : types.directSupertypes(type)) {
            List<TypeMirror> found = typeArguments(s, generic);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    void problem(Message message, Element element, AnnotationMirror annotation, Object... args) {
        problems.add(Problem.of(message, element, annotation, args));
    }

    static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }
}
