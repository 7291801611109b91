package dev.retort.processor;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.Index;
import dev.retort.core.model.JsonAggregateCheck;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.core.model.UserType;
import dev.retort.migration.ColumnType;
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
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
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
 * <p>The binder walks entities, inheritance and embeddables; the tables being built, the entity
 * bindings and the problems live in a {@link BindContext}, through which {@link Keys},
 * {@link Columns}, {@link Associations} and {@link Collections} bind their part. Problems are
 * collected, never thrown, and reported on the member that causes them.
 */
final class Binder {

    private static final int DISCRIMINATOR_LENGTH = 31;

    enum Strategy {
        SINGLE_TABLE,
        JOINED,
        TABLE_PER_CLASS
    }

    /** A primary-key column of an entity's table and the logical name implicit join columns are built from. */
    record KeyColumn(String logical, Column column) {}

    /** Everything bound for one entity. */
    static final class Binding {
        final Entity entity;
        Binding root;
        Strategy strategy;
        Access access;
        boolean emitted;
        /** The table holding this entity's own bind.columns. */
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
        /** Under SINGLE_TABLE, a subclass's {@code DTYPE <> 'X'} and its implicitly required bind.columns. */
        String discriminatorGuard;
        /** Columns by attribute path, sorted as Hibernate lists them in the check. */
        final Map<String, List<String>> guardedColumns = new TreeMap<>();
        /** The natural-id columns by attribute name: Hibernate's unique key lists them in attribute name order. */
        final Map<String, List<String>> naturalId = new TreeMap<>();

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
    record Ctx(
            Binding owner,
            TableDraft table,
            String path,
            Map<String, AnnotationMirror> columnOverrides,
            Map<String, AnnotationMirror> associationOverrides,
            boolean embedded,
            boolean key,
            boolean guarded,
            boolean bvNotNull,
            boolean bvActive,
            Access access,
            boolean emit) {

        String source(String attribute) {
            return owner.entity.simpleName + "." + path + attribute;
        }

        Ctx nested(
                String attribute,
                Map<String, AnnotationMirror> columns,
                Map<String, AnnotationMirror> associations,
                boolean notNull,
                boolean active,
                Access innerAccess) {
            return new Ctx(
                    owner,
                    table,
                    path + attribute + ".",
                    columns,
                    associations,
                    true,
                    key,
                    guarded,
                    notNull,
                    active,
                    innerAccess,
                    emit);
        }

        /**
         * The same context without Bean Validation's {@code @NotNull}: Hibernate applies it to the columns of
         * an embeddable, never to the JSON column that aggregates them.
         */
        Ctx withoutNotNull() {
            return with(key, guarded, false);
        }

        /** Records a column a SINGLE_TABLE subclass requires but must leave nullable in the shared table. */
        void guarded(String attribute, String column) {
            if (owner.discriminatorGuard != null) {
                owner.guardedColumns
                        .computeIfAbsent(path + attribute, k -> new ArrayList<>())
                        .add(column);
            }
        }

        Ctx asKey() {
            return with(true, false, bvNotNull);
        }

        /**
         * The context of an aggregate's attributes (stored as JSON or as a struct): bound into {@code inside}, the
         * aggregate's own column set, with no overrides, outside the key, and not emitted as table columns.
         */
        Ctx insideAggregate(TableDraft inside) {
            return new Ctx(
                    owner, inside, path, Map.of(), Map.of(), true, false, false, bvNotNull, bvActive, access, false);
        }

        /** This context with its key, guard and Bean Validation not-null flags replaced. */
        private Ctx with(boolean asKey, boolean isGuarded, boolean notNull) {
            return new Ctx(
                    owner,
                    table,
                    path,
                    columnOverrides,
                    associationOverrides,
                    embedded,
                    asKey,
                    isGuarded,
                    notNull,
                    bvActive,
                    access,
                    emit);
        }
    }

    private final BindContext bind;
    /** Association bindings, run once every entity's own columns are bound. */
    private final List<Runnable> pending = new ArrayList<>();
    /**
     * To-one associations through a {@code @JoinTable}, run before {@link #pending}: Hibernate binds them with
     * their entity, before any collection, so a collection sharing their table finds their columns and key.
     */
    private final List<Runnable> joinTables = new ArrayList<>();

    private final List<Runnable> constraints = new ArrayList<>();

    Binder(
            Elements elements,
            javax.lang.model.util.Types types,
            Naming naming,
            boolean quoteAll,
            HibernateLine hibernate,
            Converters converters) {
        this.bind = new BindContext(elements, types, naming, quoteAll, hibernate, converters, new BindContext.Walk() {
            @Override
            public void structure(Binding b) {
                Binder.this.structure(b);
            }

            @Override
            public void embedded(Member m, Ctx ctx, Map<String, Member> mapsIds) {
                Binder.this.embedded(m, ctx, mapsIds);
            }
        });
    }

    /** Hibernate's {@code hibernate.default_catalog} and {@code default_schema}: empty for none. */
    Binder defaults(String catalog, String schema) {
        bind.defaultCatalog = catalog;
        bind.defaultSchema = schema;
        return this;
    }

    List<Problem> problems() {
        return bind.problems();
    }

