package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.core.model.Identifiers;
import dev.retort.core.model.Index;
import dev.retort.core.model.QualifiedName;
import dev.retort.core.model.Sequence;
import dev.retort.processor.Binder.Binding;
import dev.retort.processor.Binder.Ctx;
import dev.retort.processor.Binder.Strategy;
import dev.retort.processor.EntityScanner.Access;
import dev.retort.processor.EntityScanner.Entity;
import dev.retort.processor.EntityScanner.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the binding of one compilation shares: the compiler's utilities, the naming strategy, the
 * scanner and type mapping, the converters, the tables, sequences and entity bindings built so
 * far, and the problems found. {@link Binder} walks the entities; {@link Keys}, {@link Columns},
 * {@link Associations} and {@link Collections} bind their part through this context, never
 * through the binder; the two steps of the walk they need again (an entity's structure, an
 * embeddable's columns) they reach through {@link Walk}.
 */
final class BindContext {

    /** The steps of the entity walk that the helpers start: binding another entity's structure, an embeddable's columns. */
    interface Walk {
        void structure(Binding b);

        void embedded(Member m, Ctx ctx, Map<String, Member> mapsIds);
    }

    final Elements elements;
    final Types types;
    final Naming naming;
    /** {@code -Aretort.defaultSchema}: Hibernate's {@code hibernate.default_schema}; empty for none. */
    String defaultSchema = "";
    /** {@code -Aretort.defaultCatalog}: Hibernate's {@code hibernate.default_catalog}; empty for none. */
    String defaultCatalog = "";

    /** {@code -Aretort.globallyQuotedIdentifiers}: every table, column and sequence name quoted, as Hibernate's setting. */
    final boolean quoteAll;
    /** The Hibernate ORM 7 line whose DDL the snapshot reproduces ({@code -Aretort.hibernate}, else detected). */
    final HibernateLine hibernate;

    final EntityScanner scanner;
    final TypeMapping typeMapping;
    final Validation validation;
    final Converters converters;
    final Walk walk;
    final Map<String, TableDraft> tables = new LinkedHashMap<>();
    final Map<String, Sequence> sequences = new TreeMap<>();
    /** User-defined types of embeddables stored as structs, by lower-case name. */
    final Map<String, dev.retort.core.model.UserType> userTypes = new TreeMap<>();

    private final Map<Entity, Binding> bindings = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Set<TypeElement> checkedSuperclasses = new HashSet<>();
    final Keys keys;
    final Columns columns;
    final Associations associations;
    final Collections collections;
    final SoftDeletes softDeletes;
    final Anys anys;

    BindContext(
            Elements elements,
            Types types,
            Naming naming,
            boolean quoteAll,
            HibernateLine hibernate,
            Converters converters,
            Walk walk) {
        this.elements = elements;
        this.types = types;
        this.naming = naming;
        this.quoteAll = quoteAll;
        this.hibernate = hibernate;
        this.converters = converters;
        this.walk = walk;
        this.scanner = new EntityScanner(types, elements);
        this.validation = new Validation(scanner);
        this.typeMapping = new TypeMapping(elements, types);
        this.keys = new Keys(this);
        this.columns = new Columns(this);
        this.associations = new Associations(this);
        this.collections = new Collections(this);
        this.softDeletes = new SoftDeletes(this);
        this.anys = new Anys(this);
    }

    List<Problem> problems() {
        return problems;
    }

    /**
     * Test hook: the source of an attribute ({@code "Order.total"}) whose binding throws, to show an
     * internal error stays on its element. Null, and so inert, outside the processor's own tests.
     */
    static volatile String failOn;

    /**
     * Runs the binding of one element: an exception is reported as that element's internal error
     * (RT100) and binding carries on with the others, so every other diagnostic still appears.
     */
    void guarded(Element element, String source, Runnable work) {
        guarded(element, null, source, work);
    }

    /**
     * As {@link #guarded(Element, String, Runnable)} for the source {@code ctx.source(attribute)}, the
     * text built only when it is shown (or a test fails on it), not for every member bound.
     */
    void guarded(Element element, Binder.Ctx ctx, String attribute, Runnable work) {
        String test = failOn;
        try {
            if (test != null && source(ctx, attribute).equals(test)) {
                throw new IllegalStateException("test failure binding " + source(ctx, attribute));
            }
            work.run();
        } catch (RuntimeException | StackOverflowError e) {
            problem(Message.INTERNAL_ERROR, element, null, source(ctx, attribute), summary(e));
        }
    }

    private static String source(Binder.Ctx ctx, String attribute) {
        return ctx == null ? attribute : ctx.source(attribute);
    }

    /** {@code text.split("\\s+")} for trimmed text, without compiling a pattern for every index. */
    static String[] words(String text) {
        List<String> words = new ArrayList<>(2);
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || isRegexSpace(text.charAt(i))) {
                if (i > start || words.isEmpty() && i == text.length()) {
                    words.add(text.substring(start, i));
                }
                start = i + 1;
            }
        }
        return words.toArray(new String[0]);
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The exception and where it came from, on one line. */
    static String summary(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return t + (trace.length == 0 ? "" : " at " + trace[0]);
    }

    void problem(Message message, Element element, AnnotationMirror annotation, Object... args) {
        problems.add(Problem.of(message, element, annotation, args));
    }

    /** The binding of an entity: hierarchy, strategy and table name, computed once. */
    Binding binding(Entity entity) {
        Binding known = bindings.get(entity);
        if (known != null) {
            return known;
        }
        Binding b = new Binding(entity);
        bindings.put(entity, b);
        mappedSuperclassProblems(entity);
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
            b.table = new TableDraft(
                    qualify(entity.get(Jpa.TABLE), physical(logicalTableName(entity))),
                    entity.simpleName,
                    entity.qualifiedName);
            b.table.entityTable = true;
            b.table.logical = logicalTableName(entity);
            AnnotationMirror renamed = entity.get(Jpa.RENAMED_FROM);
            if (renamed != null) {
                b.table.renamedFrom = Jpa.string(renamed, "value");
            }
        }
        for (AnnotationMirror secondary : Jpa.repeated(entity.annotations, Jpa.SECONDARY_TABLE, Jpa.SECONDARY_TABLES)) {
            String name = Jpa.string(secondary, "name");
            b.secondaryTables.put(
                    name.toLowerCase(Locale.ROOT),
                    new TableDraft(qualify(secondary, physical(name)), entity.simpleName, entity.qualifiedName));
        }
        return b;
    }

    /**
     * {@code @Table} or {@code @Inheritance} on a mapped superclass of the entity: Hibernate refuses either at boot
     * ({@code AnnotationException}: "Mapped superclass '…' may not specify a '@Table'", "… may not specify an
     * '@Inheritance' mapping strategy", 7.1 to 7.4), so each is a compile error here, once per mapped superclass.
     */
    private void mappedSuperclassProblems(Entity entity) {
        for (TypeElement t : entity.ownTypes) {
            if (t.equals(entity.type) || !checkedSuperclasses.add(t)) {
                continue;
            }
            Map<String, AnnotationMirror> jpa = scanner.annotations(t);
            String name = t.getSimpleName().toString();
            if (jpa.containsKey(Jpa.TABLE)) {
                problem(
                        Message.MAPPED_SUPERCLASS_ANNOTATION,
                        t,
                        jpa.get(Jpa.TABLE),
                        name,
                        "@Table",
                        t.getQualifiedName().toString(),
                        "may not specify a '@Table'",
                        "a mapped superclass has no table of its own: drop the @Table, and name the table with"
                                + " @Table on each entity that extends " + name + " (or make " + name
                                + " an @Entity)");
            }
            if (jpa.containsKey(Jpa.INHERITANCE)) {
                problem(
                        Message.MAPPED_SUPERCLASS_ANNOTATION,
                        t,
                        jpa.get(Jpa.INHERITANCE),
                        name,
                        "@Inheritance",
                        t.getQualifiedName().toString(),
                        "may not specify an '@Inheritance' mapping strategy",
                        "the strategy belongs to the root entity of a hierarchy: move the @Inheritance to the"
                                + " topmost @Entity that extends " + name + " (or make " + name + " an @Entity)");
            }
        }
    }

    static String logicalTableName(Entity entity) {
        String name = Jpa.string(entity.get(Jpa.TABLE), "name");
        return name.isEmpty() ? entity.entityName : name;
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
        Set<String> names = new HashSet<>();
        for (Entity e : sources) {
            for (TypeElement t : e.ownTypes) {
                for (Member m : scanner.members(owner, t, b.access)) {
                    // a field shadowing a superclass's attribute of the same name: Hibernate maps the superclass's
                    if (names.add(m.name())) {
                        members.add(m);
                    }
                }
            }
        }
        return members;
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

    /** The unique constraints and indexes of a {@code @Table}, {@code @JoinTable} or {@code @CollectionTable}. */
    void indexes(
            TableDraft draft,
            AnnotationMirror table,
            Element element,
            String source,
            Function<String, String> physical) {
        for (AnnotationMirror uc : Jpa.annotations(table, "uniqueConstraints")) {
            List<String> columns = new ArrayList<>();
            for (String name : Jpa.strings(uc, "columnNames")) {
                String column =
                        constraintColumn(draft, physical.apply(name.trim()), element, uc, source, "@UniqueConstraint");
                if (column == null) {
                    return;
                }
                columns.add(column);
            }
            String name = Jpa.string(uc, "name");
            if (!columns.isEmpty()) {
                draft.index(new Index(
                        name.isEmpty() ? ConstraintNames.uniqueKey(draft.local(), columns) : constraintName(name),
                        columns,
                        true,
                        source));
            }
        }
        for (AnnotationMirror index : Jpa.annotations(table, "indexes")) {
            List<String> columns = new ArrayList<>();
            List<String> descending = new ArrayList<>();
            boolean unique = Jpa.bool(index, "unique", false);
            for (String part : Jpa.string(index, "columnList").split(",")) {
                String[] words = words(part.trim());
                String column = constraintColumn(draft, physical.apply(words[0]), element, index, source, "@Index");
                if (column == null) {
                    return;
                }
                columns.add(column);
                if (words.length > 1 && words[words.length - 1].equalsIgnoreCase("desc")) {
                    descending.add(column);
                }
            }
            if (unique && !descending.isEmpty()) {
                problem(
                        Message.DESCENDING_INDEX,
                        element,
                        index,
                        source,
                        descending.get(0),
                        Jpa.string(index, "columnList").trim());
                return;
            }
            String name = Jpa.string(index, "name");
            draft.index(new Index(
                    name.isEmpty()
                            ? unique
                                    ? ConstraintNames.uniqueKey(draft.local(), columns)
                                    : ConstraintNames.index(draft.local(), columns)
                            : constraintName(name),
                    columns,
                    unique,
                    source,
                    descending));
        }
    }

    private String constraintColumn(
            TableDraft draft, String name, Element element, AnnotationMirror at, String source, String what) {
        Column c = draft.column(name);
        if (c == null) {
            problem(Message.UNKNOWN_CONSTRAINT_COLUMN, element, at, source, name, what, draft.name);
            return null;
        }
        return c.name();
    }

    /**
     * Registers a join or collection table. A join table may be one another mapping made already: Hibernate
     * then merges the mappings into one table, and that one is returned when {@code refusal} gives null for it
     * (an entity's table, another association's join table). Otherwise its text (empty, or why Hibernate's
     * merged table could not be told) is reported and null returned.
     */
    TableDraft newTable(
            String name,
            String source,
            Member m,
            AnnotationMirror at,
            String how,
            java.util.function.Function<TableDraft, String> refusal) {
        TableDraft existing = tables.get(TableDraft.key(name));
        if (existing != null) {
            String why = refusal.apply(existing);
            if (why == null) {
                return existing;
            }
            problem(Message.TABLE_ALREADY_MAPPED, m.element(), at, source, name, existing.source, why, how);
            return null;
        }
        TableDraft t = new TableDraft(name, source, source);
        tables.put(TableDraft.key(name), t);
        return t;
    }

    /**
     * The physical name of a table, column or sequence: the naming strategy's, applied to the text of
     * a quoted name too (which stays quoted, in the model's spelling {@code `Name`}), and quoted when
     * {@link #quoteAll}.
     */
    String physical(String logical) {
        if (!quoteAll && !Naming.isQuoted(logical)) {
            return naming.physical(logical);
        }
        // Hibernate's snake-case strategy leaves a quoted name as written; Spring's converts its text too
        String text = Naming.unquoted(logical);
        return Identifiers.quoted(naming == Naming.SPRING ? naming.physical(text) : text);
    }

    /**
     * {@code name} (physical) qualified by the {@code schema} and {@code catalog} of the table or
     * generator annotation ({@link QualifiedName}: {@code sales.orders}), else by the defaults
     * ({@code -Aretort.defaultSchema}, {@code -Aretort.defaultCatalog}, Hibernate's {@code
     * hibernate.default_schema} and {@code default_catalog}). Each part goes through the naming
     * strategy, as Hibernate's physical naming treats schema and catalog names; the snapshot keeps
     * both parts, and each database uses the one Hibernate uses there.
     */
    String qualify(AnnotationMirror annotation, String name) {
        String catalog = orDefault(Jpa.string(annotation, "catalog"), defaultCatalog);
        String schema = orDefault(Jpa.string(annotation, "schema"), defaultSchema);
        return QualifiedName.of(
                catalog.isEmpty() ? null : physical(catalog), schema.isEmpty() ? null : physical(schema), name);
    }

    /** A name the naming strategy does not see (a table generator's columns): quoted as written, or all. */
    String unnamed(String name) {
        return Naming.isQuoted(name) || quoteAll ? Identifiers.quoted(Naming.unquoted(name)) : name;
    }

    /** The implicit join table of an association, physical (see {@link Naming#joinTable}). */
    String joinTable(String owningTable, String targetTable, String attribute) {
        return physical(naming.joinTableLogical(owningTable, targetTable, attribute));
    }

    /** The implicit collection table of an {@code @ElementCollection}, physical. */
    String collectionTable(String entityName, String attribute) {
        return physical(Naming.collectionTableLogical(entityName, attribute));
    }

    /** An explicit constraint or index name: as written, a quoted one in the model's spelling. */
    static String constraintName(String name) {
        return Naming.isQuoted(name) ? Identifiers.quoted(Naming.unquoted(name)) : name;
    }

    static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    static String orDefault(String value, String defaultValue) {
        return value.isEmpty() ? defaultValue : value;
    }
}
