package dev.retort.processor;

import dev.retort.processor.EntityScanner.Member;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Bean Validation constraints, applied to the DDL as Hibernate's {@code TypeSafeActivator} applies
 * them when a validator is present: {@code @NotNull}, {@code @NotEmpty} and {@code @NotBlank} make a
 * column NOT NULL, {@code @Size(max)} and {@code @Length(max)} set a String's length,
 * {@code @Digits} a decimal's precision and scale, {@code @Min} and {@code @Max} add checks. A
 * custom constraint composed of these counts as they do; a constraint restricted to groups other
 * than {@code Default} does not reach the DDL.
 */
final class Validation {

    /** How deep composed constraints are followed; real ones nest one or two levels. */
    private static final int COMPOSITION_DEPTH = 3;

    private static final String DEFAULT_GROUP = "Default";

    private final EntityScanner scanner;
    private final Map<Element, Map<String, AnnotationMirror>> cache = new HashMap<>();

    Validation(EntityScanner scanner) {
        this.scanner = scanner;
    }

    /** The constraints that reach the DDL, by key ({@code "v:NotNull"}), composed ones included. */
    Map<String, AnnotationMirror> constraints(Member m) {
        Map<String, AnnotationMirror> found = cache.get(m.element());
        if (found == null) {
            found = new HashMap<>();
            collect(m.element().getAnnotationMirrors(), found, 0);
            cache.put(m.element(), found);
        }
        return found;
    }

    private void collect(List<? extends AnnotationMirror> annotations, Map<String, AnnotationMirror> into, int depth) {
        for (AnnotationMirror a : annotations) {
            String key = Jpa.key(a);
            if (key != null && key.startsWith("v:")) {
                if (depth > 0 || inDefaultGroup(a)) {
                    into.putIfAbsent(key, a);
                }
            } else if (key == null && depth < COMPOSITION_DEPTH && inDefaultGroup(a)) {
                Element type = a.getAnnotationType().asElement();
                collect(type.getAnnotationMirrors(), into, depth + 1);
            }
        }
    }

    /** Hibernate applies a constraint to the DDL only in the Default group. */
    private static boolean inDefaultGroup(AnnotationMirror a) {
        List<?> groups = Jpa.value(a, "groups") instanceof List<?> l ? l : List.of();
        return groups.isEmpty()
                || groups.stream()
                        .anyMatch(g -> g.toString().endsWith("." + DEFAULT_GROUP + ".class")
                                || g.toString().equals(DEFAULT_GROUP + ".class"));
    }

    AnnotationMirror get(Member m, String key) {
        return constraints(m).get(key);
    }

    boolean notNull(Member m) {
        Map<String, AnnotationMirror> c = constraints(m);
        return c.containsKey("v:NotNull") || c.containsKey("v:NotEmpty") || c.containsKey("v:NotBlank");
    }

    /** {@code @Size(max)} or Hibernate Validator's {@code @Length(max)} on a String attribute. */
    Integer sizeMax(Member m, TypeMirror javaType) {
        if (!(javaType instanceof DeclaredType d)
                || !((TypeElement) d.asElement()).getQualifiedName().contentEquals("java.lang.String")) {
            return null;
        }
        Integer result = null;
        for (String key : List.of("v:Size", "v:Length")) {
            AnnotationMirror size = get(m, key);
            if (size != null
                    && Jpa.has(size, "max")
                    && Jpa.integer(size, "max", Integer.MAX_VALUE) < Integer.MAX_VALUE) {
                result = Jpa.integer(size, "max", 0);
            }
        }
        return result;
    }
}