    /** Binds the given entities (qualified names sorted) into a schema; see {@link #problems()}. */
    Schema bind(List<TypeElement> entityTypes) {
        List<Binding> emitted = new ArrayList<>();
        for (TypeElement type : entityTypes) {
            Entity entity = bind.scanner.entity(type);
            if (entity != null) {
                Binding b = bind.binding(entity);
                b.emitted = true;
                emitted.add(b);
            }
        }
        emitted.sort(Comparator.<Binding>comparingInt(b -> depth(b.entity)).thenComparing(b -> b.entity.qualifiedName));
        // each element's binding is guarded: an internal error is reported on it, and the rest carries on
        for (Binding b : emitted) {
            bind.guarded(b.entity.type, b.entity.simpleName, () -> structure(b));
        }
        int joined = 0;
        for (int i = 0; joined < joinTables.size() || i < pending.size(); ) {
            if (joined < joinTables.size()) {
                joinTables.get(joined++).run();
            } else {
                pending.get(i++).run();
            }
        }
        constraints.forEach(Runnable::run);
        aggregatedColumnsClash();
        for (Binding b : emitted) {
            bind.guarded(b.entity.type, b.entity.simpleName, () -> finish(b));
        }
        List<Table> result =
                bind.tables.values().stream().map(TableDraft::toTable).toList();
        return new Schema(result, List.copyOf(bind.sequences.values()), List.copyOf(bind.userTypes.values()));
    }

    // ---------------------------------------------------------------- structure

    private static int depth(Entity e) {
        int d = 0;
        for (Entity p = e.parent; p != null; p = p.parent) {
            d++;
        }
        return d;
    }

