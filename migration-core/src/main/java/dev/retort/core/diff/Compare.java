package dev.retort.core.diff;

import static dev.retort.core.diff.Names.byName;
import static dev.retort.core.diff.Names.key;
import static dev.retort.core.diff.Names.lower;
import static dev.retort.core.diff.Names.lowerSet;
import static dev.retort.core.diff.Names.sameNames;

import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ColumnType.Kind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** When two definitions are the same for the database: names, sources, hints and whitespace aside. */
final class Compare {

    private Compare() {}

    static boolean sameTable(Table a, Table b) {
        if (a.columns().size() != b.columns().size() || !sameNames(a.primaryKey(), b.primaryKey(), n -> n)) {
            return false;
        }
        Map<String, Column> bc = byName(b.columns(), Column::name);
        return a.columns().stream().allMatch(c -> {
            Column o = bc.get(key(c.name()));
            return o != null && sameColumnBesidesName(c, o);
        });
    }

    /** Alike enough to name as a possible rename: the same columns, or some column other than the key in common. */
    static boolean similarTable(Table a, Table b) {
        if (sameTable(a, b)) {
            return true;
        }
        Set<String> key = lowerSet(a.primaryKey());
        Map<String, Column> bc = byName(b.columns(), Column::name);
        return a.columns().stream()
                .anyMatch(c -> !key.contains(key(c.name()))
                        && bc.containsKey(key(c.name()))
                        && sameColumnBesidesName(c, bc.get(key(c.name()))));
    }

    /** The same physical column definition; names, sources and hints aside. */
    static boolean sameColumnBesidesName(Column a, Column b) {
        return a.type().equals(b.type())
                && a.nullable() == b.nullable()
                && a.autoIncrement() == b.autoIncrement()
                && Objects.equals(trim(a.defaultValue()), trim(b.defaultValue()))
                && Objects.equals(a.comment(), b.comment())
                && a.absentOn().equals(b.absentOn());
    }

    static boolean sameIndex(Index a, Index b) {
        return a.unique() == b.unique()
                && sameNames(a.columns(), b.columns(), n -> n)
                && sameNames(a.descending(), b.descending(), n -> n);
    }

    static boolean sameForeignKey(ForeignKey a, ForeignKey b) {
        return sameNames(a.columns(), b.columns(), n -> n)
                && a.referencedTable().equalsIgnoreCase(b.referencedTable())
                && sameNames(a.referencedColumns(), b.referencedColumns(), n -> n)
                && a.deleteAction() == b.deleteAction()
                && a.updateAction() == b.updateAction();
    }

    /** Whitespace is not a change of meaning. */
    static boolean sameExpression(String a, String b) {
        return a.equals(b) || a.trim().replaceAll("\\s+", " ").equals(b.trim().replaceAll("\\s+", " "));
    }

    static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** What an index is, its name aside: two indexes with the same signature are one renamed. */
    static String signature(Index i) {
        return i.unique() + ":" + String.join(",", lower(i.columns())) + ":" + String.join(",", lower(i.descending()));
    }

    /** MySQL and MariaDB can use an index for a foreign key when the key's columns lead it, in order. */
    static boolean serves(List<String> indexColumns, ForeignKey fk) {
        return indexColumns.size() >= fk.columns().size()
                && lower(indexColumns.subList(0, fk.columns().size())).equals(lower(fk.columns()));
    }

    /** Types a foreign key may join on every supported database: the same kind; strings of any length. */
    static boolean compatible(ColumnType a, ColumnType b) {
        if (a.kind() == Kind.CUSTOM || b.kind() == Kind.CUSTOM) {
            // a columnDefinition is the database's own text: only the database can judge it
            return true;
        }
        boolean textA = a.kind() == Kind.VARCHAR || a.kind() == Kind.CHAR;
        boolean textB = b.kind() == Kind.VARCHAR || b.kind() == Kind.CHAR;
        if (textA || textB) {
            return textA && textB;
        }
        return a.kind() == b.kind()
                && (a.kind() != Kind.DECIMAL || a.precision() == b.precision() && a.scale() == b.scale());
    }
}
