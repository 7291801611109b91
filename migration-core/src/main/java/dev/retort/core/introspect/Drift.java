package dev.retort.core.introspect;

/**
 * One difference between a live database and the schema its recorded revisions build.
 *
 * @param kind   whether the database lacks it, has it in addition, or has it differently
 * @param what   {@code table}, {@code column}, {@code column type}, {@code nullability}, {@code index},
 *               {@code unique constraint}, {@code foreign key}, {@code check}, {@code primary key}, …
 * @param name   {@code table} or {@code table.element}
 * @param detail what each side has
 */
public record Drift(Kind kind, String what, String name, String detail) {

    /** How the database departs from the migrations. */
    public enum Kind {
        /** The migrations create it; the database lacks it. */
        MISSING,
        /** The database has it; no applied migration creates it. */
        EXTRA,
        /** Both have it, differently. */
        CHANGED
    }

    /** One line for a log: {@code missing column customer.bio: …}. */
    @Override
    public String toString() {
        String prefix = switch (kind) {
            case MISSING -> "missing ";
            case EXTRA -> "extra ";
            case CHANGED -> "";
        };
        String what = kind == Kind.CHANGED && !this.what.endsWith("mismatch") ? this.what + " mismatch" : this.what;
        return prefix + what + " " + name + ": " + detail;
    }
}