    /** Binds an entity's key and its own plain and embedded columns; queues its bind.associations. */
    void structure(Binding b) {
        if (b.columnsBound) {
            return;
        }
        b.columnsBound = true;
        if (b.entity.parent != null) {
            structure(bind.binding(b.entity.parent));
        }
        Entity e = b.entity;
        for (Map.Entry<String, String> unsupported : Jpa.UNSUPPORTED_HIBERNATE.entrySet()) {
            if (e.annotations.containsKey(unsupported.getKey())
                    && !unsupported.getKey().equals(Jpa.H_SOFT_DELETE)) {
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        e.type,
                        e.get(unsupported.getKey()),
                        e.simpleName,
                        "@" + unsupported.getKey().substring(2),
                        unsupported.getValue());
            }
        }
        if (b.emitted) {
            String comment = Jpa.string(e.get(Jpa.TABLE), "comment");
            b.table.comment = !comment.isEmpty() ? comment : Jpa.string(e.get(Jpa.H_COMMENT), "value");
            for (String[] kind : new String[][] {
                {Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES}, {Jpa.ASSOCIATION_OVERRIDE, Jpa.ASSOCIATION_OVERRIDES}
            }) {
                for (AnnotationMirror o : Jpa.repeated(e.annotations, kind[0], kind[1])) {
                    if (!hasPath((DeclaredType) e.type.asType(), Jpa.string(o, "name"), b.access)) {
                        bind.problem(
                                Message.UNKNOWN_OVERRIDE,
                                e.type,
                                o,
                                e.simpleName,
                                "@" + kind[0],
                                Jpa.string(o, "name"),
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
        bind.keys.key(b);
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
        AnnotationMirror softDelete = e.parent == null ? rootSoftDelete(e) : e.get(Jpa.H_SOFT_DELETE);
        if (softDelete != null) {
            softDelete(b, softDelete);
        }
        Set<String> idClassAttributes = Keys.idClassAttributes(e);
        for (Member m : bind.ownMembers(b)) {
            if ((m.isId() || idClassAttributes.contains(m.name()))
                    && (b.entity.parent == null || b.strategy == Strategy.TABLE_PER_CLASS)) {
                continue;
            }
            value(m, ctx);
        }
        if (b.emitted) {
            constraints.add(() -> bind.guarded(e.type, e.simpleName, () -> tableConstraints(b)));
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
        TableDraft existing = bind.tables.get(TableDraft.key(draft.name));
        if (existing == null) {
            bind.tables.put(TableDraft.key(draft.name), draft);
            return;
        }
        Binding b = bind.binding(e);
        if (b.table == draft) {
            b.table = existing;
        }
        b.secondaryTables.replaceAll((k, v) -> v == draft ? existing : v);
    }

    static Ctx topContext(Binding b, boolean emit) {
        Map<String, AnnotationMirror> overrides = new HashMap<>();
        Map<String, AnnotationMirror> associationOverrides = new HashMap<>();
        for (Entity e = b.entity; e != null; e = e.parent) {
            for (AnnotationMirror o : Jpa.repeated(e.annotations, Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES)) {
                overrides.putIfAbsent(Jpa.string(o, "name"), Jpa.annotation(o, "column"));
            }
            for (AnnotationMirror o :
                    Jpa.repeated(e.annotations, Jpa.ASSOCIATION_OVERRIDE, Jpa.ASSOCIATION_OVERRIDES)) {
                associationOverrides.putIfAbsent(Jpa.string(o, "name"), o);
            }
        }
        return new Ctx(
                b,
                b.table,
                "",
                overrides,
                associationOverrides,
                false,
                false,
                b.strategy == Strategy.SINGLE_TABLE && b.entity.parent != null,
                true,
                true,
                b.access,
                emit);
    }

    // ---------------------------------------------------------------- keys and generators

    // ---------------------------------------------------------------- inheritance

    /** The discriminator column of a SINGLE_TABLE hierarchy (or of any with {@code @DiscriminatorColumn}). */
    private void discriminator(Binding b) {
        Entity e = b.entity;
        AnnotationMirror dc = e.get(Jpa.DISCRIMINATOR_COLUMN);
        boolean needed = b.strategy == Strategy.SINGLE_TABLE
                ? dc != null || !e.children.isEmpty()
                : b.strategy == Strategy.JOINED && dc != null;
        if (!needed || b.entity.parent != null) {
            return;
        }
        String kind = Jpa.constant(dc, "discriminatorType", "STRING");
        String name = bind.physical(BindContext.orDefault(Jpa.string(dc, "name"), Naming.DISCRIMINATOR));
        String definition = Jpa.string(dc, "columnDefinition");
        ColumnType type = !definition.isBlank()
                ? Types.custom(definition)
                : switch (kind) {
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
        bind.columns.addColumn(
                b.table,
                new Column(name, type, nullable, false, source),
                new TableDraft.Mapping(e.qualifiedName, source, true),
                e.type,
                dc);
        if (!catchAll && !values.isEmpty()) {
            b.table.columnCheck(name, name + " in (" + String.join(",", values) + ")");
        }
    }

    /**
     * {@code @SoftDelete}: the indicator column Hibernate adds to the root entity's table (see
     * {@link SoftDeletes}). Hibernate reads it on the root entity only, and ignores it on a subclass.
     */
    private void softDelete(Binding b, AnnotationMirror found) {
        Entity e = b.entity;
        // reported on the entity; on its annotation when it is the entity's own
        AnnotationMirror sd = found == e.get(Jpa.H_SOFT_DELETE) ? found : null;
        if (e.parent != null) {
            bind.problem(Message.SOFT_DELETE_ON_SUBCLASS, e.type, sd, e.simpleName, e.root().simpleName);
            return;
        }
        if (b.table == null) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    e.type,
                    sd,
                    e.simpleName,
                    "@SoftDelete on an entity without a table of its own",
                    "put @SoftDelete on an entity with a table");
            return;
        }
        SoftDeletes.Indicator indicator = bind.softDeletes.indicator(found, e.type, e.simpleName);
        if (indicator == null) {
            return;
        }
        Column added = bind.columns.addColumn(
                b.table,
                indicator.column(),
                new TableDraft.Mapping(
                        e.qualifiedName, e.simpleName + "." + indicator.column().name(), true),
                e.type,
                sd);
        if (added != null && indicator.check() != null) {
            b.table.columnCheck(added.name(), indicator.check());
        }
    }

    /**
     * The {@code @SoftDelete} of a root entity as Hibernate finds it: the entity's own, else that of
     * a {@code @MappedSuperclass} above it, else its package's.
     */
    private AnnotationMirror rootSoftDelete(Entity e) {
        AnnotationMirror own = e.get(Jpa.H_SOFT_DELETE);
        if (own != null) {
            return own;
        }
        for (TypeMirror t = e.type.getSuperclass();
                t instanceof DeclaredType d;
                t = ((TypeElement) d.asElement()).getSuperclass()) {
            Map<String, AnnotationMirror> found = bind.scanner.annotations(d.asElement());
            if (found.containsKey(Jpa.MAPPED_SUPERCLASS) && found.containsKey(Jpa.H_SOFT_DELETE)) {
                return found.get(Jpa.H_SOFT_DELETE);
            }
        }
        return bind.scanner.annotations(bind.elements.getPackageOf(e.type)).get(Jpa.H_SOFT_DELETE);
    }

    /** The entity and its subclasses, root first, subclasses depth-first in name order. */
    private static List<Entity> hierarchy(Entity root) {
        List<Entity> all = new ArrayList<>();
        all.add(root);
        root.children.stream()
                .sorted(Comparator.comparing(c -> c.qualifiedName))
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
                    bind.problem(Message.DISCRIMINATOR_VALUE_REQUIRED, e.type, e.get(Jpa.ENTITY), e.simpleName, "CHAR");
                }
                yield null;
            }
            default -> e.entityName;
        };
    }

    /** Under SINGLE_TABLE, the condition that exempts other classes' rows from a subclass's required bind.columns. */
    private void guard(Binding b) {
        Entity root = b.root.entity;
        AnnotationMirror dc = root.get(Jpa.DISCRIMINATOR_COLUMN);
        String kind = Jpa.constant(dc, "discriminatorType", "STRING");
        String column = bind.physical(BindContext.orDefault(Jpa.string(dc, "name"), Naming.DISCRIMINATOR));
        String value = discriminatorValue(b.entity, kind);
        if (value == null || b.entity.isAbstract() || "not null".equals(value)) {
            return;
        }
        b.discriminatorGuard = "null".equals(value)
                ? column + " is null"
                : column + " <> " + (kind.equals("INTEGER") ? value : "'" + value.replace("'", "''") + "'");
    }

    private void finish(Binding b) {
        if (!b.guardedColumns.isEmpty() && b.table != null) {
            String required = String.join(
                    " and ",
                    b.guardedColumns.values().stream()
                            .flatMap(List::stream)
                            .map(c -> c + " is not null")
                            .toList());
            b.table.tableCheck(new Check(
                    ConstraintNames.check(b.table.local(), b.entity.entityName),
                    b.discriminatorGuard + " or (" + required + ")",
                    b.entity.simpleName));
        }
        if (!b.naturalId.isEmpty() && b.table != null) {
            List<String> columns =
                    b.naturalId.values().stream().flatMap(List::stream).toList();
            b.table.index(
                    new Index(ConstraintNames.uniqueKey(b.table.local(), columns), columns, true, b.entity.simpleName));
        }
    }

    // ---------------------------------------------------------------- values

    static boolean isAssociation(Member m) {
        return m.has(Jpa.MANY_TO_ONE) || m.has(Jpa.ONE_TO_ONE);
    }

    private static boolean isCollection(Member m) {
        return m.has(Jpa.ONE_TO_MANY) || m.has(Jpa.MANY_TO_MANY) || m.has(Jpa.ELEMENT_COLLECTION);
    }

    private boolean isEmbedded(Member m) {
        if (m.has(Jpa.EMBEDDED) || m.has(Jpa.EMBEDDED_ID)) {
            return true;
        }
        return m.type() instanceof DeclaredType d && bind.scanner.isEmbeddable((TypeElement) d.asElement());
    }

    private static boolean anyUnsupported(Member m) {
        for (String key : m.annotations().keySet()) {
            if (Jpa.UNSUPPORTED_HIBERNATE.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /** Binds one member: columns now, associations and collections later; an internal error stays on the member. */
    void value(Member m, Ctx ctx) {
        bind.guarded(m.element(), ctx, m.name(), () -> bindValue(m, ctx));
    }

    private void bindValue(Member m, Ctx ctx) {
        if (m.type().getKind() == TypeKind.ERROR || m.has(Jpa.H_FORMULA)) {
            return;
        }
        boolean definition = !Jpa.string(m.get(Jpa.COLUMN), "columnDefinition").isBlank();
        // the map's order decides which one is reported; most members carry none of them
        for (Map.Entry<String, String> unsupported :
                anyUnsupported(m) ? Jpa.UNSUPPORTED_HIBERNATE.entrySet() : Set.<Map.Entry<String, String>>of()) {
            String name = unsupported.getKey();
            if (m.has(name) && !(definition && Jpa.COLUMN_TYPE_ONLY.contains(name)) && !Columns.mapped(m, name)) {
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        m.element(),
                        m.get(name),
                        ctx.source(m.name()),
                        Columns.describe(m, name),
                        unsupported.getValue());
                return;
            }
        }
        if (isAssociation(m)) {
            if (m.has(Jpa.MAPS_ID) && ctx.path().isEmpty()) {
                // its columns are the key; only the constraint is left to add
                return;
            }
            if (ctx.emit()) {
                (m.has(Jpa.JOIN_TABLE) ? joinTables : pending)
                        .add(() ->
                                bind.guarded(m.element(), ctx, m.name(), () -> bind.associations.toOne(m, ctx, false)));
            } else {
                bind.associations.toOne(m, ctx, false);
            }
            return;
        }
        if (m.has(Jpa.H_ANY)) {
            bind.anys.any(m, ctx);
            return;
        }
        if (m.has(Jpa.H_MANY_TO_ANY)) {
            if (ctx.emit()) {
                pending.add(() -> bind.guarded(m.element(), ctx.source(m.name()), () -> bind.anys.manyToAny(m, ctx)));
            }
            return;
        }
        if (isCollection(m)) {
            if (ctx.emit()) {
                pending.add(() -> bind.guarded(m.element(), ctx, m.name(), () -> bind.collections.bind(m, ctx)));
            }
            return;
        }
        Integer aggregate = Columns.aggregate(m);
        String struct = isEmbedded(m) && !m.has(Jpa.EMBEDDED_ID) ? bind.columns.structName(m) : null;
        if (struct != null && (aggregate == null || aggregate == JdbcTypes.STRUCT)) {
            structAggregate(m, ctx, struct);
            return;
        }
        if (m.has(Jpa.H_STRUCT)) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    m.get(Jpa.H_STRUCT),
                    ctx.source(m.name()),
                    "@Struct on "
                            + (!isEmbedded(m)
                                    ? "an attribute that is not an embeddable"
                                    : m.has(Jpa.EMBEDDED_ID) ? "an identifier" : "a JSON or XML aggregate"),
                    Jpa.STRUCT_ELSEWHERE);
            return;
        }
        if (isEmbedded(m) && !m.has(Jpa.EMBEDDED_ID) && aggregate != null && aggregate == JdbcTypes.STRUCT) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    m.get(Jpa.H_JDBC_TYPE_CODE),
                    ctx.source(m.name()),
                    "an embeddable stored as a struct without the name of its type",
                    "Hibernate fails on it too (\"no type mapping for ... code: 2002 (STRUCT)\"): name the type with"
                            + " @Struct(name = \"...\") on the embeddable or the attribute, store the embeddable as"
                            + " JSON with @JdbcTypeCode(SqlTypes.JSON), or map it with plain @Embedded columns");
            return;
        }
        if (isEmbedded(m) && !m.has(Jpa.EMBEDDED_ID) && aggregate != null && aggregate == JdbcTypes.SQLXML) {
            // one xml column (PostgreSQL, where Hibernate checks nothing inside it; it refuses it elsewhere, and so
            // do the other dialects when they render it); Bean Validation's @NotNull leaves it nullable
            bind.columns.basic(m, ctx.withoutNotNull());
            return;
        }
        if (isEmbedded(m) && (m.has(Jpa.EMBEDDED_ID) || aggregate == null)) {
            embedded(m, ctx, Map.of());
            return;
        }
        List<JsonAggregateCheck.Attribute> checked = null;
        if (isEmbedded(m)) {
            checked = jsonAggregate(m, ctx);
            if (checked == null) {
                return;
            }
        }
        // a basic value, or an embeddable Hibernate aggregates into one JSON or XML column
        bind.columns.basic(m, checked != null ? ctx.withoutNotNull() : ctx);
        if (checked != null) {
            aggregates.add(ctx.source(m.name()));
        }
        if (checked != null && !checked.isEmpty() && ctx.table() != null) {
            String source = ctx.source(m.name());
            for (Column c : ctx.table().columns()) {
                TableDraft.Mapping mapping = ctx.table().mapping(c.name());
                if (mapping != null
                        && source.equals(mapping.source())
                        && c.type().kind() == ColumnType.Kind.JSON) {
                    jsonAggregateCheck(m, ctx, c, checked);
                }
            }
        }
    }

