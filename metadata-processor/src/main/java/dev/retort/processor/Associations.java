package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.migration.ReferentialAction;
import dev.retort.migration.Types;
import dev.retort.processor.Binder.Binding;
import dev.retort.processor.Binder.Ctx;
import dev.retort.processor.Binder.KeyColumn;
import dev.retort.processor.Binder.Strategy;
import dev.retort.processor.EntityScanner.Entity;
import dev.retort.processor.EntityScanner.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * To-one associations and what every association needs: the target entity, join columns matched
 * to the referenced key (or {@code referencedColumnName}), foreign keys, and {@code mappedBy} checks.
 */
final class Associations {

    private final BindContext bind;

    Associations(BindContext bind) {
        this.bind = bind;
    }

    /**
     * The join columns of a {@code @ManyToOne} or owning {@code @OneToOne}: added to the table with
     * the referenced columns' bind.types, plus their foreign key (and a unique key for one-to-one).
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
        List<AnnotationMirror> joins = override != null
                ? Jpa.annotations(override, "joinColumns")
                : Jpa.repeated(m.annotations(), Jpa.JOIN_COLUMN, Jpa.JOIN_COLUMNS);
        boolean optional = Jpa.bool(kind, "optional", true);
        boolean bvNotNull = ctx.bvNotNull() && bind.validation.notNull(m);
        if (m.has(Jpa.JOIN_TABLE) && override == null) {
            if (inKey || ctx.key()) {
                bind.problem(
                        Message.UNSUPPORTED_MAPPING,
                        m.element(),
                        m.get(Jpa.JOIN_TABLE),
                        source,
                        "@JoinTable on an identifier association",
                        "map the key's association with @JoinColumn");
            } else {
                joinTable(m, ctx, kind, target, !optional || bvNotNull && !ctx.guarded(), source);
            }
            return List.of();
        }
        List<JoinColumn> resolved = joinColumns(m, joins, target, m.name(), source);
        if (resolved == null) {
            return List.of();
        }
        List<KeyColumn> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        for (JoinColumn j : resolved) {
            boolean explicitNotNull = !Jpa.bool(j.annotation(), "nullable", true);
            boolean implicitNotNull = !optional;
            boolean notNull = inKey || ctx.key() || explicitNotNull || !ctx.guarded() && (implicitNotNull || bvNotNull);
            AnnotationMirror renamed = resolved.size() == 1 ? m.get(Jpa.RENAMED_FROM) : null;
            String definition = Jpa.string(j.annotation(), "columnDefinition");
            Column c = new Column(
                    j.name(),
                    definition.isBlank() ? j.referenced().type() : Types.custom(definition.trim()),
                    !notNull,
                    false,
                    null,
                    null,
                    source,
                    renamed == null ? null : Jpa.string(renamed, "value"));
            boolean writable =
                    Jpa.bool(j.annotation(), "insertable", true) || Jpa.bool(j.annotation(), "updatable", true);
            Column added = bind.columns.addColumn(
                    ctx.table(),
                    c,
                    new TableDraft.Mapping(ctx.owner().entity.qualifiedName, source, writable),
                    m.element(),
                    j.annotation() != null ? j.annotation() : kind);
            if (added == null) {
                return List.of();
            }
            if (ctx.guarded() && !ctx.embedded() && !explicitNotNull && implicitNotNull) {
                ctx.guarded(m.name(), j.name());
            }
            ctx.owner().logical(j.logical(), j.name());
            columns.add(new KeyColumn(j.logical(), added));
            names.add(added.name());
            referenced.add(j.referenced().name());
        }
        if (m.has(Jpa.H_NATURAL_ID) && ctx.path().isEmpty() && !inKey && !ctx.key()) {
            ctx.owner().naturalId.put(m.name(), List.copyOf(names));
        }
        boolean unique =
                m.has(Jpa.ONE_TO_ONE) || resolved.stream().anyMatch(j -> Jpa.bool(j.annotation(), "unique", false));
        if (unique
                && !inKey
                && !ctx.key()
                && !BindContext.lower(ctx.table().primaryKey()).equals(BindContext.lower(names))) {
            ctx.table().index(new Index(ConstraintNames.uniqueKey(ctx.table().local(), names), names, true, source));
        }
        AnnotationMirror fk = override != null
                ? Jpa.annotation(override, "foreignKey")
                : m.has(Jpa.JOIN_COLUMNS)
                        ? Jpa.annotation(m.get(Jpa.JOIN_COLUMNS), "foreignKey")
                        : resolved.get(0).annotation() == null
                                ? null
                                : Jpa.annotation(resolved.get(0).annotation(), "foreignKey");
        // @NotFound: rows may point to nothing, so Hibernate creates no constraint
        if (hasForeignKeyTable(target) && !m.has("h:NotFound")) {
            foreignKey(ctx.table(), names, target.table.name, referenced, fk, onDelete(m), source);
        }
        return columns;
    }

    /**
     * A to-one association through a join table, as Hibernate maps it: a table keyed by the owner's
     * key columns (named as those, unless {@code joinColumns} names them) holding the target's join
     * columns ({@code inverseJoinColumns}, else {@code <attribute>_<key>}), unique for a one-to-one.
     */
    private void joinTable(Member m, Ctx ctx, AnnotationMirror kind, Binding target, boolean notNull, String source) {
        AnnotationMirror jt = m.get(Jpa.JOIN_TABLE);
        String explicit = Jpa.string(jt, "name");
        if (explicit.isEmpty()) {
            bind.problem(
                    Message.UNSUPPORTED_MAPPING,
                    m.element(),
                    jt,
                    source,
                    "@JoinTable without a name on a to-one association",
                    "name it with @JoinTable(name = ...)");
            return;
        }
        Binding owner = ctx.owner();
        List<KeyColumn> ownerKey = bind.keys.key(owner);
        List<AnnotationMirror> ownerJoins = Jpa.annotations(jt, "joinColumns");
        if (ownerKey.isEmpty() || !ownerJoins.isEmpty() && ownerJoins.size() != ownerKey.size()) {
            if (!ownerKey.isEmpty()) {
                bind.problem(
                        Message.JOIN_COLUMN_COUNT,
                        m.element(),
                        ownerJoins.get(0),
                        source,
                        ownerJoins.size(),
                        ownerKey.size(),
                        owner.entity.simpleName);
            }
            return;
        }
        List<JoinColumn> targetJoins =
                joinColumns(m, Jpa.annotations(jt, "inverseJoinColumns"), target, m.name(), source);
        if (targetJoins == null) {
            return;
        }
        // bound before any collection (as Hibernate binds it), so a table here already is an entity's or another
        // to-one association's; a collection declaring the same @JoinTable later shares this one
        TableDraft table = bind.newTable(
                bind.qualify(jt, bind.physical(explicit)),
                source,
                m,
                jt,
                "@JoinTable(name = ...)",
                t -> t.toOneJoin != null
                        ? TableDraft.ORDER_DEPENDENT + " (Hibernate keys it by the to-one association it binds last)"
                        : "");
        if (table == null) {
            return;
        }
        table.toOneJoin = source;
        List<String> ownerColumns = new ArrayList<>();
        for (int i = 0; i < ownerKey.size(); i++) {
            String name = ownerJoins.isEmpty()
                            || Jpa.string(ownerJoins.get(i), "name").isEmpty()
                    ? ownerKey.get(i).column().name()
                    : bind.physical(Jpa.string(ownerJoins.get(i), "name"));
            table.put(
                    new Column(name, ownerKey.get(i).column().type(), false, false, source),
                    new TableDraft.Mapping(source, source, true));
            ownerColumns.add(name);
        }
        List<String> targetColumns = new ArrayList<>();
        for (JoinColumn j : targetJoins) {
            // since 7.4 a row of a to-one join table always has its target: the column is NOT NULL
            boolean columnNotNull = notNull
                    || !Jpa.bool(j.annotation(), "nullable", true)
                    || bind.hibernate.atLeast(HibernateLine.V7_4);
            Column added = bind.columns.addColumn(
                    table,
                    new Column(j.name(), j.referenced().type(), !columnNotNull, false, source),
                    new TableDraft.Mapping(source, source, true),
                    m.element(),
                    j.annotation() != null ? j.annotation() : jt);
            if (added == null) {
                return;
            }
            targetColumns.add(added.name());
        }
        table.primaryKey(table.inHibernateOrder(ownerColumns));
        if (m.has(Jpa.ONE_TO_ONE)) {
            table.index(
                    new Index(ConstraintNames.uniqueKey(table.local(), targetColumns), targetColumns, true, source));
        }
        foreignKey(
                table,
                ownerColumns,
                owner.table.name,
                ownerKey.stream().map(k -> k.column().name()).toList(),
                Jpa.annotation(jt, "foreignKey"),
                null,
                source);
        if (hasForeignKeyTable(target) && !m.has("h:NotFound")) {
            foreignKey(
                    table,
                    targetColumns,
                    target.table.name,
                    targetJoins.stream().map(j -> j.referenced().name()).toList(),
                    Jpa.annotation(jt, "inverseForeignKey"),
                    onDelete(m),
                    source);
        }
    }

