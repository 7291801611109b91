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
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.type.TypeMirror;

/**
 * Hibernate's {@code @Any} and {@code @ManyToAny}: a discriminator column naming the target's type
 * and a key column holding its identifier, with no foreign key to any target (there is no one table
 * to reference). {@code @Any} puts both in the owner's table; {@code @ManyToAny} in its join table,
 * beside the owner's key (the one foreign key), keyed like the collection (a list by its order
 * column; a set or a bag by nothing, as Hibernate leaves them).
 */
final class Anys {

    private final BindContext bind;

    Anys(BindContext bind) {
        this.bind = bind;
    }

    /** {@code @Any}: the discriminator ({@code @Column}, else the attribute name) and the key ({@code @JoinColumn}). */
    void any(Member m, Ctx ctx) {
        String source = ctx.source(m.name());
        AnnotationMirror any = m.get(Jpa.H_ANY);
        if (m.has(Jpa.JOIN_TABLE)) {
            refuse(
                    m,
                    m.get(Jpa.JOIN_TABLE),
                    source,
                    "@Any with @JoinTable",
                    "drop @JoinTable: the discriminator and" + " key columns then live in the entity's own table");
            return;
        }
        List<AnnotationMirror> joins = Jpa.repeated(m.annotations(), Jpa.JOIN_COLUMN, Jpa.JOIN_COLUMNS);
        if (joins.size() != 1 || Jpa.string(joins.get(0), "name").isEmpty()) {
            refuse(
                    m,
                    joins.isEmpty() ? any : joins.get(0),
                    source,
                    joins.size() > 1 ? "@Any with several join columns" : "@Any without a named @JoinColumn",
                    "name its one key column with @JoinColumn(name = \"...\"), as Hibernate 7 requires");
            return;
        }
        AnnotationMirror join = joins.get(0);
        AnnotationMirror column = m.get(Jpa.COLUMN);
        ColumnType keyType = keyType(m, join, source);
        ColumnType discriminatorType = discriminatorType(m, column, source);
        if (keyType == null || discriminatorType == null || ctx.table() == null) {
            return;
        }
        TableDraft.Mapping mapping = new TableDraft.Mapping(ctx.owner().entity.qualifiedName, source, true);
        bind.columns.addColumn(
                ctx.table(),
                new Column(
                        bind.physical(BindContext.orDefault(Jpa.string(column, "name"), m.name())),
                        discriminatorType,
                        Jpa.bool(column, "nullable", true),
                        false,
                        source),
                mapping,
                m.element(),
                column != null ? column : any);
        boolean optional = Jpa.bool(any, "optional", true);
        boolean keyNotNull = !Jpa.bool(join, "nullable", true) || !optional && !ctx.guarded();
        bind.columns.addColumn(
                ctx.table(),
                new Column(bind.physical(Jpa.string(join, "name")), keyType, !keyNotNull, false, source),
                mapping,
                m.element(),
                join);
    }

