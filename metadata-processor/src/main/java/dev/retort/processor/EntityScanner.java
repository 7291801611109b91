package dev.retort.processor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Stage one: what an {@code @Entity} or {@code @Embeddable} class is made of — its entity and mapped
 * superclasses, its access type and its persistent members, with type variables resolved. The
 * results are memoized: the binder asks about the same classes many times.
 */
final class EntityScanner {

    enum Access {
        FIELD,
        PROPERTY
    }

    /**
     * A persistent field or property as seen from the class that maps it.
     *
     * @param name       the attribute name
     * @param type       its type, type variables resolved against the mapping class
     * @param annotations its mapping annotations, keyed as {@link Jpa#annotations} does
     */
    record Member(Element element, String name, TypeMirror type, Map<String, AnnotationMirror> annotations) {

        AnnotationMirror get(String key) {
            return annotations.get(key);
        }

        boolean has(String key) {
            return annotations.containsKey(key);
        }

        boolean isId() {
            return has(Jpa.ID) || has(Jpa.EMBEDDED_ID);
        }
    }

    /** An entity class; {@code parent} is the nearest superclass that is an entity too. */
    static final class Entity {
        final TypeElement type;
        final Map<String, AnnotationMirror> annotations;
        final String qualifiedName;
        final String simpleName;
        /** The JPA entity name: {@code @Entity(name)} or the simple class name. */
        final String entityName;

        Entity parent;
        /** Mapped superclasses between {@link #parent} and this class, and the class itself, top-most first. */
        final List<TypeElement> ownTypes = new ArrayList<>();

        final List<Entity> children = new ArrayList<>();

        Entity(TypeElement type, Map<String, AnnotationMirror> annotations, String unqualifiedBinaryName) {
            this.type = type;
            this.annotations = annotations;
            this.qualifiedName = type.getQualifiedName().toString();
            this.simpleName = type.getSimpleName().toString();
            String name = Jpa.string(annotations.get(Jpa.ENTITY), "name");
            // Hibernate's default entity name is the class name without package: Outer$Inner for a nested class
            this.entityName = name.isEmpty() ? unqualifiedBinaryName : name;
        }

        Entity root() {
            Entity e = this;
            while (e.parent != null) {
                e = e.parent;
            }
            return e;
        }

        boolean isAbstract() {
            return type.getModifiers().contains(Modifier.ABSTRACT);
        }

        AnnotationMirror get(String key) {
            return annotations.get(key);
        }

        @Override
        public String toString() {
            return qualifiedName;
        }
    }

    private final Types types;
    private final Elements elements;
    private final Map<TypeElement, Entity> entities = new HashMap<>();
    private final Map<Element, Map<String, AnnotationMirror>> annotationCache = new HashMap<>();
    private final Map<MemberKey, List<Member>> memberCache = new HashMap<>();

    EntityScanner(Types types, Elements elements) {
        this.types = types;
        this.elements = elements;
    }

    /** The mapping annotations of an element, read once. */
    Map<String, AnnotationMirror> annotations(Element element) {
        // get and put, not computeIfAbsent: code javac runs anyway, where computeIfAbsent is the processor's alone
        Map<String, AnnotationMirror> found = annotationCache.get(element);
        if (found == null) {
            found = Jpa.annotations(element);
            annotationCache.put(element, found);
        }
        return found;
    }

    boolean isEntity(TypeElement type) {
        return type != null && annotations(type).containsKey(Jpa.ENTITY);
    }

    boolean isEmbeddable(TypeElement type) {
        return type != null && annotations(type).containsKey(Jpa.EMBEDDABLE);
    }

