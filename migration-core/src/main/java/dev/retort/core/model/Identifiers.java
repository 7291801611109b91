package dev.retort.core.model;

import java.util.Locale;

/**
 * How the model spells a quoted identifier: between backticks ({@code `Order`}), as Hibernate writes
 * it. A quoted name keeps its exact case and is always quoted in DDL, on every database; a plain name
 * is the database's to fold ({@code order} on PostgreSQL, {@code ORDER} on H2). The backticks are part
 * of the name everywhere a name travels (snapshot, operations, generated migrations), so a snapshot
 * without them reads as before: nothing quoted.
 */
public final class Identifiers {

    private Identifiers() {}

    /** True for a quoted name ({@code `Order`}). */
    public static boolean isQuoted(String name) {
        return name != null && name.length() > 1 && name.startsWith("`") && name.endsWith("`");
    }

    /** The name without its quotes, as written: {@code `Order`} -> {@code Order}, {@code order} -> {@code order}. */
    public static String text(String name) {
        return isQuoted(name) ? name.substring(1, name.length() - 1) : name;
    }

    /** {@code text} as a quoted name. */
    public static String quoted(String text) {
        return "`" + text(text) + "`";
    }

    /**
     * A name derived from others ({@code <table>_<column>_check}): quoted when one of them is, so it
     * keeps the case the database gives it.
     */
    public static String derived(String text, String... from) {
        for (String f : from) {
            if (isQuoted(f)) {
                return quoted(text);
            }
        }
        return text;
    }

    /**
     * The name as a database folding plain names to {@code upper} (H2) or lower case (PostgreSQL)
     * stores it; a quoted name is stored as written.
     */
    public static String stored(String name, boolean upper) {
        if (isQuoted(name)) {
            return text(name);
        }
        return upper ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    /**
     * True when a name as the database reports it ({@code live}) is the model's {@code name}: the
     * texts equal ignoring case, as Retort compares plain names.
     */
    public static boolean sameText(String live, String name) {
        return text(live).equalsIgnoreCase(text(name));
    }
}