    /** The sources of the attributes bound as JSON aggregates, to find one nested in another. */
    private final java.util.Set<String> aggregates = new java.util.HashSet<>();

    /** How many JSON aggregates the one being bound is nested in. */
    private int aggregateDepth;

    /** A column inside a JSON aggregate (at any depth), with the outermost aggregate attribute it is in. */
    private record Aggregated(Member member, String source, String column, String attribute) {}

    /** The columns inside the JSON aggregates bound on each table, to find a column of the table they name. */
    private final Map<TableDraft, List<Aggregated>> aggregated = new java.util.IdentityHashMap<>();

    /** The outermost JSON aggregate being bound, and its table. */
    private Member outermost;

    private String outermostSource;

    private TableDraft outermostTable;

    /**
     * Hibernate removes the columns inside a JSON aggregate from its table by name ({@code
     * AggregateComponentSecondPass}, after every column of the table is bound; a quoted column only by its exact
     * name): a column of the table with such a name is left out of the create statement while the entity still
     * writes it, so Retort refuses the aggregate instead.
     */
    private void aggregatedColumnsClash() {
        java.util.Set<TableDraft> bound = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        bound.addAll(bind.tables.values());
        java.util.Set<String> reported = new java.util.HashSet<>();
        aggregated.forEach((table, inside) -> {
            if (!bound.contains(table)) {
                return;
            }
            for (Aggregated a : inside) {
                for (Column c : table.columns()) {
                    String name = Naming.unquoted(c.name());
                    String other = Naming.unquoted(a.column());
                    if (!(Naming.isQuoted(c.name()) ? name.equals(other) : name.equalsIgnoreCase(other))) {
                        continue;
                    }
                    TableDraft.Mapping mapping = table.mapping(c.name());
                    String column = name + (mapping == null ? "" : " (" + mapping.source() + ")");
                    if (reported.add(a.source() + "|" + a.attribute() + "|" + column)) {
                        bind.problem(
                                Message.UNSUPPORTED_MAPPING,
                                a.member().element(),
                                a.member().get(Jpa.H_JDBC_TYPE_CODE),
                                a.source(),
                                "an embeddable stored as JSON with an attribute (" + a.attribute()
                                        + ") whose column name is that of the table's column " + column
                                        + ", which Hibernate 7.1 leaves out of the table (it drops every column named"
                                        + " as one inside a JSON aggregate of the table, so the entity cannot be saved)",
                                "give one of the two another column name (@Column(name) on either attribute)");
                    }
                }
            }
        });
    }

