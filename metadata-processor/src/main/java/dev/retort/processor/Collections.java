package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.migration.ColumnType;
import dev.retort.migration.Types;
import dev.retort.processor.Associations.JoinColumn;
import dev.retort.processor.Binder.Binding;
import dev.retort.processor.Binder.Ctx;
import dev.retort.processor.EntityScanner.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * The tables and columns of collection-valued attributes: join tables of {@code @ManyToMany} and
 * unidirectional {@code @OneToMany}, join columns of a {@code @OneToMany} with {@code @JoinColumn},
 * and collection tables of {@code @ElementCollection} — with the primary keys Hibernate gives them
 * (sets: owner and element; indexed lists: owner and order; maps: owner and key; bags: none).
 */
final class Collections {

    /** How Hibernate treats a collection type. */
    enum Shape {
        BAG,
        LIST,
        SET,
        MAP
    }

    private static final List<String> COLLECTION = List.of("java.util.Collection");
    private static final List<String> MAP = List.of("java.util.Map");
    private static final String COLLECTION_TYPES =
            "declare it as a java.util Collection, List, Set, SortedSet, Map or" + " SortedMap";

    private final BindContext bind;

    Collections(BindContext bind) {
        this.bind = bind;
    }

    void bind(Member m, Ctx ctx) {
        if (m.has(Jpa.ELEMENT_COLLECTION)) {
            elementCollection(m, ctx);
            return;
        }
        AnnotationMirror kind = m.has(Jpa.ONE_TO_MANY) ? m.get(Jpa.ONE_TO_MANY) : m.get(Jpa.MANY_TO_MANY);
        if (!Jpa.string(kind, "mappedBy").isEmpty()) {
            if (joinOnInverseSide(m, ctx, kind)) {
                return;
            }
            bind.associations.checkMappedBy(m, ctx, kind);
            if (m.has(Jpa.ONE_TO_MANY) && shape(m) == Shape.LIST) {
                inverseOrderColumn(m, ctx, kind);
            }
            return;
        }
        String source = ctx.source(m.name());
        Shape shape = shape(m);
        if (shape == null || ctx.table() == null) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    kind,
                    source,
                    "@" + Jpa.simpleName(kind) + " on " + m.type(),
                    COLLECTION_TYPES);
            return;
        }
        Binding target = bind.associations.target(m, kind, elementType(bind, m, kind), source);
        if (target == null) {
            return;
        }
        boolean oneToMany = m.has(Jpa.ONE_TO_MANY);
        if (oneToMany && !m.has(Jpa.JOIN_TABLE) && (m.has(Jpa.JOIN_COLUMN) || m.has(Jpa.JOIN_COLUMNS))) {
            joinColumns(m, ctx, target, shape, source);
        } else {
            joinTable(m, ctx, target, shape, oneToMany, source);
        }
    }

    /**
     * The inverse side of a collection ({@code mappedBy}) with {@code @JoinColumn(s)} or {@code @JoinTable}:
     * Hibernate refuses it when it boots ({@code AnnotationException}: "Association '…' is 'mappedBy' another
     * entity and may not specify the '@JoinColumn'", 7.1 to 7.4), so it is a compile error here. True when reported.
     */
    private boolean joinOnInverseSide(Member m, Ctx ctx, AnnotationMirror kind) {
        String annotation = m.has(Jpa.JOIN_COLUMN)
                ? Jpa.JOIN_COLUMN
                : m.has(Jpa.JOIN_COLUMNS) ? Jpa.JOIN_COLUMNS : m.has(Jpa.JOIN_TABLE) ? Jpa.JOIN_TABLE : null;
        if (annotation == null) {
            return false;
        }
        String mappedBy = Jpa.string(kind, "mappedBy");
        TypeMirror type =
                Jpa.type(kind, "targetEntity") != null ? Jpa.type(kind, "targetEntity") : elementType(bind, m, kind);
        String owner =
                type instanceof DeclaredType d ? d.asElement().getSimpleName().toString() : String.valueOf(type);
        String named = Jpa.JOIN_TABLE.equals(annotation) ? "@JoinTable" : "@JoinColumn";
        bind.problem(
                Message.MAPPED_BY_WITH_JOIN,
                m.element(),
                m.get(annotation),
                ctx.source(m.name()),
                Jpa.simpleName(kind),
                mappedBy,
                "@" + annotation,
                named,
                owner,
                mappedBy,
                "@" + annotation);
        return true;
    }

    /**
     * The join columns of one side of a join or collection table, unless Hibernate refuses them at boot
     * ({@code AnnotationException}, 7.1 to 7.4): a column with {@code insertable} differing from {@code updatable}
     * ("Join column '…' on collection property '…' must be defined with the same insertable and updatable
     * attributes"), or read-only and writable columns together ("All join columns on collection '…' should have the
     * same insertable and updatable setting"). A {@code @OneToMany @JoinColumn} (no table) is not checked: Hibernate
     * accepts it. True when reported.
     */
    private boolean mixedMutability(Member m, List<AnnotationMirror> joins, String where, String source) {
        boolean reported = false;
        Boolean writable = null;
        boolean mixed = false;
        for (AnnotationMirror join : joins) {
            boolean insertable = Jpa.bool(join, "insertable", true);
            boolean updatable = Jpa.bool(join, "updatable", true);
            if (insertable != updatable) {
                String set = insertable ? "updatable = false" : "insertable = false";
                String unset = insertable ? "insertable = false" : "updatable = false";
                bind.problem(
                        Message.JOIN_COLUMN_MUTABILITY,
                        m.element(),
                        join,
                        source,
                        set + " without " + unset,
                        where,
                        "must be defined with the same insertable and updatable attributes",
                        where,
                        "drop " + set + ", or add " + unset);
                reported = true;
            } else if (writable == null) {
                writable = insertable;
            } else if (writable != insertable) {
                mixed = true;
            }
        }
        if (mixed && !reported) {
            bind.problem(
                    Message.JOIN_COLUMN_MUTABILITY,
                    m.element(),
                    joins.get(0),
                    source,
                    "read-only and writable join columns",
                    where,
                    "should have the same insertable and updatable setting",
                    where,
                    "mark all of them insertable = false, updatable = false, or none");
            reported = true;
        }
        return reported;
    }

    /**
     * An ordered inverse side, {@code @OneToMany(mappedBy) @OrderColumn}: as in Hibernate, the order column
     * lives in the owning side's table (nullable; the owning side's rows need not belong to a list).
     */
    private void inverseOrderColumn(Member m, Ctx ctx, AnnotationMirror kind) {
        TypeMirror type = elementType(bind, m, kind);
        TypeMirror explicit = Jpa.type(kind, "targetEntity");
        TypeMirror targetType = explicit != null ? explicit : type;
        TypeElement element = targetType instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
        if (bind.scanner.entity(element) == null) {
            // checkMappedBy reported it
            return;
        }
        Binding target = bind.binding(bind.scanner.entity(element));
        if (target.table == null) {
            return;
        }
        String source = ctx.source(m.name());
        Column order = bind.columns.addColumn(
                target.table,
                new Column(orderColumn(m), Types.integer(), true, false, source),
                new TableDraft.Mapping(ctx.owner().entity.qualifiedName, source, true),
                m.element(),
                m.get(Jpa.ORDER_COLUMN));
        if (order != null) {
            orderCheck(target.table, order.name());
        }
    }

    /** A unidirectional {@code @OneToMany @JoinColumn}: the foreign key lives in the target's table. */
    private void joinColumns(Member m, Ctx ctx, Binding target, Shape shape, String source) {
        if (target.table == null) {
            return;
        }
        Binding owner = ctx.owner();
        List<JoinColumn> joins = bind.associations.joinColumns(
                m, Jpa.repeated(m.annotations(), Jpa.JOIN_COLUMN, Jpa.JOIN_COLUMNS), owner, m.name(), source);
        if (joins == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        for (JoinColumn j : joins) {
            boolean nullable = Jpa.bool(j.annotation(), "nullable", true);
            // a @ManyToOne of the same column (often on the same entity, a tree) decides its definition, as in
            // Hibernate
            Column c = bind.columns.addColumn(
                    target.table,
                    new Column(j.name(), j.referenced().type(), nullable, false, source),
                    new TableDraft.Mapping(owner.entity.qualifiedName, source, false),
                    m.element(),
                    j.annotation());
            if (c == null) {
                return;
            }
            names.add(c.name());
            referenced.add(j.referenced().name());
        }
        if (shape == Shape.LIST) {
            Column order = bind.columns.addColumn(
                    target.table,
                    new Column(orderColumn(m), Types.integer(), true, false, source),
                    new TableDraft.Mapping(owner.entity.qualifiedName, source, true),
                    m.element(),
                    m.get(Jpa.ORDER_COLUMN));
            if (order != null) {
                orderCheck(target.table, order.name());
            }
        } else if (shape == Shape.MAP && !m.has(Jpa.MAP_KEY)) {
            Column key = mapKey(m, source, true);
            if (key != null) {
                bind.columns.addColumn(
                        target.table,
                        key,
                        new TableDraft.Mapping(owner.entity.qualifiedName, source, true),
                        m.element(),
                        m.get(Jpa.MAP_KEY_COLUMN));
            }
        }
        AnnotationMirror fk = m.has(Jpa.JOIN_COLUMNS)
                ? Jpa.annotation(m.get(Jpa.JOIN_COLUMNS), "foreignKey")
                : Jpa.annotation(m.get(Jpa.JOIN_COLUMN), "foreignKey");
        bind.associations.foreignKey(
                target.table, names, owner.table.name, referenced, fk, bind.associations.onDelete(m), source);
    }

    /** A join table between the owner and the target: {@code @ManyToMany}, or {@code @OneToMany} without join column. */
    private void joinTable(Member m, Ctx ctx, Binding target, Shape shape, boolean oneToMany, String source) {
        Binding owner = ctx.owner();
        AnnotationMirror jt = m.get(Jpa.JOIN_TABLE);
        String ownerName = owner.entity.qualifiedName;
        // an entity's table, or another association's join table (the other side of a many-to-many, a to-one
        // association through the same @JoinTable): Hibernate merges them
        TableDraft table = table(
                m,
                jt,
                m.get(oneToMany ? Jpa.ONE_TO_MANY : Jpa.MANY_TO_MANY),
                source,
                joinTableName(owner, target, m.name()),
                "@JoinTable(name = ...)",
                t -> t.entityTable || t.joinOwner != null || t.toOneJoin != null ? null : "");
        if (table == null) {
            return;
        }
        if (table.joinOwner == null && !table.entityTable) {
            table.joinOwner = ownerName;
        }
        String ownerPrefix = owner.entity.entityName;
        if (!oneToMany) {
            Member inverse = inverseOf(target, m.name());
            if (inverse != null) {
                ownerPrefix = inverse.name();
            }
        }
        boolean refused = mixedMutability(m, Jpa.annotations(jt, "joinColumns"), "@JoinTable(joinColumns)", source);
        refused |=
                mixedMutability(m, Jpa.annotations(jt, "inverseJoinColumns"), "@JoinTable(inverseJoinColumns)", source);
        if (refused) {
            return;
        }
        List<JoinColumn> ownerJoins =
                bind.associations.joinColumns(m, Jpa.annotations(jt, "joinColumns"), owner, ownerPrefix, source);
        List<JoinColumn> targetJoins =
                bind.associations.joinColumns(m, Jpa.annotations(jt, "inverseJoinColumns"), target, m.name(), source);
        if (ownerJoins == null || targetJoins == null) {
            return;
        }
        // Hibernate marks a single unique column on the column it creates: a column another mapping of a shared
        // table made first keeps its definition, without that mark
        boolean targetIsNew =
                targetJoins.size() > 1 || table.column(targetJoins.get(0).name()) == null;
        List<String> ownerColumns = addAll(table, ownerJoins, m, source);
        List<String> targetColumns = addAll(table, targetJoins, m, source);
        if (ownerColumns == null || targetColumns == null) {
            return;
        }
        softDelete(m, table, source);
        List<String> primaryKey = new ArrayList<>(ownerColumns);
        // indexed lists and maps (and idbags) key the table whatever key it has; a set only one without a key
        boolean forced = shape != Shape.SET;
        switch (shape) {
            case SET -> primaryKey.addAll(targetColumns);
            case LIST -> {
                String order = orderColumn(m);
                table.put(
                        new Column(order, Types.integer(), false, false, source),
                        new TableDraft.Mapping(source, source, true));
                orderCheck(table, order);
                primaryKey.add(order);
            }
            case MAP -> {
                List<String> objectKey = m.has(Jpa.MAP_KEY) ? null : objectKey(m, ctx, table, source);
                if (objectKey != null) {
                    if (objectKey.isEmpty()) {
                        return;
                    }
                    primaryKey.addAll(objectKey);
                    break;
                }
                Column key = m.has(Jpa.MAP_KEY) ? null : mapKey(m, source, false);
                if (key != null) {
                    table.put(key, new TableDraft.Mapping(source, source, true));
                    primaryKey.add(key.name());
                } else {
                    primaryKey.addAll(targetColumns);
                }
            }
            default -> {
                primaryKey.clear();
                String id = collectionId(m, shape, table, source);
                if (id == null && m.has(Jpa.H_COLLECTION_ID)) {
                    return;
                }
                if (id != null) {
                    primaryKey.add(id);
                }
            }
        }
        if (table.entityTable) {
            // an entity's table keeps the key it has
            if (table.primaryKey().isEmpty()) {
                table.primaryKey(table.inHibernateOrder(primaryKey));
            }
        } else {
            String why = table.share(new TableDraft.JoinKey(source, primaryKey, forced, oneToMany));
            if (why != null) {
                bind.problem(
                        Message.TABLE_ALREADY_MAPPED,
                        m.element(),
                        jt != null ? jt : m.get(oneToMany ? Jpa.ONE_TO_MANY : Jpa.MANY_TO_MANY),
                        source,
                        table.name,
                        table.source,
                        why,
                        "@JoinTable(name = ...)");
                return;
            }
            if (!primaryKey.isEmpty() && (forced || table.primaryKey().isEmpty())) {
                table.primaryKey(table.inHibernateOrder(primaryKey));
                // Hibernate makes the columns of a key it sets NOT NULL, whichever mapping defined them
                for (String name : primaryKey) {
                    Column c = table.column(name);
                    if (c != null && c.nullable()) {
                        table.replace(c.withNullable(false));
                    }
                }
            }
        }
        // the unique key of a one-to-many's elements, unless it is the table's key (a to-one's join table
        // sharing this one is keyed by them)
        if (oneToMany
                && targetIsNew
                && !new java.util.HashSet<>(BindContext.lower(targetColumns))
                        .equals(new java.util.HashSet<>(BindContext.lower(table.primaryKey())))) {
            table.index(
                    new Index(ConstraintNames.uniqueKey(table.local(), targetColumns), targetColumns, true, source));
        }
        ownerForeignKey(table, ownerColumns, owner, ownerJoins, jt, source);
        if (Associations.hasForeignKeyTable(target)) {
            bind.associations.foreignKey(
                    table,
                    targetColumns,
                    target.table.name,
                    targetJoins.stream().map(j -> j.referenced().name()).toList(),
                    Jpa.annotation(jt, "inverseForeignKey"),
                    null,
                    source);
        }
        bind.indexes(table, jt, m.element(), source, bind::physical);
    }

    /**
     * The foreign key of a join or collection table's owner columns to the owner's table, named by the
     * {@code foreignKey} of {@code tableAnnotation} ({@code @JoinTable}, {@code @CollectionTable}) when given.
     */
    void ownerForeignKey(
            TableDraft table,
            List<String> ownerColumns,
            Binding owner,
            List<JoinColumn> ownerJoins,
            AnnotationMirror tableAnnotation,
            String source) {
        bind.associations.foreignKey(
                table,
                ownerColumns,
                owner.table.name,
                ownerJoins.stream().map(j -> j.referenced().name()).toList(),
                Jpa.annotation(tableAnnotation, "foreignKey"),
                null,
                source);
    }

    /** {@code @SoftDelete} on a collection: its indicator column in the collection or join table. */
    private void softDelete(Member m, TableDraft table, String source) {
        AnnotationMirror sd = m.get(Jpa.H_SOFT_DELETE);
        if (sd == null) {
            return;
        }
        SoftDeletes.Indicator indicator = bind.softDeletes.indicator(sd, m.element(), source);
        if (indicator == null) {
            return;
        }
        Column added = bind.columns.addColumn(
                table, indicator.column(), new TableDraft.Mapping(source, source, true), m.element(), sd);
        if (added != null && indicator.check() != null) {
            table.columnCheck(added.name(), indicator.check());
        }
    }

    List<String> addAll(TableDraft table, List<JoinColumn> joins, Member m, String source) {
        List<String> names = new ArrayList<>();
        for (JoinColumn j : joins) {
            Column c = bind.columns.addColumn(
                    table,
                    new Column(j.name(), j.referenced().type(), false, false, source),
                    new TableDraft.Mapping(source, source, true),
                    m.element(),
                    j.annotation());
            if (c == null) {
                return null;
            }
            names.add(c.name());
        }
        return names;
    }

    /** An {@code @ElementCollection}: a collection table keyed by the owner, holding basic values or embeddables. */
    private void elementCollection(Member m, Ctx ctx) {
        String source = ctx.source(m.name());
        AnnotationMirror ec = m.get(Jpa.ELEMENT_COLLECTION);
        Shape shape = shape(m);
        if (shape == null || ctx.table() == null) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    ec,
                    source,
                    "@ElementCollection on " + m.type(),
                    COLLECTION_TYPES);
            return;
        }
        TypeMirror element = elementType(bind, m, ec);
        if (element == null) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    ec,
                    source,
                    "@ElementCollection on a raw " + m.type(),
                    "give it its element type, e.g. Set<String>");
            return;
        }
        TypeElement elementClass = element instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
        if (bind.scanner.isEntity(elementClass)) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    ec,
                    source,
                    "@ElementCollection of entities",
                    "use @OneToMany or @ManyToMany");
            return;
        }
        Binding owner = ctx.owner();
        AnnotationMirror ct = m.get(Jpa.COLLECTION_TABLE);
        TableDraft table = table(
                m,
                ct,
                ec,
                source,
                bind.collectionTable(owner.entity.entityName, m.name()),
                "@CollectionTable(name = ...)",
                t -> "");
        if (table == null) {
            return;
        }
        if (mixedMutability(m, Jpa.annotations(ct, "joinColumns"), "@CollectionTable(joinColumns)", source)) {
            return;
        }
        List<JoinColumn> joins = bind.associations.joinColumns(
                m, Jpa.annotations(ct, "joinColumns"), owner, owner.entity.entityName, source);
        if (joins == null) {
            return;
        }
        List<String> ownerColumns = addAll(table, joins, m, source);
        if (ownerColumns == null) {
            return;
        }
        softDelete(m, table, source);
        // the element's columns, bound as if the collection table were an entity of its own
        Binding holder = holder(owner, table);
        Map<String, AnnotationMirror> overrides = new HashMap<>();
        for (AnnotationMirror o : Jpa.repeated(m.annotations(), Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES)) {
            String path = Jpa.string(o, "name");
            overrides.putIfAbsent(
                    m.name() + "." + (path.startsWith("value.") ? path.substring(6) : path),
                    Jpa.annotation(o, "column"));
        }
        Ctx inner =
                new Ctx(holder, table, "", overrides, Map.of(), true, false, false, false, false, ctx.access(), false);
        List<String> elementColumns = new ArrayList<>();
        boolean elementsNotNull = true;
        int before = table.columns().size();
        if (bind.scanner.isEmbeddable(elementClass)) {
            bind.walk.embedded(new Member(m.element(), m.name(), element, Map.of()), inner, Map.of());
        } else {
            bind.columns.basic(new Member(m.element(), m.name(), element, m.annotations()), inner, element);
        }
        for (Column c : table.columns().subList(before, table.columns().size())) {
            elementColumns.add(c.name());
            elementsNotNull &= !c.nullable();
        }
        List<String> primaryKey = new ArrayList<>(ownerColumns);
        switch (shape) {
            case SET -> {
                if (elementsNotNull && !elementColumns.isEmpty()) {
                    primaryKey.addAll(elementColumns);
                } else {
                    if (bind.hibernate.atLeast(HibernateLine.V7_4) && !elementColumns.isEmpty()) {
                        // since 7.4 a set whose element may be null is kept unique by a key of all its columns
                        List<String> unique = new ArrayList<>(ownerColumns);
                        unique.addAll(elementColumns);
                        table.index(new Index(ConstraintNames.uniqueKey(table.local(), unique), unique, true, source));
                    }
                    primaryKey.clear();
                }
            }
            case LIST -> {
                String order = orderColumn(m);
                table.put(
                        new Column(order, Types.integer(), false, false, source),
                        new TableDraft.Mapping(source, source, true));
                orderCheck(table, order);
                primaryKey.add(order);
            }
            case MAP -> {
                List<String> objectKey = objectKey(m, ctx, table, source);
                if (objectKey != null) {
                    if (objectKey.isEmpty()) {
                        return;
                    }
                    primaryKey.addAll(objectKey);
                    break;
                }
                Column key = mapKey(m, source, false);
                if (key == null) {
                    return;
                }
                bind.columns.addColumn(
                        table,
                        key,
                        new TableDraft.Mapping(source + ".key", source, true),
                        m.element(),
                        m.get(Jpa.MAP_KEY_COLUMN));
                primaryKey.add(key.name());
            }
            default -> {
                primaryKey.clear();
                String id = collectionId(m, shape, table, source);
                if (id == null && m.has(Jpa.H_COLLECTION_ID)) {
                    return;
                }
                if (id != null) {
                    primaryKey.add(id);
                }
            }
        }
        table.primaryKey(table.inHibernateOrder(primaryKey));
        ownerForeignKey(table, ownerColumns, owner, joins, ct, source);
        bind.indexes(table, ct, m.element(), source, bind::physical);
    }

    /**
     * A new join or collection table: named by the annotation ({@code @JoinTable},
     * {@code @CollectionTable}) or implicitly, or the one of that name {@code refusal} lets it share (see
     * {@link BindContext#newTable}); null after a problem (a quoted or taken name).
     */
    TableDraft table(
            Member m,
            AnnotationMirror named,
            AnnotationMirror kind,
            String source,
            String implicit,
            String how,
            java.util.function.Function<TableDraft, String> refusal) {
        String explicit = Jpa.string(named, "name");
        // an implicit join or collection table lives in the default schema, whatever its owner's
        String name = bind.qualify(named, explicit.isEmpty() ? implicit : bind.physical(explicit));
        return bind.newTable(name, source, m, named != null ? named : kind, how, refusal);
    }

    /** Generators of a {@code @CollectionId} that need no table or sequence of their own (Hibernate 7.1 refuses uuid2 there). */
    private static final List<String> SCHEMALESS_GENERATORS = List.of("increment");

    private static final String COLLECTION_ID_WORKAROUND =
            "give it a named column and its type, e.g. @CollectionId(column = @Column(name = \"row_id\"),"
                    + " generator = \"increment\") with @CollectionIdJdbcTypeCode(SqlTypes.BIGINT), or map the"
                    + " rows as an entity with its own @Id (a @OneToMany)";

    /**
     * Hibernate's {@code @CollectionId} on a bag (an idbag): a NOT NULL id column of the type
     * {@code @CollectionIdJdbcTypeCode} or {@code @CollectionIdJavaClass} gives, the collection
     * table's primary key. Its name, or null when there is none; null after a problem when the
     * annotation is there but Retort cannot tell the column (reported with the workaround).
     */
    private String collectionId(Member m, Shape shape, TableDraft table, String source) {
        AnnotationMirror cid = m.get(Jpa.H_COLLECTION_ID);
        if (cid == null) {
            return null;
        }
        String name = Jpa.string(Jpa.annotation(cid, "column"), "name");
        String generator = Jpa.string(cid, "generator");
        ColumnType type = collectionIdType(m);
        if (shape != Shape.BAG
                || name.isEmpty()
                || Naming.isQuoted(name)
                || type == null
                || !SCHEMALESS_GENERATORS.contains(generator)
                || Jpa.has(cid, "generatorImplementation")) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    cid,
                    source,
                    "@CollectionId"
                            + (shape != Shape.BAG
                                    ? " on a " + shape.name().toLowerCase(java.util.Locale.ROOT)
                                    : name.isEmpty()
                                            ? " without a column name"
                                            : type == null
                                                    ? " without @CollectionIdJdbcTypeCode or @CollectionIdJavaClass"
                                                    : " with generator \"" + generator + "\""),
                    COLLECTION_ID_WORKAROUND);
            return null;
        }
        String column = bind.naming.physical(name);
        table.put(new Column(column, type, false, false, source), new TableDraft.Mapping(source, source, true));
        return column;
    }

    /** The id column's type: the code of {@code @CollectionIdJdbcTypeCode}, else the class of {@code @CollectionIdJavaClass}. */
    private ColumnType collectionIdType(Member m) {
        TypeMirror javaType = Jpa.type(m.get(Jpa.H_COLLECTION_ID_JAVA_CLASS), "idType");
        AnnotationMirror code = m.get(Jpa.H_COLLECTION_ID_JDBC_TYPE_CODE);
        if (code != null) {
            int c = Jpa.integer(code, "value", Integer.MIN_VALUE);
            TypeMirror forCode = javaType != null
                    ? javaType
                    : bind.elements
                            .getTypeElement(JdbcTypes.integral(c) ? "java.lang.Long" : "java.util.UUID")
                            .asType();
            return JdbcTypes.columnType(c, forCode, TypeMapping.Settings.DEFAULT);
        }
        return javaType == null ? null : bind.typeMapping.columnType(javaType, TypeMapping.Settings.DEFAULT);
    }

    /** Since Hibernate 7.3 a list's order column is checked: {@code col>=0}. */
    void orderCheck(TableDraft table, String column) {
        if (bind.hibernate.atLeast(HibernateLine.V7_3)) {
            table.columnCheck(column, column + ">=0");
        }
    }

    /** {@code @OrderColumn(name)}, by default {@code <attribute>_ORDER}. */
    String orderColumn(Member m) {
        String name = Jpa.string(m.get(Jpa.ORDER_COLUMN), "name");
        return bind.physical(name.isEmpty() ? m.name() + "_ORDER" : name);
    }

    /** An entity standing in for a collection table, so the columns of its elements bind as an entity's do. */
    private static Binding holder(Binding owner, TableDraft table) {
        Binding holder = new Binding(owner.entity);
        holder.root = holder;
        holder.strategy = owner.strategy;
        holder.access = owner.access;
        holder.table = table;
        holder.columnsBound = true;
        return holder;
    }

    /** The key type of a map: {@code @MapKeyClass}, else its first type argument; null for a raw map. */
    TypeMirror mapKeyType(Member m) {
        TypeMirror explicit = Jpa.type(m.get(Jpa.MAP_KEY_CLASS), "value");
        if (explicit != null) {
            return explicit;
        }
        List<TypeMirror> args = bind.converters.typeArguments(m.type(), MAP);
        return args == null || args.size() != 2 ? null : args.get(0);
    }

    /**
     * The key of a map in a join or collection table when it is an entity or an embeddable, as Hibernate
     * maps it: an entity's key columns ({@code @MapKeyJoinColumn(s)}, by default {@code <attribute>_KEY}),
     * NOT NULL and referencing the entity; an embeddable's own columns ({@code @AttributeOverride(name =
     * "key.…")}), NOT NULL. The columns are added to the table; their names are returned, an empty list
     * after a problem, null for a basic key.
     */
    List<String> objectKey(Member m, Ctx ctx, TableDraft table, String source) {
        TypeMirror keyType = mapKeyType(m);
        TypeElement keyClass = keyType instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
        if (bind.scanner.isEntity(keyClass)) {
            return entityKey(m, bind.binding(bind.scanner.entity(keyClass)), table, source);
        }
        boolean keyOverride = Jpa.repeated(m.annotations(), Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES).stream()
                .anyMatch(o -> Jpa.string(o, "name").startsWith("key."));
        if (keyClass != null && (bind.scanner.isEmbeddable(keyClass) || keyOverride)) {
            return embeddableKey(m, ctx, keyType, table);
        }
        return null;
    }

    private List<String> entityKey(Member m, Binding key, TableDraft table, String source) {
        List<AnnotationMirror> annotations =
                Jpa.repeated(m.annotations(), Jpa.MAP_KEY_JOIN_COLUMN, Jpa.MAP_KEY_JOIN_COLUMNS);
        List<JoinColumn> joins = bind.associations.joinColumns(m, annotations, key, m.name(), source);
        if (joins == null) {
            return List.of();
        }
        // Hibernate names every key column without a name <attribute>_KEY, whatever it references
        String implicit = m.name() + "_KEY";
        if (joins.size() > 1
                && joins.stream()
                        .anyMatch(j -> Jpa.string(j.annotation(), "name").isEmpty())) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    annotations.isEmpty() ? m.get(Jpa.ELEMENT_COLLECTION) : annotations.get(0),
                    source,
                    "a Map keyed by " + key.entity.simpleName + ", whose key has " + joins.size()
                            + " columns, without a name for each key column (Hibernate would name them all "
                            + implicit + ")",
                    "name each one: @MapKeyJoinColumns({@MapKeyJoinColumn(name = ..., referencedColumnName ="
                            + " ...), ...})");
            return List.of();
        }
        List<JoinColumn> named = joins.stream()
                .map(j -> Jpa.string(j.annotation(), "name").isEmpty()
                        ? new JoinColumn(bind.physical(implicit), implicit, j.referenced(), j.annotation())
                        : j)
                .toList();
        List<String> names = addAll(table, named, m, source);
        if (names == null) {
            return List.of();
        }
        if (Associations.hasForeignKeyTable(key)) {
            AnnotationMirror fk = m.has(Jpa.MAP_KEY_JOIN_COLUMNS)
                    ? Jpa.annotation(m.get(Jpa.MAP_KEY_JOIN_COLUMNS), "foreignKey")
                    : Jpa.annotation(m.get(Jpa.MAP_KEY_JOIN_COLUMN), "foreignKey");
            bind.associations.foreignKey(
                    table,
                    names,
                    key.table.name,
                    named.stream().map(j -> j.referenced().name()).toList(),
                    fk,
                    null,
                    source);
        }
        return names;
    }

    private List<String> embeddableKey(Member m, Ctx ctx, TypeMirror keyType, TableDraft table) {
        Map<String, AnnotationMirror> overrides = new HashMap<>();
        for (AnnotationMirror o : Jpa.repeated(m.annotations(), Jpa.ATTRIBUTE_OVERRIDE, Jpa.ATTRIBUTE_OVERRIDES)) {
            String path = Jpa.string(o, "name");
            if (path.startsWith("key.")) {
                overrides.putIfAbsent(m.name() + "." + path.substring(4), Jpa.annotation(o, "column"));
            }
        }
        Ctx inner = new Ctx(
                holder(ctx.owner(), table),
                table,
                "",
                overrides,
                Map.of(),
                true,
                false,
                false,
                false,
                false,
                ctx.access(),
                false);
        int before = table.columns().size();
        int problems = bind.problems().size();
        bind.walk.embedded(new Member(m.element(), m.name(), keyType, Map.of()), inner, Map.of());
        if (bind.problems().size() > problems) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Column c : table.columns().subList(before, table.columns().size())) {
            // the key is part of the primary key: NOT NULL, as Hibernate makes it
            if (c.nullable()) {
                table.replace(c.withNullable(false));
            }
            names.add(c.name());
        }
        return names.isEmpty() ? List.of() : names;
    }

    /** The map key column: {@code @MapKeyColumn}, by default {@code <attribute>_KEY}, typed from the key type. */
    Column mapKey(Member m, String source, boolean nullable) {
        TypeMirror keyType = mapKeyType(m);
        AnnotationMirror column = m.get(Jpa.MAP_KEY_COLUMN);
        if (keyType == null) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    column,
                    source,
                    "a raw Map",
                    "give it its key and value types, e.g. Map<String, Integer>");
            return null;
        }
        TypeElement keyClass = keyType instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
        if (bind.scanner.isEntity(keyClass) || bind.scanner.isEmbeddable(keyClass)) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    column,
                    source,
                    "a Map keyed by an entity or embeddable on a @OneToMany with @JoinColumn",
                    "drop the @JoinColumn (the map then lives in a join table, keyed as Hibernate keys it), key it by a"
                            + " basic value, or by an attribute of the target with @MapKey(name = ...)");
            return null;
        }
        Map<String, AnnotationMirror> keyAnnotations = new HashMap<>();
        AnnotationMirror enumerated = m.get(Jpa.MAP_KEY_ENUMERATED);
        if (enumerated != null) {
            keyAnnotations.put(Jpa.ENUMERATED, enumerated);
        }
        AnnotationMirror temporal = m.get(Jpa.MAP_KEY_TEMPORAL);
        if (temporal != null) {
            keyAnnotations.put(Jpa.TEMPORAL, temporal);
        }
        Member key = new Member(m.element(), m.name() + "_KEY", keyType, keyAnnotations);
        TypeMapping.Settings settings = bind.columns.settings(key, column, keyType, false, null);
        ColumnType type = bind.typeMapping.columnType(keyType, settings);
        if (type == null) {
            bind.problem(Message.UNSUPPORTED_TYPE, m.element(), column, source + ".key", keyType);
            return null;
        }
        String name = Jpa.string(column, "name");
        return new Column(
                bind.physical(name.isEmpty() ? m.name() + "_KEY" : name),
                type,
                nullable && Jpa.bool(column, "nullable", true),
                false,
                source);
    }

    /** The physical table of an entity even when it has none of its own (an abstract TABLE_PER_CLASS root). */
    /**
     * The implicit join table: from the physical table names; when one of them is quoted Hibernate
     * builds it from the logical names and quotes it, so no naming strategy changes it.
     */
    private String joinTableName(Binding owner, Binding target, String attribute) {
        String name = bind.joinTable(owner.table.local(), physicalTable(target), attribute);
        if (!Naming.isQuoted(name)) {
            return name;
        }
        return bind.joinTable(logicalTable(owner), logicalTable(target), attribute);
    }

    private static String logicalTable(Binding b) {
        return b.table != null && b.table.logical != null ? b.table.logical : BindContext.logicalTableName(b.entity);
    }

    private String physicalTable(Binding b) {
        return b.table != null ? b.table.local() : bind.physical(BindContext.logicalTableName(b.entity));
    }

    /** The attribute of the target that is mapped by this one ({@code mappedBy}), for join column names. */
    private Member inverseOf(Binding target, String attribute) {
        for (Member candidate : bind.allMembers(target)) {
            AnnotationMirror many = candidate.get(Jpa.MANY_TO_MANY);
            if (many != null && Jpa.string(many, "mappedBy").equals(attribute)) {
                return candidate;
            }
        }
        return null;
    }

    /** The shape of a collection attribute, or null when its type is no collection or map. */
    Shape shape(Member m) {
        TypeMirror erased = bind.types.erasure(m.type());
        String name = erased instanceof DeclaredType d
                ? ((TypeElement) d.asElement()).getQualifiedName().toString()
                : "";
        Shape shape = switch (name) {
            case "java.util.List" -> Shape.BAG;
            case "java.util.Set", "java.util.SortedSet", "java.util.NavigableSet" -> Shape.SET;
            case "java.util.Collection" -> Shape.BAG;
            case "java.util.Map", "java.util.SortedMap", "java.util.NavigableMap" -> Shape.MAP;
            default -> null;
        };
        if (shape == Shape.BAG && m.has(Jpa.ORDER_COLUMN)) {
            return Shape.LIST;
        }
        return shape;
    }

    /**
     * The element type of an association or element collection: {@code targetEntity} or
     * {@code targetClass}, else the collection's element (a map's value), else the attribute type.
     */
    static TypeMirror elementType(BindContext bind, Member m, AnnotationMirror kind) {
        TypeMirror explicit = Jpa.type(kind, Jpa.has(kind, "targetClass") ? "targetClass" : "targetEntity");
        if (explicit != null) {
            return explicit;
        }
        List<TypeMirror> map = bind.converters.typeArguments(m.type(), MAP);
        if (map != null) {
            return map.size() == 2 ? map.get(1) : null;
        }
        List<TypeMirror> collection = bind.converters.typeArguments(m.type(), COLLECTION);
        if (collection != null) {
            return collection.size() == 1 ? collection.get(0) : null;
        }
        return m.type();
    }
}