    /** The entity for a class annotated {@code @Entity}, with its entity superclasses linked; null otherwise. */
    Entity entity(TypeElement type) {
        if (!isEntity(type)) {
            return null;
        }
        Entity known = entities.get(type);
        if (known != null) {
            return known;
        }
        String binary = elements.getBinaryName(type).toString();
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        Entity entity = new Entity(
                type, annotations(type), packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1));
        entities.put(type, entity);
        Deque<TypeElement> chain = new ArrayDeque<>();
        chain.push(type);
        TypeMirror superclass = type.getSuperclass();
        while (superclass.getKind() == TypeKind.DECLARED) {
            TypeElement s = (TypeElement) ((DeclaredType) superclass).asElement();
            Map<String, AnnotationMirror> jpa = annotations(s);
            if (jpa.containsKey(Jpa.ENTITY)) {
                entity.parent = entity(s);
                entity.parent.children.add(entity);
                break;
            }
            if (jpa.containsKey(Jpa.MAPPED_SUPERCLASS)) {
                chain.push(s);
            }
            superclass = s.getSuperclass();
        }
        entity.ownTypes.addAll(chain);
        return entity;
    }

    /**
     * The access type of a hierarchy: field access when {@code @Id} or {@code @EmbeddedId} is on a
     * field of the root entity or its mapped superclasses, property access when on a getter, null
     * when there is no id. {@code mixed} is set when both occur.
     */
    Access hierarchyAccess(Entity root, boolean[] mixed) {
        boolean onField = false;
        boolean onGetter = false;
        List<TypeElement> all = new ArrayList<>();
        TypeMirror superclass = root.type.getSuperclass();
        while (superclass.getKind() == TypeKind.DECLARED) {
            TypeElement s = (TypeElement) ((DeclaredType) superclass).asElement();
            if (annotations(s).containsKey(Jpa.MAPPED_SUPERCLASS)) {
                all.add(s);
            }
            superclass = s.getSuperclass();
        }
        all.add(root.type);
        for (TypeElement type : all) {
            for (Element member : type.getEnclosedElements()) {
                if (member.getModifiers().contains(Modifier.STATIC)
                        || member.getKind() != ElementKind.FIELD && member.getKind() != ElementKind.METHOD) {
                    continue;
                }
                Map<String, AnnotationMirror> jpa = annotations(member);
                if (jpa.containsKey(Jpa.ID) || jpa.containsKey(Jpa.EMBEDDED_ID)) {
                    onField |= member.getKind() == ElementKind.FIELD;
                    onGetter |= member.getKind() == ElementKind.METHOD;
                }
            }
        }
        mixed[0] = onField && onGetter;
        if (!onField && !onGetter) {
            Access explicit = classAccess(root.type);
            return explicit;
        }
        return onGetter && !onField ? Access.PROPERTY : Access.FIELD;
    }

    /**
     * The persistent members declared by {@code declaring}, seen from {@code owner} (type variables
     * resolved), in declaration order; {@code @Access} on the class overrides the default.
     */
    List<Member> members(DeclaredType owner, TypeElement declaring, Access defaultAccess) {
        // keyed by the owner type itself: a generic embeddable seen as Foo<A> and as Foo<B> differs
        return memberCache.computeIfAbsent(
                new MemberKey(owner, declaring, defaultAccess), k -> readMembers(owner, declaring, defaultAccess));
    }

    /**
     * Equality written out: a record's generated {@code hashCode} goes through method handles that
     * javac's cold JVM would link and interpret for every lookup.
     */
    private static final class MemberKey {
        private final TypeMirror owner;
        private final TypeElement declaring;
        private final Access access;

        MemberKey(TypeMirror owner, TypeElement declaring, Access access) {
            this.owner = owner;
            this.declaring = declaring;
            this.access = access;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemberKey k
                    && owner.equals(k.owner)
                    && declaring.equals(k.declaring)
                    && access == k.access;
        }

        @Override
        public int hashCode() {
            return (owner.hashCode() * 31 + declaring.hashCode()) * 31 + access.hashCode();
        }
    }

    private List<Member> readMembers(DeclaredType owner, TypeElement declaring, Access defaultAccess) {
        Access access = classAccess(declaring);
        if (access == null) {
            access = declaring.getKind() == ElementKind.RECORD ? Access.FIELD : defaultAccess;
        }
        // as Hibernate: members with their own @Access first, then the class's access type for the names left
        Map<String, Member> local = new LinkedHashMap<>();
        List<Member> fields = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(declaring.getEnclosedElements())) {
            Map<String, AnnotationMirror> jpa = annotations(field);
            if (field.getModifiers().contains(Modifier.STATIC)
                    || field.getModifiers().contains(Modifier.TRANSIENT)
                    || jpa.containsKey(Jpa.TRANSIENT)) {
                continue;
            }
            boolean own = "FIELD".equals(Jpa.constant(jpa.get(Jpa.ACCESS), "value", ""));
            if (!own && access == Access.PROPERTY) {
                continue; // a field of a property-access class that is not mapped on its own
            }
            Member m = new Member(field, field.getSimpleName().toString(), memberType(owner, declaring, field), jpa);
            if (own) {
                local.putIfAbsent(m.name(), m);
            } else {
                fields.add(m);
            }
        }
        List<Member> properties = new ArrayList<>();
        boolean plain = ownsNoTypeVariables(declaring);
        for (ExecutableElement method : ElementFilter.methodsIn(declaring.getEnclosedElements())) {
            if (access == Access.FIELD && method.getAnnotationMirrors().isEmpty()) {
                continue; // a method of a field-access class without @Access(PROPERTY): no property to map
            }
            String property = propertyName(method);
            if (property == null) {
                continue;
            }
            Map<String, AnnotationMirror> jpa = annotations(method);
            if (jpa.containsKey(Jpa.TRANSIENT)) {
                continue;
            }
            boolean own = "PROPERTY".equals(Jpa.constant(jpa.get(Jpa.ACCESS), "value", ""));
            if (!own && access == Access.FIELD) {
                continue; // a getter of a field-access class that is not mapped on its own: resolving its type is
                // wasted
            }
            TypeMirror type =
                    plain ? method.getReturnType() : ((ExecutableType) types.asMemberOf(owner, method)).getReturnType();
            Member m = new Member(method, property, type, jpa);
            if (own) {
                local.putIfAbsent(m.name(), m);
            } else {
                properties.add(m);
            }
        }
        List<Member> members = new ArrayList<>(local.values());
        for (Member m : access == Access.FIELD ? fields : properties) {
            if (!local.containsKey(m.name())) {
                members.add(m);
            }
        }
        return List.copyOf(members);
    }

    /**
     * A field's type seen from {@code owner}: its declared type when the declaring class has no type
     * variables to resolve, which is what {@code asMemberOf} gives then too, after checking that
     * {@code owner} is a subtype by walking its supertypes, once per member.
     */
    private TypeMirror memberType(DeclaredType owner, TypeElement declaring, VariableElement field) {
        return ownsNoTypeVariables(declaring) ? field.asType() : types.asMemberOf(owner, field);
    }

    /**
     * A class whose members cannot mention a type variable of a class: not generic itself, and
     * top-level or static (an inner class sees its outer classes' type variables).
     */
    private static boolean ownsNoTypeVariables(TypeElement type) {
        return type.getTypeParameters().isEmpty()
                && (type.getNestingKind() == NestingKind.TOP_LEVEL
                        || type.getModifiers().contains(Modifier.STATIC));
    }

    /** An explicit {@code @Access} on a class. */
    Access classAccess(TypeElement type) {
        AnnotationMirror access = annotations(type).get(Jpa.ACCESS);
        return switch (Jpa.constant(access, "value", "")) {
            case "FIELD" -> Access.FIELD;
            case "PROPERTY" -> Access.PROPERTY;
            default -> null;
        };
    }

    /** The JavaBeans property a getter reads ({@code getFirstName} -> {@code firstName}), or null. */
    static String propertyName(ExecutableElement method) {
        if (method.getModifiers().contains(Modifier.STATIC)
                || !method.getParameters().isEmpty()
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
        return type.getKind() == TypeKind.BOOLEAN
                || type.getKind() == TypeKind.DECLARED
                        && ((TypeElement) ((DeclaredType) type).asElement())
                                .getQualifiedName()
                                .contentEquals("java.lang.Boolean");
    }

    /** As {@code java.beans.Introspector.decapitalize}: {@code FirstName} -> {@code firstName}, {@code URL} stays. */
    static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