    /** The column types whose JSON member Retort reads in each database's syntax, as Hibernate does. */
    private static final java.util.Set<ColumnType.Kind> CHECKABLE = java.util.EnumSet.of(
            ColumnType.Kind.VARCHAR,
            ColumnType.Kind.CHAR,
            ColumnType.Kind.TINYINT,
            ColumnType.Kind.SMALLINT,
            ColumnType.Kind.INTEGER,
            ColumnType.Kind.BIGINT,
            ColumnType.Kind.BOOLEAN,
            ColumnType.Kind.DECIMAL,
            ColumnType.Kind.REAL,
            ColumnType.Kind.DOUBLE,
            ColumnType.Kind.DATE,
            ColumnType.Kind.TIME,
            ColumnType.Kind.TIMESTAMP,
            ColumnType.Kind.UUID,
            ColumnType.Kind.ENUM);

    /**
     * An embeddable Hibernate stores as one JSON column: its attributes, bound on their own, give the
     * check Hibernate declares on the column (its NOT NULL attributes, its checked ones, its enums, in
     * Hibernate's order: by attribute name, a record's in component order); null after reporting what
     * Retort cannot capture. An embeddable stored as JSON inside adds its own check, tested within its
     * member; a plain embeddable inside declares nothing (Hibernate checks only the aggregates' attributes).
     */
    private List<JsonAggregateCheck.Attribute> jsonAggregate(Member m, Ctx ctx) {
        String source = ctx.source(m.name());
        TableDraft inside = new TableDraft(ctx.table() == null ? "" : ctx.table().name, source, "");
        if (aggregateDepth == 0) {
            outermost = m;
            outermostSource = source;
            outermostTable = ctx.table();
        }
        aggregateDepth++;
        try {
            embedded(m, ctx.insideAggregate(inside), Map.of());
        } finally {
            aggregateDepth--;
        }
        if (outermostTable != null) {
            for (Column c : inside.columns()) {
                TableDraft.Mapping mapping = inside.mapping(c.name());
                aggregated
                        .computeIfAbsent(outermostTable, t -> new ArrayList<>())
                        .add(new Aggregated(
                                outermost, outermostSource, c.name(), mapping == null ? source : mapping.source()));
            }
        }
        List<Column> direct = directAttributes(m, inside, source);
        List<JsonAggregateCheck.Attribute> attributes = new ArrayList<>();
        String refused = null;
        String workaround = "";
        for (Column c : direct) {
            if (aggregates.contains(inside.mapping(c.name()).source())) {
                // an embeddable stored as JSON inside: its own check (if any) tested within its member
                List<JsonAggregateCheck.Attribute> nested = inside.columnChecks(c.name()).stream()
                        .map(JsonAggregateCheck::read)
                        .flatMap(java.util.Optional::stream)
                        .findFirst()
                        .map(JsonAggregateCheck::attributes)
                        .orElse(List.of());
                attributes.add(new JsonAggregateCheck.Attribute(c.name(), c.type(), c.nullable(), null, nested));
                continue;
            }
            List<String> conditions = inside.columnChecks(c.name());
            boolean enumType = c.type().kind() == ColumnType.Kind.ENUM;
            if (c.nullable() && conditions.isEmpty() && !enumType) {
                continue;
            }
            String attribute = attributeName(inside, c);
            if (conditions.size() + (enumType ? 1 : 0) > 1) {
                refused = "two checks on " + attribute + ", which Hibernate refuses in an aggregate (\"Multiple check"
                        + " constraints not supported for aggregate columns\")";
            } else if (Identifiers.isQuoted(c.name())) {
                refused = "a constrained attribute (" + attribute + ") whose column name is quoted, for which"
                        + " Hibernate 7.1 writes a broken check (it keeps the quotes in the member's name: its create"
                        + " statement fails on H2, and on MySQL the check refuses every document)";
                workaround = "drop the quotes from the column name (a JSON member's name needs none), ";
            } else if (!CHECKABLE.contains(c.type().kind())) {
                refused = "a constrained attribute (" + attribute + ") of type " + c.type()
                        + ", whose check inside the JSON Retort does not capture yet";
            } else {
                attributes.add(new JsonAggregateCheck.Attribute(
                        c.name(), c.type(), c.nullable(), conditions.isEmpty() ? null : conditions.get(0)));
            }
        }
        if (refused == null && inside.keyed()) {
            refused = "a key, index or table check inside it, which a JSON document cannot have";
        }
        if (refused == null) {
            return attributes;
        }
        refuseAggregate(m, source, refused, workaround);
        return null;
    }

