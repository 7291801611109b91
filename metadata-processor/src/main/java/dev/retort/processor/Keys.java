package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.Sequence;
import dev.retort.migration.ColumnType;
import dev.retort.migration.Types;
import dev.retort.processor.Binder.Binding;
import dev.retort.processor.Binder.Ctx;
import dev.retort.processor.Binder.KeyColumn;
import dev.retort.processor.Binder.Strategy;
import dev.retort.processor.EntityScanner.Entity;
import dev.retort.processor.EntityScanner.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;

/**
 * Primary keys and identifier generation: the key columns of every entity's table (simple,
 * {@code @IdClass}, {@code @EmbeddedId}, derived through {@code @MapsId} or an {@code @Id}
 * association, inherited under JOINED), and the sequences and generator tables that
 * {@code @GeneratedValue} needs, named and searched for as Hibernate 7 does.
 */
final class Keys {

    private static final long SEQUENCE_START = 1;
    private static final int SEQUENCE_INCREMENT = 50;

    private final BindContext bind;

    Keys(BindContext bind) {
        this.bind = bind;
    }

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
            if (b.table != null
                    && !b.key.isEmpty()
                    && (b.entity.parent == null || b.strategy != Strategy.SINGLE_TABLE)) {
                List<String> names = b.key.stream().map(k -> k.column().name()).toList();
                if (!b.table.primaryKey().isEmpty()
                        && !BindContext.lower(b.table.primaryKey()).equals(BindContext.lower(names))) {
                    Entity other = bind.scanner.entity(bind.elements.getTypeElement(b.table.owner));
                    bind.problem(
                            Message.TABLE_CONFLICT,
                            b.entity.type,
                            b.entity.get(Jpa.ENTITY),
                            b.entity.simpleName,
                            b.table.name,
                            other == null ? b.table.owner : other.simpleName,
                            "the primary key",
                            names,
                            b.table.primaryKey());
                }
                b.table.primaryKey(names);
            }
            return b.key;
        } finally {
            b.bindingKey = false;
        }
    }

    /**
     * The attribute names of the entity's {@code @IdClass}: Hibernate takes each of them as part of the key,
     * also where the entity maps it without {@code @Id}. Empty without an id class.
     */
    static Set<String> idClassAttributes(Entity entity) {
        TypeElement idClass = Jpa.typeElement(entity.get(Jpa.ID_CLASS), "value");
        Set<String> names = new HashSet<>();
        while (idClass != null && !idClass.getQualifiedName().contentEquals("java.lang.Object")) {
            for (VariableElement f : ElementFilter.fieldsIn(idClass.getEnclosedElements())) {
                if (!f.getModifiers().contains(Modifier.STATIC)) {
                    names.add(f.getSimpleName().toString());
                }
            }
            idClass = idClass.getSuperclass() instanceof DeclaredType d ? (TypeElement) d.asElement() : null;
        }
        return names;
    }

    private List<KeyColumn> rootKey(Binding b) {
        Entity root = b.entity;
        List<Member> ids = new ArrayList<>();
        Member mapsId = null;
        Set<String> idClassAttributes = idClassAttributes(root);
        for (Member m : bind.ownMembers(b)) {
            if (m.isId() || idClassAttributes.contains(m.name())) {
                ids.add(m);
            } else if (m.has(Jpa.MAPS_ID)
                    && Jpa.string(m.get(Jpa.MAPS_ID), "value").isEmpty()) {
                mapsId = m;
            }
        }
        if (ids.isEmpty()) {
            bind.problem(Message.NO_ID, root.type, root.get(Jpa.ENTITY), root.simpleName);
            return List.of();
        }
        Ctx ctx = Binder.topContext(b, b.emitted).asKey();
        List<KeyColumn> key = new ArrayList<>();
        // a single @Id whose type is an @Embeddable is an embedded id to Hibernate, as if it said @EmbeddedId
        if (ids.size() == 1
                && (ids.get(0).has(Jpa.EMBEDDED_ID)
                        || ids.get(0).type() instanceof javax.lang.model.type.DeclaredType d
                                && bind.scanner.isEmbeddable((javax.lang.model.element.TypeElement) d.asElement()))) {
            Member id = ids.get(0);
            int before = b.table == null ? 0 : b.table.columns().size();
            bind.walk.embedded(id, ctx, embeddedIdMapsIds(b));
            if (b.table != null) {
                for (Column c :
                        b.table.columns().subList(before, b.table.columns().size())) {
                    key.add(new KeyColumn(Columns.logicalOf(b, c.name()), c));
                }
            }
            return key;
        }
        for (Member id : ids) {
            if (mapsId != null && ids.size() == 1 && !Binder.isAssociation(id)) {
                // @MapsId: the association's join columns are the key
                key.addAll(bind.associations.toOne(mapsId, ctx, true));
                continue;
            }
            if (Binder.isAssociation(id)) {
                key.addAll(bind.associations.toOne(id, ctx, true));
                continue;
            }
            Column c = bind.columns.basic(id, ctx);
            if (c == null) {
                continue;
            }
            if (id.has(Jpa.GENERATED_VALUE)) {
                c = generated(b, id, c, ctx);
                if (b.table != null) {
                    b.table.replace(c);
                }
            }
            key.add(new KeyColumn(bind.columns.logicalName(id, ctx), c));
        }
        return key;
    }

    /** {@code @MapsId("attr")} associations of an entity with an {@code @EmbeddedId}, by embedded attribute. */
    private Map<String, Member> embeddedIdMapsIds(Binding b) {
        Map<String, Member> result = new HashMap<>();
        for (Member m : bind.ownMembers(b)) {
            String value = Jpa.string(m.get(Jpa.MAPS_ID), "value");
            if (m.has(Jpa.MAPS_ID) && !value.isEmpty()) {
                result.put(value, m);
            }
        }
        return result;
    }

    private List<KeyColumn> joinedKey(Binding b) {
        Binding parent = bind.binding(b.entity.parent);
        List<KeyColumn> parentKey = key(parent);
        List<AnnotationMirror> pkJoins =
                Jpa.repeated(b.entity.annotations, Jpa.PRIMARY_KEY_JOIN_COLUMN, Jpa.PRIMARY_KEY_JOIN_COLUMNS);
        List<KeyColumn> key = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        for (int i = 0; i < parentKey.size(); i++) {
            KeyColumn ref = parentKey.get(i);
            AnnotationMirror join = pkJoin(pkJoins, ref, i);
            String name = join == null || Jpa.string(join, "name").isEmpty()
                    ? ref.column().name()
                    : bind.physical(Jpa.string(join, "name"));
            Column c = new Column(name, ref.column().type(), false, false, b.entity.simpleName + "." + ref.logical());
            if (b.table != null) {
                bind.columns.addColumn(
                        b.table,
                        c,
                        new TableDraft.Mapping(b.entity.qualifiedName, c.source(), true),
                        b.entity.type,
                        null);
            }
            key.add(new KeyColumn(
                    join == null || Jpa.string(join, "name").isEmpty() ? ref.logical() : Jpa.string(join, "name"), c));
            referenced.add(ref.column().name());
            b.logical(key.get(i).logical(), name);
        }
        if (b.table != null && parent.table != null && !key.isEmpty()) {
            AnnotationMirror fk = pkJoins.isEmpty() ? null : Jpa.annotation(pkJoins.get(0), "foreignKey");
            bind.associations.foreignKey(
                    b.table,
                    key.stream().map(k -> k.column().name()).toList(),
                    parent.table.name,
                    referenced,
                    fk,
                    null,
                    b.entity.simpleName);
        }
        return key;
    }

    private static AnnotationMirror pkJoin(List<AnnotationMirror> joins, KeyColumn ref, int index) {
        for (AnnotationMirror j : joins) {
            String referenced = Jpa.string(j, "referencedColumnName");
            if (!referenced.isEmpty()
                    && (referenced.equalsIgnoreCase(ref.column().name())
                            || referenced.equalsIgnoreCase(ref.logical()))) {
                return j;
            }
        }
        return index < joins.size()
                        && Jpa.string(joins.get(index), "referencedColumnName").isEmpty()
                ? joins.get(index)
                : null;
    }

    /** Applies {@code @GeneratedValue}: an identity column, a sequence or a generator table. */
    private Column generated(Binding b, Member id, Column column, Ctx ctx) {
        AnnotationMirror gv = id.get(Jpa.GENERATED_VALUE);
        String strategy = Jpa.constant(gv, "strategy", "AUTO");
        String generator = Jpa.string(gv, "generator");
        String source = ctx.source(id.name());
        AnnotationMirror declared = strategy.equals("IDENTITY") || strategy.equals("UUID")
                ? null
                : localGenerator(b, id, generator, strategy);
        if (declared != null && Jpa.qualifiedName(declared).endsWith("." + Jpa.TABLE_GENERATOR)) {
            generatorTable(declared, source);
            return column;
        }
        if (declared != null) {
            String name = Jpa.string(declared, "sequenceName");
            sequence(
                    bind.qualify(declared, !name.isEmpty() ? bind.physical(name) : sequenceName(b, generator)),
                    Jpa.integer(declared, "initialValue", 1),
                    Jpa.integer(declared, "allocationSize", SEQUENCE_INCREMENT),
                    source,
                    id,
                    gv);
            return column;
        }
        switch (strategy) {
            case "IDENTITY" -> {
                return new Column(
                        column.name(),
                        column.type(),
                        column.nullable(),
                        true,
                        column.defaultValue(),
                        column.comment(),
                        column.source(),
                        column.renamedFrom(),
                        column.absentOn());
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
                    bind.problem(
                            Message.UNSUPPORTED_MAPPING,
                            id.element(),
                            gv,
                            source,
                            "@GeneratedValue(strategy = " + strategy + ") on a " + column.type() + " identifier",
                            "use a numeric (or, for AUTO, UUID) identifier, or assign the value in code without @GeneratedValue");
                    return column;
                }
                sequence(
                        bind.qualify(null, sequenceName(b, generator)),
                        SEQUENCE_START,
                        SEQUENCE_INCREMENT,
                        source,
                        id,
                        gv);
                return column;
            }
        }
    }

    /** The generator's name, else {@code <root table>_SEQ} (the root's, even under TABLE_PER_CLASS). */
    private String sequenceName(Binding b, String generator) {
        if (!generator.isEmpty()) {
            return bind.physical(generator);
        }
        String table = bind.physical(BindContext.logicalTableName(b.root.entity));
        // a quoted table gives a quoted sequence name
        return Naming.isQuoted(table)
                ? Identifiers.quoted(Naming.unquoted(table) + Naming.SEQUENCE_SUFFIX)
                : bind.physical(table + Naming.SEQUENCE_SUFFIX);
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
        List<Element> places = List.of(id.element(), b.entity.type, declaring, bind.elements.getPackageOf(declaring));
        AnnotationMirror unnamed = null;
        for (Element place : places) {
            Map<String, AnnotationMirror> ann = bind.scanner.annotations(place);
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
        Sequence existing = bind.sequences.putIfAbsent(name.toLowerCase(Locale.ROOT), s);
        if (existing != null && !existing.sameDefinition(s)) {
            bind.problem(
                    Message.SEQUENCE_CONFLICT,
                    id.element(),
                    at,
                    source,
                    name,
                    start,
                    increment,
                    existing.start(),
                    existing.increment(),
                    existing.source());
        }
    }

    /** The table a {@code @TableGenerator} (or GenerationType.TABLE's default) keeps its values in. */
    private void generatorTable(AnnotationMirror g, String source) {
        String table = bind.qualify(
                g, bind.physical(BindContext.orDefault(Jpa.string(g, "table"), Naming.TABLE_GENERATOR_TABLE)));
        // Hibernate names the table through the bind.naming strategy, but not its columns
        String segment = bind.unnamed(BindContext.orDefault(Jpa.string(g, "pkColumnName"), "sequence_name"));
        String value = bind.unnamed(BindContext.orDefault(Jpa.string(g, "valueColumnName"), "next_val"));
        TableDraft t = bind.tables.get(TableDraft.key(table));
        if (t == null) {
            t = new TableDraft(table, source, source);
            bind.tables.put(TableDraft.key(table), t);
            t.put(
                    new Column(segment, Types.varchar(TypeMapping.DEFAULT_LENGTH), false, false, source),
                    new TableDraft.Mapping(source, source, true));
            t.put(new Column(value, Types.bigint(), true, false, source), new TableDraft.Mapping(source, source, true));
            t.primaryKey(List.of(segment));
        }
    }

    /** A secondary table's key: the primary key joined back to the entity's table. */
    void secondaryKey(Binding b, TableDraft t) {
        if (!t.primaryKey().isEmpty() || b.table == null) {
            return;
        }
        AnnotationMirror st = null;
        for (AnnotationMirror s : Jpa.repeated(b.entity.annotations, Jpa.SECONDARY_TABLE, Jpa.SECONDARY_TABLES)) {
            if (bind.physical(Jpa.string(s, "name")).equalsIgnoreCase(t.local())) {
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
            String name = j == null || Jpa.string(j, "name").isEmpty()
                    ? k.column().name()
                    : bind.physical(Jpa.string(j, "name"));
            t.put(
                    new Column(name, k.column().type(), false, false, b.entity.simpleName + "." + k.logical()),
                    new TableDraft.Mapping(b.entity.qualifiedName, b.entity.simpleName, true));
            names.add(name);
            referenced.add(k.column().name());
        }
        t.primaryKey(names);
        bind.associations.foreignKey(
                t, names, b.table.name, referenced, Jpa.annotation(st, "foreignKey"), null, b.entity.simpleName);
    }
}
