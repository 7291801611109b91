package dev.retort.processor;

import dev.retort.core.model.Column;
import dev.retort.core.model.Index;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Stage one: one {@code @Entity} class to one {@link Table}, or to the problems that stop it. Every
 * member of the entity is looked at, so one compilation reports all of an entity's problems.
 */
final class EntityScanner {

    /** What scanning one entity gave. */
    sealed interface Result {
    }

    record Mapped(Table table) implements Result {
    }

    record Failed(List<Problem> problems) implements Result {
    }

    /** A member's type did not resolve (yet): another processor may generate it in a later round. */
    record Deferred() implements Result {
    }

    private enum Access { FIELD, PROPERTY }

    /** A persistent field or property, in the entity's view (type variables resolved). */
    private record Member(Element element, String name, TypeMirror type, Map<String, AnnotationMirror> jpa) {

        boolean isId() {
            return jpa.containsKey(Jpa.ID);
        }
    }

    private final Types types;
    private final Naming naming;

    EntityScanner(Types types, Naming naming) {
        this.types = types;
        this.naming = naming;
    }

    Result scan(TypeElement entity) {
        Map<String, AnnotationMirror> entityJpa = Jpa.annotations(entity);
        String entityName = entity.getSimpleName().toString();
        List<Problem> problems = new ArrayList<>();
        if (entity.getKind() != ElementKind.CLASS) {
            problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, entity, entityJpa.get(Jpa.ENTITY), entityName,
                    "@Entity on " + entity.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ')));
            return new Failed(problems);
        }

        List<TypeElement> hierarchy = new ArrayList<>();
        Optional<TypeElement> superEntity = hierarchy(entity, hierarchy);
        if (superEntity.isPresent()) {
            problems.add(Problem.of(Message.ENTITY_INHERITANCE, entity, entityJpa.get(Jpa.ENTITY),
                    entityName, superEntity.get().getSimpleName()));
            return new Failed(problems);
        }
        for (TypeElement type : hierarchy) {
            Map<String, AnnotationMirror> jpa = type == entity ? entityJpa : Jpa.annotations(type);
            for (String name : Jpa.UNSUPPORTED_ON_CLASS) {
                if (jpa.containsKey(name)) {
                    problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, type, jpa.get(name), entityName, "@" + name));
                }
            }
        }
        AnnotationMirror table = entityJpa.get(Jpa.TABLE);
        for (String attribute : List.of("catalog", "schema")) {
            if (!Jpa.string(table, attribute).isEmpty()) {
                problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, entity, table, entityName, "@Table(" + attribute + ")"));
            }
        }
        for (String attribute : List.of("uniqueConstraints", "indexes")) {
            if (Jpa.nonEmptyArray(table, attribute)) {
                problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, entity, table, entityName, "@Table(" + attribute + ")"));
            }
        }

        Optional<Access> defaultAccess = defaultAccess(entity, entityJpa, hierarchy, problems);
        if (defaultAccess.isEmpty()) {
            return new Failed(problems);
        }
        List<Member> members = new ArrayList<>();
        for (TypeElement type : hierarchy) {
            members.addAll(members(entity, type, defaultAccess.get()));
        }

        String tableName = naming.physical(logicalTableName(entity, entityJpa));
        List<Column> keyColumns = new ArrayList<>();
        List<Column> otherColumns = new ArrayList<>();
        List<Index> indexes = new ArrayList<>();
        Map<String, String> sourceByColumn = new HashMap<>();
        Member id = null;
        boolean deferred = false;
        for (Member member : members) {
            String source = entityName + "." + member.name();
            if (member.type().getKind() == TypeKind.ERROR) {
                deferred = true;
                continue;
            }
            if (member.isId()) {
                if (id != null) {
                    problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, member.element(), member.jpa().get(Jpa.ID),
                            source, "more than one @Id (a composite key)"));
                    continue;
                }
                id = member;
            }
            Optional<Column> column = column(member, source, problems);
            if (column.isEmpty()) {
                continue;
            }
            Column c = column.get();
            String previous = sourceByColumn.putIfAbsent(c.name().toLowerCase(Locale.ROOT), source);
            if (previous != null) {
                problems.add(Problem.of(Message.DUPLICATE_COLUMN, member.element(), member.jpa().get(Jpa.COLUMN),
                        source, c.name(), tableName, previous));
                continue;
            }
            (member.isId() ? keyColumns : otherColumns).add(c);
            // a unique key on the whole primary key is redundant; Hibernate drops it too
            if (Jpa.bool(member.jpa().get(Jpa.COLUMN), "unique", false) && !member.isId()) {
                indexes.add(new Index(ConstraintNames.uniqueKey(tableName, c.name()), List.of(c.name()), true, source));
            }
        }
        if (!problems.isEmpty()) {
            return new Failed(problems);
        }
        if (deferred) {
            return new Deferred();
        }
        List<Column> columns = new ArrayList<>(keyColumns);
        columns.addAll(otherColumns);
        List<String> primaryKey = keyColumns.stream().map(Column::name).toList();
        return new Mapped(new Table(tableName, columns, primaryKey, indexes, entityName));
    }

    /**
     * Fills {@code into} with the entity and its mapped superclasses, top-most first. Plain
     * superclasses hold no persistent state and are passed over. Returns a superclass that is
     * itself an entity, which is inheritance mapping.
     */
    private static Optional<TypeElement> hierarchy(TypeElement entity, List<TypeElement> into) {
        Deque<TypeElement> chain = new ArrayDeque<>();
        chain.push(entity);
        TypeMirror superclass = entity.getSuperclass();
        while (superclass.getKind() == TypeKind.DECLARED) {
            TypeElement type = (TypeElement) ((DeclaredType) superclass).asElement();
            Map<String, AnnotationMirror> jpa = Jpa.annotations(type);
            if (jpa.containsKey(Jpa.ENTITY)) {
                return Optional.of(type);
            }
            if (jpa.containsKey(Jpa.MAPPED_SUPERCLASS)) {
                chain.push(type);
            }
            superclass = type.getSuperclass();
        }
        into.addAll(chain);
        return Optional.empty();
    }

    /** Field access when {@code @Id} is on a field, property access when it is on a getter. */
    private Optional<Access> defaultAccess(TypeElement entity, Map<String, AnnotationMirror> entityJpa,
            List<TypeElement> hierarchy, List<Problem> problems) {
        boolean onField = false;
        boolean onGetter = false;
        for (TypeElement type : hierarchy) {
            for (Element member : type.getEnclosedElements()) {
                if (member.getModifiers().contains(Modifier.STATIC)) {
                    continue;
                }
                Map<String, AnnotationMirror> jpa = Jpa.annotations(member);
                if (jpa.containsKey(Jpa.ID) || jpa.containsKey(Jpa.EMBEDDED_ID)) {
                    onField |= member.getKind() == ElementKind.FIELD;
                    onGetter |= member.getKind() == ElementKind.METHOD;
                }
            }
        }
        String entityName = entity.getSimpleName().toString();
        if (onField && onGetter) {
            problems.add(Problem.of(Message.MIXED_ID_PLACEMENT, entity, entityJpa.get(Jpa.ENTITY), entityName));
            return Optional.empty();
        }
        if (!onField && !onGetter) {
            problems.add(Problem.of(Message.NO_ID, entity, entityJpa.get(Jpa.ENTITY), entityName));
            return Optional.empty();
        }
        return Optional.of(onGetter ? Access.PROPERTY : Access.FIELD);
    }

    /** The persistent members declared by {@code type}, in declaration order. */
    private List<Member> members(TypeElement entity, TypeElement type, Access defaultAccess) {
        DeclaredType entityType = (DeclaredType) entity.asType();
        Access access = classAccess(type).orElse(defaultAccess);
        List<Member> members = new ArrayList<>();
        if (access == Access.FIELD) {
            for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
                Map<String, AnnotationMirror> jpa = Jpa.annotations(field);
                if (field.getModifiers().contains(Modifier.STATIC) || field.getModifiers().contains(Modifier.TRANSIENT)
                        || jpa.containsKey(Jpa.TRANSIENT)) {
                    continue;
                }
                members.add(new Member(field, field.getSimpleName().toString(),
                        types.asMemberOf(entityType, field), jpa));
            }
        } else {
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                String property = propertyName(method);
                Map<String, AnnotationMirror> jpa = property == null ? Map.of() : Jpa.annotations(method);
                if (property == null || jpa.containsKey(Jpa.TRANSIENT)) {
                    continue;
                }
                ExecutableType resolved = (ExecutableType) types.asMemberOf(entityType, method);
                members.add(new Member(method, property, resolved.getReturnType(), jpa));
            }
        }
        return members;
    }

    /** An explicit {@code @Access} on the class, which overrides the hierarchy's default for its own members. */
    private static Optional<Access> classAccess(TypeElement type) {
        AnnotationMirror access = Jpa.annotations(type).get(Jpa.ACCESS);
        return switch (Jpa.constant(access, "value", "")) {
            case "FIELD" -> Optional.of(Access.FIELD);
            case "PROPERTY" -> Optional.of(Access.PROPERTY);
            default -> Optional.empty();
        };
    }

    /** The JavaBeans property a getter reads ({@code getFirstName} -> {@code firstName}), or null. */
    static String propertyName(ExecutableElement method) {
        if (method.getModifiers().contains(Modifier.STATIC) || !method.getParameters().isEmpty()
                || method.getReturnType().getKind() == TypeKind.VOID) {
            return null;
        }
        String name = method.getSimpleName().toString();
        if (name.startsWith("get") && name.length() > 3) {
            return decapitalize(name.substring(3));
        }
        if (name.startsWith("is") && name.length() > 2 && isBoolean(method.getReturnType())) {
            return decapitalize(name.substring(2));
        }
        return null;
    }

    private static boolean isBoolean(TypeMirror type) {
        return type.getKind() == TypeKind.BOOLEAN || type.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals("java.lang.Boolean");
    }

    /** As {@code java.beans.Introspector.decapitalize}: {@code FirstName} -> {@code firstName}, {@code URL} stays. */
    static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String logicalTableName(TypeElement entity, Map<String, AnnotationMirror> jpa) {
        String name = Jpa.string(jpa.get(Jpa.TABLE), "name");
        if (name.isEmpty()) {
            name = Jpa.string(jpa.get(Jpa.ENTITY), "name");
        }
        return name.isEmpty() ? entity.getSimpleName().toString() : name;
    }

    /** One member's column; on a problem, adds it and returns empty. */
    private Optional<Column> column(Member member, String source, List<Problem> problems) {
        Map<String, AnnotationMirror> jpa = member.jpa();
        int before = problems.size();
        for (String name : Jpa.UNSUPPORTED_ON_MEMBER) {
            if (jpa.containsKey(name)) {
                problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, member.element(), jpa.get(name), source, "@" + name));
                return Optional.empty();
            }
        }

        AnnotationMirror column = jpa.get(Jpa.COLUMN);
        for (String attribute : List.of("columnDefinition", "table")) {
            if (!Jpa.string(column, attribute).isEmpty()) {
                problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, member.element(), column, source,
                        "@Column(" + attribute + ")"));
            }
        }
        int length = Jpa.integer(column, "length", TypeMapping.DEFAULT_LENGTH);
        int precision = Jpa.integer(column, "precision", 0);
        int scale = Jpa.integer(column, "scale", 0);
        if (length <= 0) {
            problems.add(Problem.of(Message.LENGTH_NOT_POSITIVE, member.element(), column, source, length));
        }
        if (precision < 0) {
            problems.add(Problem.of(Message.NEGATIVE_SIZE, member.element(), column, source, "precision", precision));
        }
        if (scale < 0) {
            problems.add(Problem.of(Message.NEGATIVE_SIZE, member.element(), column, source, "scale", scale));
        }
        if (precision > 0 && scale > precision) {
            problems.add(Problem.of(Message.SCALE_EXCEEDS_PRECISION, member.element(), column, source, scale, precision));
        }

        boolean autoIncrement = false;
        AnnotationMirror generated = jpa.get(Jpa.GENERATED_VALUE);
        if (generated != null) {
            String strategy = Jpa.constant(generated, "strategy", "AUTO");
            if (!member.isId()) {
                problems.add(Problem.of(Message.UNSUPPORTED_MAPPING, member.element(), generated, source,
                        "@GeneratedValue on a member that is not the @Id"));
            } else if (!strategy.equals("IDENTITY")) {
                problems.add(Problem.of(Message.UNSUPPORTED_GENERATION, member.element(), generated, source, strategy));
            } else {
                autoIncrement = true;
            }
        }

        if (problems.size() > before) {
            // no type from invalid sizes
            return Optional.empty();
        }
        boolean enumByName = Jpa.constant(jpa.get(Jpa.ENUMERATED), "value", "ORDINAL").equals("STRING");
        Optional<ColumnType> type = TypeMapping.columnType(member.type(),
                new TypeMapping.Settings(length, precision, scale, enumByName));
        if (type.isEmpty()) {
            problems.add(Problem.of(Message.UNSUPPORTED_TYPE, member.element(), null, source, member.type()));
            return Optional.empty();
        }

        boolean notNull = member.type().getKind().isPrimitive()
                || member.isId()
                || !Jpa.bool(column, "nullable", true)
                || !Jpa.bool(jpa.get(Jpa.BASIC), "optional", true);
        String logicalName = Jpa.string(column, "name");
        String name = naming.physical(logicalName.isEmpty() ? member.name() : logicalName);
        return Optional.of(new Column(name, type.get(), !notNull, autoIncrement, source));
    }
}