    private void refuseAggregate(Member m, String source, String refused, String workaround) {
        bind.problem(
                Message.UNSUPPORTED_MAPPING,
                m.element(),
                m.get(Jpa.H_JDBC_TYPE_CODE),
                source,
                "an embeddable stored as JSON with " + refused,
                workaround + "make the attribute nullable and unconstrained, or map the embeddable with plain"
                        + " @Embedded columns");
    }

    /**
     * The check of a JSON aggregate on its column, as Hibernate declares it; refused where Hibernate's own is
     * malformed. An embeddable stored as JSON inside another gets no check of its own: the outermost one's
     * check tests it, within its member.
     */
    private void jsonAggregateCheck(Member m, Ctx ctx, Column c, List<JsonAggregateCheck.Attribute> checked) {
        if (aggregateDepth > 0) {
            ctx.table().columnCheck(c.name(), new JsonAggregateCheck(c.name(), c.nullable(), checked).write());
            return;
        }
        if (malformed(checked, c.nullable(), c.nullable(), false)
                || malformed(checked, c.nullable(), c.nullable(), true)) {
            refuseAggregate(
                    m,
                    ctx.source(m.name()),
                    "an embeddable stored as JSON inside it that is checked next to other constrained attributes"
                            + " sorted before it, or whose nullability differs from the one around it, for which"
                            + " Hibernate 7.1 writes a malformed check (its create statement fails)",
                    "rename the attributes so that the nested embeddable sorts first, give it the nullability of the"
                            + " one around it, ");
            return;
        }
        // an embeddable inside that checks nothing changes Hibernate's check only where it is malformed
        List<JsonAggregateCheck.Attribute> kept = withoutEmpty(checked);
        if (!kept.isEmpty()) {
            ctx.table().columnCheck(c.name(), new JsonAggregateCheck(c.name(), c.nullable(), kept).write());
        }
    }

    /**
     * True when Hibernate's check on these attributes is malformed ({@code
     * StandardTableExporter.applyAggregateColumnCheck}): an embeddable stored as JSON inside writes its part
     * with no {@code and} after what came before it, an empty one leaves no {@code and} for what follows, and
     * one closes its {@code value is null or (} by the nullability of the aggregate around it. {@code enums}:
     * whether a {@code STRING} enum is checked (on PostgreSQL only).
     */
    static boolean malformed(
            List<JsonAggregateCheck.Attribute> attributes, boolean nullable, boolean outerNullable, boolean enums) {
        return walk(attributes, nullable, outerNullable, enums) == null;
    }

    /** What the part writes, as {@code [written, separator after]}; null when it is malformed. */
    private static boolean[] walk(
            List<JsonAggregateCheck.Attribute> attributes, boolean nullable, boolean outerNullable, boolean enums) {
        boolean written = false;
        boolean separator = false;
        for (JsonAggregateCheck.Attribute a : attributes) {
            if (a.nested()) {
                boolean[] inner = walk(a.attributes(), a.nullable(), nullable, enums);
                if (inner == null || inner[0] && (written || a.nullable() != nullable)) {
                    return null;
                }
                written |= inner[0];
                separator = inner[1];
            } else if (!a.nullable() || a.check() != null || enums && a.type().kind() == ColumnType.Kind.ENUM) {
                if (written && !separator) {
                    return null;
                }
                written = true;
                separator = true;
            }
        }
        return new boolean[] {written, separator};
    }

    /** The attributes without the embeddables stored as JSON inside that check nothing. */
    private static List<JsonAggregateCheck.Attribute> withoutEmpty(List<JsonAggregateCheck.Attribute> attributes) {
        List<JsonAggregateCheck.Attribute> kept = new ArrayList<>();
        for (JsonAggregateCheck.Attribute a : attributes) {
            if (!a.nested()) {
                kept.add(a);
            } else if (!withoutEmpty(a.attributes()).isEmpty()) {
                kept.add(new JsonAggregateCheck.Attribute(
                        a.key(), a.type(), a.nullable(), null, withoutEmpty(a.attributes())));
            }
        }
        return kept;
    }

    /**
     * The columns of an aggregate's own attributes (not those of an aggregate or embeddable nested in it), in
     * Hibernate's order for its check: a record's in component order, any other class's by attribute name.
     */
    private static List<Column> directAttributes(Member m, TableDraft inside, String source) {
        boolean record = m.type() instanceof DeclaredType d
                && d.asElement().getKind() == javax.lang.model.element.ElementKind.RECORD;
        List<Column> direct = new ArrayList<>();
        for (Column c : inside.columns()) {
            TableDraft.Mapping mapping = inside.mapping(c.name());
            String attribute = mapping == null ? "" : mapping.source().substring(source.length());
            if (attribute.startsWith(".") && attribute.indexOf('.', 1) < 0) {
                direct.add(c);
            }
        }
        if (!record) {
            direct.sort(java.util.Comparator.comparing(c -> attributeName(inside, c)));
        }
        return direct;
    }

