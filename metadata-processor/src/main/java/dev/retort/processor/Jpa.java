package dev.retort.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * JPA annotations matched by name, in both the {@code jakarta.persistence} and the
 * {@code javax.persistence} namespace, so neither API has to be on the processor path.
 * Annotations are keyed by their simple name ({@code "Column"}) once the namespace is stripped.
 */
final class Jpa {

    static final String JAKARTA = "jakarta.persistence.";
    static final String JAVAX = "javax.persistence.";

    static final String ENTITY = "Entity";
    static final String MAPPED_SUPERCLASS = "MappedSuperclass";
    static final String TABLE = "Table";
    static final String ID = "Id";
    static final String EMBEDDED_ID = "EmbeddedId";
    static final String ID_CLASS = "IdClass";
    static final String COLUMN = "Column";
    static final String BASIC = "Basic";
    static final String TRANSIENT = "Transient";
    static final String GENERATED_VALUE = "GeneratedValue";
    static final String ENUMERATED = "Enumerated";
    static final String ACCESS = "Access";

    /** The annotation types the processor registers for. */
    static final Set<String> ENTITY_TYPES = Set.of(JAKARTA + ENTITY, JAVAX + ENTITY);

    /** Member annotations whose mapping is not supported yet, in the order they are reported. */
    static final List<String> UNSUPPORTED_ON_MEMBER = List.of(
            "ManyToOne", "OneToOne", "OneToMany", "ManyToMany", "ElementCollection",
            "Embedded", EMBEDDED_ID, "MapsId", "Lob", "Convert", "Converts", ACCESS);

    /** Class annotations whose mapping is not supported yet. */
    static final List<String> UNSUPPORTED_ON_CLASS = List.of(
            ID_CLASS, "SecondaryTable", "SecondaryTables", "AttributeOverride", "AttributeOverrides",
            "AssociationOverride", "AssociationOverrides");

    private Jpa() {
    }

    /** The JPA annotations on {@code element}, by simple name; usually empty or one or two. */
    static Map<String, AnnotationMirror> annotations(Element element) {
        Map<String, AnnotationMirror> found = Map.of();
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            String simple = simpleName(mirror);
            if (simple != null) {
                if (found.isEmpty()) {
                    found = new HashMap<>(4);
                }
                found.put(simple, mirror);
            }
        }
        return found;
    }

    /** The name without the JPA package, or null when the annotation is not a JPA one. */
    static String simpleName(AnnotationMirror mirror) {
        String name = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
        if (name.startsWith(JAKARTA)) {
            return name.substring(JAKARTA.length());
        }
        if (name.startsWith(JAVAX)) {
            return name.substring(JAVAX.length());
        }
        return null;
    }

    /** The value given explicitly in the source, or null (defaults are the caller's business). */
    static Object value(AnnotationMirror mirror, String attribute) {
        if (mirror == null) {
            return null;
        }
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(attribute)) {
                return e.getValue().getValue();
            }
        }
        return null;
    }

    static String string(AnnotationMirror mirror, String attribute) {
        Object value = value(mirror, attribute);
        return value instanceof String s ? s : "";
    }

    static int integer(AnnotationMirror mirror, String attribute, int defaultValue) {
        Object value = value(mirror, attribute);
        return value instanceof Integer i ? i : defaultValue;
    }

    static boolean bool(AnnotationMirror mirror, String attribute, boolean defaultValue) {
        Object value = value(mirror, attribute);
        return value instanceof Boolean b ? b : defaultValue;
    }

    /** The name of an enum constant value ({@code "IDENTITY"}). */
    static String constant(AnnotationMirror mirror, String attribute, String defaultValue) {
        Object value = value(mirror, attribute);
        return value instanceof VariableElement v ? v.getSimpleName().toString() : defaultValue;
    }

    /** True when an array-valued attribute was given with at least one element. */
    static boolean nonEmptyArray(AnnotationMirror mirror, String attribute) {
        Object value = value(mirror, attribute);
        return value instanceof List<?> list && !list.isEmpty();
    }
}
