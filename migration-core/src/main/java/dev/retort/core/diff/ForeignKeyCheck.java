package dev.retort.core.diff;

import static dev.retort.core.diff.Compare.compatible;
import static dev.retort.core.diff.Names.key;
import static dev.retort.core.diff.Names.lowerSet;

import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Table;
import dev.retort.core.ops.AddForeignKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every foreign key a change adds must be one every database accepts: its table and columns
 * exist, it references the primary key or a unique constraint, and the column types match.
 * A key that does not is a problem, reported instead of a migration that would stop half-way.
 */
final class ForeignKeyCheck {

    private final Map<String, Table> want;
    private final List<String> problems;

    /**
     * @param want     the model's tables by lower-case name
     * @param problems where the problems go
     */
    ForeignKeyCheck(Map<String, Table> want, List<String> problems) {
        this.want = want;
        this.problems = problems;
    }

    void check(List<Change> addForeignKeys) {
        for (Change c : addForeignKeys) {
            AddForeignKey add = (AddForeignKey) c.operation();
            ForeignKey fk = add.foreignKey();
            Table owner = want.get(key(add.table()));
            Table target = want.get(key(fk.referencedTable()));
            String name = add.table() + "." + fk.name();
            if (target == null) {
                problems.add(Wording.unknownReferencedTable(name, fk));
                continue;
            }
            List<Column> from = columns(owner, fk.columns(), name);
            List<Column> to = columns(target, fk.referencedColumns(), name);
            if (from == null || to == null) {
                continue;
            }
            Set<String> referenced = lowerSet(fk.referencedColumns());
            boolean unique = lowerSet(target.primaryKey()).equals(referenced)
                    || target.indexes().stream()
                            .anyMatch(i -> i.unique() && lowerSet(i.columns()).equals(referenced));
            if (!unique) {
                problems.add(Wording.notUniqueTarget(name, target, fk));
            }
            for (int i = 0; i < from.size(); i++) {
                if (!compatible(from.get(i).type(), to.get(i).type())) {
                    problems.add(Wording.typeMismatch(name, owner, from.get(i), target, to.get(i)));
                }
            }
        }
    }

    /** The named columns of {@code t}, or null (and a problem) when one is missing. */
    private List<Column> columns(Table t, List<String> names, String fk) {
        List<Column> out = new ArrayList<>();
        for (String n : names) {
            Column c = t.column(n).orElse(null);
            if (c == null) {
                problems.add(Wording.missingColumn(fk, t, n));
                return null;
            }
            out.add(c);
        }
        return out;
    }
}