    /** A join column: its physical and logical name, the column it references, its annotation (or null). */
    record JoinColumn(String name, String logical, Column referenced, AnnotationMirror annotation) {}

    /**
     * Matches join column annotations to the target's columns: by referencedColumnName, else by
     * position in the target's key. Implicit names are {@code <prefix>_<referenced column>}.
     */
    List<JoinColumn> joinColumns(Member m, List<AnnotationMirror> joins, Binding target, String prefix, String source) {
        List<KeyColumn> key = bind.keys.key(target);
        if (key.isEmpty()) {
            return null;
        }
        boolean byName = joins.stream()
                .anyMatch(j -> !Jpa.string(j, "referencedColumnName").isEmpty());
        if (!joins.isEmpty() && !byName && joins.size() != key.size()) {
            bind.problem(
                    Message.JOIN_COLUMN_COUNT,
                    m.element(),
                    joins.get(0),
                    source,
                    joins.size(),
                    key.size(),
                    target.entity.simpleName);
            return null;
        }
        List<JoinColumn> result = new ArrayList<>();
        if (byName) {
            List<String> referencedNames = new ArrayList<>();
            for (AnnotationMirror j : joins) {
                String refName = Jpa.string(j, "referencedColumnName");
                Column ref = refName.isEmpty() && joins.size() == key.size()
                        ? key.get(result.size()).column()
                        : referencedColumn(target, refName);
                if (ref == null) {
                    bind.problem(
                            Message.UNKNOWN_REFERENCED_COLUMN,
                            m.element(),
                            j,
                            source,
                            refName,
                            target.entity.simpleName,
                            target.tableName());
                    return null;
                }
                String logicalRef = refName.isEmpty() ? ref.name() : refName;
                String explicit = Jpa.string(j, "name");
                String logical = explicit.isEmpty() ? Naming.joinColumn(prefix, logicalRef) : explicit;
                result.add(new JoinColumn(bind.physical(logical), logical, ref, j));
                referencedNames.add(ref.name());
            }
            if (target.table != null && !target.table.isUnique(referencedNames)) {
                target.table.index(new Index(
                        ConstraintNames.uniqueKey(target.table.local(), referencedNames),
                        referencedNames,
                        true,
                        source));
            }
            return result;
        }
        for (int i = 0; i < key.size(); i++) {
            AnnotationMirror j = joins.isEmpty() ? null : joins.get(i);
            String explicit = Jpa.string(j, "name");
            String logical =
                    explicit.isEmpty() ? Naming.joinColumn(prefix, key.get(i).logical()) : explicit;
            result.add(
                    new JoinColumn(bind.physical(logical), logical, key.get(i).column(), j));
        }
        return result;
    }