    /**
     * An embeddable Hibernate stores as a struct ({@code @Struct(name)}): its attributes, bound on their own,
     * become the user-defined type of that name (PostgreSQL's {@code create type}), in Hibernate's order
     * ({@code @Struct(attributes)}, else its standard column order: by size, then name); the attribute's
     * column is of that type, with the check Hibernate declares on the table for the embeddable's NOT NULL,
     * checked and enum attributes (by attribute name, a record's in component order). A struct nested inside
     * is a type of its own, created first; its attributes are checked by nothing, as in Hibernate.
     */
    private void structAggregate(Member m, Ctx ctx, String name) {
        String source = ctx.source(m.name());
        TableDraft inside = new TableDraft(ctx.table() == null ? "" : ctx.table().name, source, "");
        embeddedColumns(m, ctx.insideAggregate(inside));
        if (inside.keyed()) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    m.get(Jpa.H_STRUCT),
                    source,
                    "an embeddable stored as a struct with a key, index or table check inside it",
                    "a composite type cannot have them: map the embeddable with plain @Embedded columns");
            return;
        }
        List<Column> attributes = new ArrayList<>();
        for (Column c : inside.columns()) {
            attributes.add(new Column(c.name(), c.type(), true, false, null));
        }
        List<String> declared = bind.columns.structAttributes(m);
        if (declared.isEmpty()) {
            attributes.sort(java.util.Comparator.comparingInt((Column c) -> Math.max(StructOrder.size(c.type()), 4))
                    .thenComparing(c -> StructOrder.size(c.type()) > 2048)
                    .thenComparing(Column::name));
        } else {
            List<Column> ordered = new ArrayList<>();
            for (String attribute : declared) {
                attributes.stream()
                        .filter(c -> c.name().equals(attribute))
                        .findFirst()
                        .ifPresent(ordered::add);
            }
            if (ordered.size() != attributes.size()) {
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        m.element(),
                        m.get(Jpa.H_STRUCT),
                        source,
                        "@Struct(attributes = " + declared + ") that does not name each column of the embeddable once "
                                + attributes.stream().map(Column::name).toList(),
                        "name every column in @Struct(attributes), or leave it out for Hibernate's order");
                return;
            }
            attributes = ordered;
        }
        List<Column> direct = directAttributes(m, inside, source);
        String refused = structRefusal(direct, inside);
        if (refused != null) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    m.get(Jpa.H_STRUCT),
                    source,
                    "an embeddable stored as a struct with " + refused,
                    "make the attributes nullable and unconstrained, or map the embeddable with plain @Embedded"
                            + " columns or as JSON with @JdbcTypeCode(SqlTypes.JSON)");
            return;
        }
        UserType type = new UserType(name, attributes, source);
        UserType existing = bind.userTypes.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), type);
        if (existing != null && !existing.sameDefinition(type)) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    m.get(Jpa.H_STRUCT),
                    source,
                    "@Struct(name = \"" + name + "\") on embeddables with different attributes (" + existing.source()
                            + ")",
                    "Hibernate refuses it too: give each embeddable a struct name of its own");
            return;
        }
        // the column of the type; Bean Validation's @NotNull leaves it nullable, as on other aggregates
        bind.columns.basic(m, ctx.withoutNotNull());
        if (ctx.table() == null) {
            return;
        }
        for (Column c : ctx.table().columns()) {
            TableDraft.Mapping mapping = ctx.table().mapping(c.name());
            if (mapping != null && source.equals(mapping.source()) && c.type().kind() == ColumnType.Kind.STRUCT) {
                String check = StructOrder.check(c, direct, inside);
                if (check != null) {
                    ctx.table().columnCheck(c.name(), check);
                }
            }
        }
    }

    /**
     * What keeps Hibernate's check on a struct column from being captured, or null: two checks on one attribute
     * (Hibernate refuses them), a struct nested inside with constrained attributes of its own (whose check Retort
     * does not write yet), or a nested struct between constrained attributes (Hibernate 7.1 drops the {@code and}
     * after it, and its create statement fails).
     */
    private static String structRefusal(List<Column> direct, TableDraft inside) {
        boolean constrainedBefore = false;
        boolean nestedAfterConstrained = false;
        for (Column c : direct) {
            List<String> conditions = inside.columnChecks(c.name());
            if (c.type().kind() == ColumnType.Kind.STRUCT) {
                if (!conditions.isEmpty()) {
                    return "a struct inside it (" + c.name() + ") with NOT NULL, checked or enum attributes, whose"
                            + " check Retort does not capture yet";
                }
                nestedAfterConstrained |= constrainedBefore;
                continue;
            }
            boolean enumType = c.type().kind() == ColumnType.Kind.ENUM;
            if (conditions.size() + (enumType ? 1 : 0) > 1) {
                return "two checks on " + c.name() + ", which Hibernate refuses in an aggregate (\"Multiple check"
                        + " constraints not supported for aggregate columns\")";
            }
            if (!c.nullable() || !conditions.isEmpty() || enumType) {
                if (nestedAfterConstrained) {
                    return "a struct inside it between constrained attributes, for which Hibernate 7.1 writes a"
                            + " malformed check (its create statement fails)";
                }
                constrainedBefore = true;
            }
        }
        return null;
    }

    /** The attribute a column of an aggregate's embeddable was mapped from: the last part of its source. */
    private static String attributeName(TableDraft inside, Column c) {
        String source = inside.mapping(c.name()).source();
        return source.substring(source.lastIndexOf('.') + 1);
    }

    /** The columns of an embeddable, with {@code @AttributeOverride}s applied, outermost first. */
    void embedded(Member m, Ctx ctx, Map<String, Member> mapsIds) {
        embedded(m, ctx, mapsIds, false);
    }

    /** The attributes of an embeddable stored as a struct, bound as columns of their own. */
    private void embeddedColumns(Member m, Ctx ctx) {
        embedded(m, ctx, Map.of(), true);
    }

    private void embedded(Member m, Ctx ctx, Map<String, Member> mapsIds, boolean asStruct) {
        // Hibernate embeds a class named by @Embedded even when it is not @Embeddable
        if (!(m.type() instanceof DeclaredType declared)
                || declared.asElement().getKind() != javax.lang.model.element.ElementKind.CLASS
                        && declared.asElement().getKind() != javax.lang.model.element.ElementKind.RECORD
                        && !bind.scanner.isEmbeddable((TypeElement) declared.asElement())) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    m.get(Jpa.EMBEDDED),
                    ctx.source(m.name()),
                    "@Embedded on " + m.type() + ", which is not a class",
                    "embed a class, or map the value with" + " @Convert(converter = ...)");
            return;
        }
        TypeElement type = (TypeElement) declared.asElement();
        AnnotationMirror struct = bind.scanner.annotations(type).get(Jpa.H_STRUCT);
        if (struct != null && !m.has(Jpa.EMBEDDED_ID) && !asStruct) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    null,
                    ctx.source(m.name()),
                    "@Struct on " + type.getSimpleName(),
                    Jpa.STRUCT_ELSEWHERE);
            return;
        }
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
        boolean notNull = ctx.bvNotNull() && ctx.bvActive() && valid && bind.validation.notNull(m);
        Access access = bind.scanner.classAccess(type);
        Ctx inner = ctx.nested(
                m.name(),
                columns,
                associationOverrides,
                notNull,
                ctx.bvActive() && valid,
                access == null ? ctx.access() : access);
        List<TypeElement> chain = new ArrayList<>();
        for (TypeElement t = type; t != null; ) {
            chain.add(0, t);
            TypeMirror s = t.getSuperclass();
            t = s.getKind() == TypeKind.DECLARED
                            && bind.scanner
                                    .annotations(((DeclaredType) s).asElement())
                                    .containsKey(Jpa.MAPPED_SUPERCLASS)
                    ? (TypeElement) ((DeclaredType) s).asElement()
                    : null;
        }
        int columnsBefore = ctx.table() == null ? 0 : ctx.table().columns().size();
        for (TypeElement t : chain) {
            for (Member inside : bind.scanner.members(declared, t, inner.access())) {
                Member association = mapsIds.get(inside.name());
                if (association != null) {
                    // @MapsId("attr"): the association's join columns stand in for this key attribute
                    bind.associations.toOne(
                            association,
                            new Ctx(
                                    ctx.owner(),
                                    ctx.table(),
                                    "",
                                    ctx.columnOverrides(),
                                    ctx.associationOverrides(),
                                    false,
                                    true,
                                    false,
                                    true,
                                    true,
                                    ctx.access(),
                                    ctx.emit()),
                            true);
                    continue;
                }
                value(inside, inner);
            }
        }
        // a natural id that is an embedded value: its columns are in the natural id's unique key
        if (m.has(Jpa.H_NATURAL_ID) && ctx.path().isEmpty() && !ctx.key() && ctx.table() != null) {
            List<Column> all = ctx.table().columns();
            ctx.owner()
                    .naturalId
                    .put(
                            m.name(),
                            all.subList(columnsBefore, all.size()).stream()
                                    .map(Column::name)
                                    .toList());
        }
    }

    /** An override must name an attribute (path) of the embeddable; reports it when it does not. */
    private boolean checkOverride(Member m, AnnotationMirror override, DeclaredType embeddable, Ctx ctx, String what) {
        String name = Jpa.string(override, "name");
        if (hasPath(embeddable, name, ctx.access())) {
            return true;
        }
        bind.problem(Message.UNKNOWN_OVERRIDE, m.element(), override, ctx.source(m.name()), what, name, embeddable);
        return false;
    }

    /** True when the dotted path names a persistent attribute of the type, through nested embeddables. */
    private boolean hasPath(DeclaredType type, String path, Access access) {
        String first = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        TypeElement element = (TypeElement) type.asElement();
        Access own = bind.scanner.classAccess(element);
        for (TypeElement t = element; t != null; ) {
            for (Member member : bind.scanner.members(type, t, own == null ? access : own)) {
                if (member.name().equals(first)) {
                    return first.equals(path)
                            || member.type() instanceof DeclaredType d
                                    && hasPath(d, path.substring(first.length() + 1), access);
                }
            }
            TypeMirror s = t.getSuperclass();
            t = s.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) s).asElement() : null;
            if (t != null
                    && !bind.scanner.annotations(t).containsKey(Jpa.MAPPED_SUPERCLASS)
                    && !bind.scanner.annotations(t).containsKey(Jpa.ENTITY)) {
                t = null;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- associations

    // ---------------------------------------------------------------- table constraints

    /** {@code @Table(uniqueConstraints, indexes, check)} and Hibernate's class-level {@code @Check}. */
    private void tableConstraints(Binding b) {
        Entity e = b.entity;
        AnnotationMirror table = e.get(Jpa.TABLE);
        if (b.table == null
                || table == null
                        && !e.annotations.containsKey(Jpa.H_CHECK)
                        && !e.annotations.containsKey(Jpa.H_CHECKS)) {
            return;
        }
        bind.indexes(b.table, table, e.type, e.simpleName, name -> {
            String physical = b.logicalColumns.get(name.toLowerCase(Locale.ROOT));
            return physical != null ? physical : bind.physical(name);
        });
        List<AnnotationMirror> checks = new ArrayList<>(Jpa.annotations(table, "check"));
        checks.addAll(Jpa.repeated(e.annotations, Jpa.H_CHECK, Jpa.H_CHECKS));
        for (AnnotationMirror check : checks) {
            String expression =
                    Jpa.has(check, "constraint") ? Jpa.string(check, "constraint") : Jpa.string(check, "constraints");
            String name = Jpa.string(check, "name");
            b.table.tableCheck(new Check(
                    name.isEmpty()
                            ? ConstraintNames.check(b.table.local(), String.valueOf(b.table.tableCheckCount() + 1))
                            : name,
                    expression,
                    e.simpleName));
        }
    }

    // ---------------------------------------------------------------- shared helpers

}
