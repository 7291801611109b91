package dev.retort.processor;

import java.util.Optional;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.util.Elements;

/**
 * The Hibernate ORM 7 release line whose schema export Retort reproduces. The lines differ in DDL
 * (each difference measured by {@code HibernateComparisonTest} against that line's own export), and
 * since 7.2 Hibernate's {@code validate} compares nullability too, so the snapshot must follow the
 * Hibernate the application runs:
 *
 * <ul>
 *   <li>{@link #V7_0} (7.0 to 7.2): the columns of generated values are declared as any other column;
 *   <li>{@link #V7_3}: a {@code @Version} column is NOT NULL, an {@code @OrderColumn} gets the check
 *       {@code col>=0}, a boolean stored as a character lists its two values in a check;
 *   <li>{@link #V7_4}: besides, the columns of {@code @CreationTimestamp}, {@code @UpdateTimestamp} and
 *       {@code @CurrentTimestamp} are NOT NULL, the target column of a to-one {@code @JoinTable} is NOT
 *       NULL, and a set of basic values whose column may be null (or a {@code @ManyToAny} set whose
 *       discriminator may be null) gets a unique key instead of a primary key.
 * </ul>
 *
 * <p>Chosen by {@code -Aretort.hibernate=7.2} (a line or a full version such as {@code 7.4.13.Final}),
 * else found on the compile class path by a type each line added, else the newest line.
 */
enum HibernateLine {
    V7_0("7.0"),
    V7_3("7.3"),
    V7_4("7.4");

    /** The processor option naming the line: {@code -Aretort.hibernate=7.4}. */
    static final String OPTION = "retort.hibernate";

    final String label;

    HibernateLine(String label) {
        this.label = label;
    }

    boolean atLeast(HibernateLine other) {
        return compareTo(other) >= 0;
    }

    /** The line an option names ({@code 7}, {@code 7.1}, {@code 7.4.13.Final}); empty when it names none. */
    static Optional<HibernateLine> fromOption(String option) {
        String[] parts = option.trim().split("\\.");
        if (parts.length == 0 || !parts[0].equals("7")) {
            return Optional.empty();
        }
        if (parts.length == 1) {
            return Optional.of(newest());
        }
        int minor;
        try {
            minor = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (minor < 0) {
            return Optional.empty();
        }
        return Optional.of(minor >= 4 ? V7_4 : minor == 3 ? V7_3 : V7_0);
    }

    /**
     * The line of the Hibernate on the compile class path, told by a type that line added; empty when
     * Hibernate is not on it (an application compiled against the JPA API alone).
     */
    static Optional<HibernateLine> onClassPath(Elements elements) {
        return onClassPath(elements, null);
    }

    /**
     * As {@link #onClassPath(Elements)}, looking only in {@code module} when not null: the unnamed
     * module of a compile whose sources are all in it (no {@code module-info.java}), where Hibernate
     * can only be on the class path. A name looked up in no module in particular that does not
     * exist is searched for in every module javac knows (some 70 of the JDK's), each time.
     */
    static Optional<HibernateLine> onClassPath(Elements elements, ModuleElement module) {
        if (exists(elements, module, "org.hibernate.annotations.Audited")) {
            return Optional.of(V7_4);
        }
        if (exists(elements, module, "org.hibernate.annotations.NaturalIdClass")) {
            return Optional.of(V7_3);
        }
        if (exists(elements, module, "org.hibernate.annotations.CreationTimestamp")) {
            return Optional.of(V7_0);
        }
        return Optional.empty();
    }

    private static boolean exists(Elements elements, ModuleElement module, String name) {
        return (module == null ? elements.getTypeElement(name) : elements.getTypeElement(module, name)) != null;
    }

    /** The newest line, assumed when nothing tells which. */
    static HibernateLine newest() {
        return values()[values().length - 1];
    }
}