    /** A column of the target entity's table by physical or logical name, binding the target if needed. */
    private Column referencedColumn(Binding target, String name) {
        if (!target.emitted) {
            bind.walk.structure(target);
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
            c = table.column(bind.physical(name));
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
        Entity entity = bind.scanner.entity(element);
        if (entity == null) {
            if (target.getKind() != TypeKind.ERROR) {
                bind.problem(Message.NOT_AN_ENTITY, m.element(), kind, source, target, "@" + Jpa.simpleName(kind));
            }
            return null;
        }
        Binding b = bind.binding(entity);
        bind.keys.key(b);
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
    void foreignKey(
            TableDraft table,
            List<String> columns,
            String referencedTable,
            List<String> referenced,
            AnnotationMirror fk,
            ReferentialAction onDelete,
            String source) {
        String mode = Jpa.constant(fk, "value", "CONSTRAINT");
        if (mode.equals("NO_CONSTRAINT")) {
            return;
        }
        String name = Jpa.string(fk, "name");
        table.foreignKey(new ForeignKey(
                name.isEmpty() ? ConstraintNames.foreignKey(table.local(), columns) : name,
                columns,
                referencedTable,
                referenced,
                onDelete,
                null,
                source));
    }

    /** {@code mappedBy} must name an attribute of the target entity. */
    void checkMappedBy(Member m, Ctx ctx, AnnotationMirror kind) {
        String mappedBy = Jpa.string(kind, "mappedBy");
        TypeMirror type = Collections.elementType(bind, m, kind);
        Binding target = target(m, kind, type, ctx.source(m.name()));
        if (target != null && inverse(target, mappedBy) == null) {
            bind.problem(
                    Message.UNKNOWN_MAPPED_BY,
                    m.element(),
                    kind,
                    ctx.source(m.name()),
                    mappedBy,
                    target.entity.simpleName);
        }
    }

    /** The member of an entity (or its superclasses) with this attribute name or dotted path, or null. */
    Member inverse(Binding b, String path) {
        String first = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
        for (Member m : bind.allMembers(b)) {
            if (m.name().equals(first)) {
                return m;
            }
        }
        return null;
    }
}
