package dev.retort.processor;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Attribute converters and the generic types they implement: which {@code @Converter(autoApply = true)}
 * class converts an attribute type, and the attribute and database types of a converter. Built once,
 * before binding, from the converter classes of the compilation.
 */
final class Converters {

    private final Types types;
    private final Map<String, TypeElement> autoApply;

    private Converters(Types types, Map<String, TypeElement> autoApply) {
        this.types = types;
        this.autoApply = autoApply;
    }

    /** The converters of the named classes; those with {@code autoApply = true} apply to their attribute type. */
    static Converters of(Elements elements, Types types, Collection<String> names) {
        Converters none = new Converters(types, Map.of());
        Map<String, TypeElement> result = new TreeMap<>();
        for (String name : names) {
            TypeElement converter = elements.getTypeElement(name);
            if (converter == null) {
                continue;
            }
            AnnotationMirror annotation = Jpa.annotations(converter).get(Jpa.CONVERTER);
            if (!Jpa.bool(annotation, "autoApply", false)) {
                continue;
            }
            TypeMirror attribute = none.converterType(converter, 0);
            if (attribute != null) {
                result.putIfAbsent(types.erasure(attribute).toString(), converter);
            }
        }
        return new Converters(types, result);
    }

    /** The auto-applied converter for values of this type, or null. */
    TypeElement autoApplied(TypeMirror type) {
        // most compilations have none: no erasure and no name decoded per attribute
        return autoApply.isEmpty() ? null : autoApply.get(erasedName(type));
    }

    private String erasedName(TypeMirror type) {
        TypeMirror t = type.getKind().isPrimitive()
                ? types.boxedClass((PrimitiveType) type).asType()
                : types.erasure(type);
        return t instanceof DeclaredType d
                ? ((TypeElement) d.asElement()).getQualifiedName().toString()
                : t.toString();
    }

    /**
     * A type argument of {@code AttributeConverter<X, Y>} as the converter implements it:
     * index 0 the attribute type, 1 the database type; null when it is not concrete.
     */
    TypeMirror converterType(TypeElement converter, int index) {
        List<TypeMirror> args = typeArguments(
                converter.asType(),
                Jpa.CONVERTER_TYPES.stream()
                        .map(n -> n.replace("." + Jpa.CONVERTER, ".AttributeConverter"))
                        .toList());
        if (args == null
                || args.size() != 2
                || !(args.get(index) instanceof DeclaredType || args.get(index).getKind() == TypeKind.ARRAY)) {
            return null;
        }
        return args.get(index);
    }

    /**
     * java.util's collection and map interfaces, each with the one of {@code Collection} and {@code Map}
     * it extends, to which it passes its own type parameters unchanged ({@code List<E> extends
     * Collection<E>}, {@code SortedMap<K, V> extends Map<K, V>}).
     */
    private static final Map<String, String> JAVA_UTIL_ROOTS = Map.of(
            "java.util.List", "java.util.Collection",
            "java.util.Set", "java.util.Collection",
            "java.util.SortedSet", "java.util.Collection",
            "java.util.NavigableSet", "java.util.Collection",
            "java.util.Queue", "java.util.Collection",
            "java.util.Deque", "java.util.Collection",
            "java.util.Collection", "java.util.Collection",
            "java.util.Map", "java.util.Map",
            "java.util.SortedMap", "java.util.Map",
            "java.util.NavigableMap", "java.util.Map");

    /** The type arguments with which {@code type} implements one of the named generic types, or null. */
    List<TypeMirror> typeArguments(TypeMirror type, List<String> generic) {
        if (!(type instanceof DeclaredType d)) {
            return null;
        }
        String name = ((TypeElement) d.asElement()).getQualifiedName().toString();
        if (generic.contains(name)) {
            return List.copyOf(d.getTypeArguments());
        }
        // the collection interfaces attributes are declared with pass their own type arguments on: no walk
        // through their supertypes (javac substitutes each one's type arguments anew)
        String root = JAVA_UTIL_ROOTS.get(name);
        if (root != null && generic.size() == 1 && JAVA_UTIL_ROOTS.containsValue(generic.get(0))) {
            return root.equals(generic.get(0)) ? List.copyOf(d.getTypeArguments()) : null;
        }
        for (TypeMirror s : types.directSupertypes(type)) {
            List<TypeMirror> found = typeArguments(s, generic);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