    /**
     * {@code @ManyToAny}: its {@code @JoinTable} holds the owner's key columns, the discriminator
     * ({@code @Column}) and the element's key (the one inverse join column), NOT NULL; a map's key column
     * beside them, in the primary key.
     */
    void manyToAny(Member m, Ctx ctx) {
        String source = ctx.source(m.name());
        AnnotationMirror kind = m.get(Jpa.H_MANY_TO_ANY);
        AnnotationMirror jt = m.get(Jpa.JOIN_TABLE);
        Collections.Shape shape = bind.collections.shape(m);
        if (shape == null) {
            refuse(
                    m,
                    kind,
                    source,
                    "@ManyToAny on " + m.type(),
                    "declare it as a java.util List, Set, Collection or Map");
            return;
        }
        if (shape == Collections.Shape.MAP && m.has(Jpa.MAP_KEY)) {
            // Hibernate 7.1 fails on it: "Association '…' targets the type 'java.lang.Object' which is not an
            // '@Entity'"
            refuse(
                    m,
                    m.get(Jpa.MAP_KEY),
                    source,
                    "a @ManyToAny map keyed by @MapKey, which Hibernate 7.1 refuses (it looks for the key attribute"
                            + " in java.lang.Object, which is not an @Entity)",
                    "key it by a basic value in a @MapKeyColumn, by an entity (@MapKeyJoinColumn) or by an"
                            + " embeddable");
            return;
        }
        if (Jpa.string(jt, "name").isEmpty()) {
            refuse(
                    m,
                    jt != null ? jt : kind,
                    source,
                    "@ManyToAny without @JoinTable(name)",
                    "name its join table with @JoinTable(name = \"...\"): Hibernate requires a @JoinTable, and"
                            + " without a name calls it <Entity>_null");
            return;
        }
        List<AnnotationMirror> inverse = Jpa.annotations(jt, "inverseJoinColumns");
        if (inverse.size() != 1 || Jpa.string(inverse.get(0), "name").isEmpty()) {
            refuse(
                    m,
                    jt,
                    source,
                    "@ManyToAny without one named inverse join column",
                    "name its key column with @JoinTable(inverseJoinColumns = @JoinColumn(name = \"...\")),"
                            + " without which Hibernate 7 fails");
            return;
        }
        AnnotationMirror column = m.get(Jpa.COLUMN);
        if (Jpa.string(column, "name").isEmpty()) {
            refuse(
                    m,
                    column != null ? column : kind,
                    source,
                    "@ManyToAny without @Column(name)",
                    "name its discriminator column with @Column(name = \"...\"), without which Hibernate 7 fails");
            return;
        }
        if (m.has(Jpa.H_COLLECTION_ID)) {
            refuse(m, m.get(Jpa.H_COLLECTION_ID), source, "@CollectionId on a @ManyToAny", "drop @CollectionId");
            return;
        }
        ColumnType keyType = keyType(m, inverse.get(0), source);
        ColumnType discriminatorType = discriminatorType(m, column, source);
        if (keyType == null || discriminatorType == null || ctx.table() == null) {
            return;
        }
        Binding owner = ctx.owner();
        TableDraft table = bind.collections.table(m, jt, kind, source, "", "@JoinTable(name = ...)", t -> "");
        if (table == null) {
            return;
        }
        List<JoinColumn> ownerJoins = bind.associations.joinColumns(
                m, Jpa.annotations(jt, "joinColumns"), owner, owner.entity.entityName, source);
        if (ownerJoins == null) {
            return;
        }
        List<String> ownerColumns = bind.collections.addAll(table, ownerJoins, m, source);
        if (ownerColumns == null) {
            return;
        }
        TableDraft.Mapping mapping = new TableDraft.Mapping(source, source, true);
        boolean discriminatorNullable = Jpa.bool(column, "nullable", true);
        Column discriminator = bind.columns.addColumn(
                table,
                new Column(
                        bind.physical(Jpa.string(column, "name")),
                        discriminatorType,
                        discriminatorNullable,
                        false,
                        source),
                mapping,
                m.element(),
                column);
        Column key = bind.columns.addColumn(
                table,
                new Column(bind.physical(Jpa.string(inverse.get(0), "name")), keyType, false, false, source),
                mapping,
                m.element(),
                inverse.get(0));
        if (discriminator == null || key == null) {
            return;
        }
        List<String> primaryKey = new ArrayList<>(ownerColumns);
        if (shape == Collections.Shape.LIST) {
            String order = bind.collections.orderColumn(m);
            table.put(new Column(order, Types.integer(), false, false, source), mapping);
            bind.collections.orderCheck(table, order);
            primaryKey.add(order);
            table.primaryKey(table.inHibernateOrder(primaryKey));
        } else if (shape == Collections.Shape.MAP) {
            // keyed by owner and map key: an entity's key columns (referencing it) or an embeddable's, NOT NULL
            List<String> objectKey = bind.collections.objectKey(m, ctx, table, source);
            if (objectKey != null && objectKey.isEmpty()) {
                return;
            } else if (objectKey != null) {
                primaryKey.addAll(objectKey);
            } else {
                // as any map of basic keys
                Column mapKey = bind.collections.mapKey(m, source, false);
                if (mapKey == null
                        || bind.columns.addColumn(table, mapKey, mapping, m.element(), m.get(Jpa.MAP_KEY_COLUMN))
                                == null) {
                    return;
                }
                primaryKey.add(mapKey.name());
            }
            table.primaryKey(table.inHibernateOrder(primaryKey));
        } else if (shape == Collections.Shape.SET) {
            // as a set of basic values: keyed by all its columns, unless one may be null (then, since 7.4, unique)
            primaryKey.add(discriminator.name());
            primaryKey.add(key.name());
            if (!discriminatorNullable) {
                table.primaryKey(table.inHibernateOrder(primaryKey));
            } else if (bind.hibernate.atLeast(HibernateLine.V7_4)) {
                table.index(new Index(ConstraintNames.uniqueKey(table.local(), primaryKey), primaryKey, true, source));
            }
        }
        bind.collections.ownerForeignKey(table, ownerColumns, owner, ownerJoins, jt, source);
        bind.indexes(table, jt, m.element(), source, bind::physical);
    }

    /**
     * The key column's type: {@code @JoinColumn(columnDefinition)}, else {@code @AnyKeyJdbcTypeCode}
     * for the Java class of {@code @AnyKeyJavaClass}, else that class's; null after a problem.
     */
    private ColumnType keyType(Member m, AnnotationMirror join, String source) {
        for (String other : List.of(Jpa.H_ANY_KEY_JAVA_TYPE, Jpa.H_ANY_KEY_JDBC_TYPE)) {
            if (m.has(other)) {
                refuse(
                        m,
                        m.get(other),
                        source,
                        "@" + other.substring(2),
                        "state the key's type with @AnyKeyJavaClass (and @AnyKeyJdbcTypeCode(SqlTypes....) for"
                                + " another column type), or give it with @JoinColumn(columnDefinition = \"...\")");
                return null;
            }
        }
        TypeMirror javaType = Jpa.type(m.get(Jpa.H_ANY_KEY_JAVA_CLASS), "value");
        if (javaType == null) {
            refuse(
                    m,
                    m.get(m.has(Jpa.H_ANY) ? Jpa.H_ANY : Jpa.H_MANY_TO_ANY),
                    source,
                    "@" + (m.has(Jpa.H_ANY) ? "Any" : "ManyToAny") + " without @AnyKeyJavaClass",
                    "Hibernate cannot tell the key's type without it: add @AnyKeyJavaClass with the targets'"
                            + " identifier class, e.g. @AnyKeyJavaClass(Long.class)");
            return null;
        }
        String definition = Jpa.string(join, "columnDefinition");
        if (!definition.isBlank()) {
            return Types.custom(definition.trim());
        }
        AnnotationMirror code = m.get(Jpa.H_ANY_KEY_JDBC_TYPE_CODE);
        ColumnType type = code != null
                ? JdbcTypes.columnType(
                        Jpa.integer(code, "value", Integer.MIN_VALUE), javaType, TypeMapping.Settings.DEFAULT)
                : bind.typeMapping.columnType(javaType, TypeMapping.Settings.DEFAULT);
        if (type == null) {
            refuse(
                    m,
                    code != null ? code : m.get(Jpa.H_ANY_KEY_JAVA_CLASS),
                    source,
                    "an @Any key of " + javaType + (code != null ? " with this @AnyKeyJdbcTypeCode" : ""),
                    "give the key column's type with @JoinColumn(columnDefinition = \"...\"), which Retort uses"
                            + " verbatim");
        }
        return type;
    }

    /**
     * The discriminator's type: {@code @Column(columnDefinition)}, else by {@code @AnyDiscriminator}:
     * {@code STRING} (the default) a {@code varchar} of the column's length, {@code CHAR} a
     * {@code char(1)}, {@code INTEGER} an {@code integer}.
     */
    private ColumnType discriminatorType(Member m, AnnotationMirror column, String source) {
        String definition = Jpa.string(column, "columnDefinition");
        if (!definition.isBlank()) {
            return Types.custom(definition.trim());
        }
        return switch (Jpa.constant(m.get(Jpa.H_ANY_DISCRIMINATOR), "value", "STRING")) {
            case "CHAR" -> Types.fixedChar(1);
            case "INTEGER" -> Types.integer();
            default -> {
                int length = Jpa.integer(column, "length", TypeMapping.DEFAULT_LENGTH);
                if (length <= 0) {
                    bind.problem(Message.LENGTH_NOT_POSITIVE, m.element(), column, source, length);
                    yield null;
                }
                yield Types.varchar(length);
            }
        };
    }

    private void refuse(Member m, AnnotationMirror at, String source, String mapping, String workaround) {
        bind.problem(Message.UNSUPPORTED_MAPPING, m.element(), at, source, mapping, workaround);
    }
}
