package dev.retort.core.ops;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Sequence;
import dev.retort.core.model.Table;
import dev.retort.migration.Backfill;
import dev.retort.migration.ColumnStep;
import dev.retort.migration.Database;
import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.RowFunction;
import dev.retort.migration.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@link Operations} a migration records into: turns the DSL calls into {@link Operation}
 * values, in call order.
 */
public final class RecordingOperations implements Operations {

    private final List<Operation> recorded = new ArrayList<>();
    private final List<Set<String>> acknowledged = new ArrayList<>();

    /** The upgrade plan of a migration. */
    public static List<Operation> upgradeOf(Migration migration) {
        return recordUpgrade(migration).operations();
    }

    /** The downgrade plan of a migration. */
    public static List<Operation> downgradeOf(Migration migration) {
        return recordDowngrade(migration).operations();
    }

    /** The recorded operations and, per step, the safety rules its source acknowledges. */
    public static RecordingOperations recordUpgrade(Migration migration) {
        RecordingOperations ops = new RecordingOperations();
        migration.upgrade(ops);
        return ops;
    }

    /** As {@link #recordUpgrade}, for the downgrade plan. */
    public static RecordingOperations recordDowngrade(Migration migration) {
        RecordingOperations ops = new RecordingOperations();
        migration.downgrade(ops);
        return ops;
    }

    public List<Operation> operations() {
        return List.copyOf(recorded);
    }

    /** Per recorded step, in order: the rule ids acknowledged with {@link Step#acknowledge}. */
    public List<Set<String>> acknowledgements() {
        return acknowledged.stream().map(Set::copyOf).toList();
    }

    private RecordedStep record(Operation op) {
        recorded.add(op);
        acknowledged.add(new LinkedHashSet<>());
        return new RecordedStep(recorded.size() - 1);
    }

    /** The handle a migration source gets back: decisions about the step it just recorded. */
    private final class RecordedStep implements Backfill, ColumnStep {
        private final int position;

        RecordedStep(int position) {
            this.position = position;
        }

        @Override
        public Step acceptDataLoss() {
            recorded.set(position, recorded.get(position).acceptingDataLoss());
            return this;
        }

        @Override
        public Step acknowledge(String... ruleIds) {
            for (String id : ruleIds) {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("acknowledge() needs rule ids such as \"RT203\", not a blank");
                }
                acknowledged.get(position).add(id.trim().toUpperCase(Locale.ROOT));
            }
            return this;
        }

        @Override
        public ColumnStep absentOn(Database... databases) {
            List<String> names =
                    Arrays.stream(databases).map(Database::dialectName).toList();
            Operation op = recorded.get(position);
            if (op instanceof DropColumn d) {
                recorded.set(position, new DropColumn(d.table(), d.column(), d.dataLossAccepted(), Set.copyOf(names)));
            } else if (op instanceof RenameColumn r) {
                recorded.set(position, new RenameColumn(r.table(), r.from(), r.to(), Set.copyOf(names)));
            } else {
                throw new IllegalStateException(
                        "absentOn applies to dropColumn and renameColumn steps only, not to " + op.describe());
            }
            return this;
        }

        @Override
        public Backfill batchSize(int rows) {
            recorded.set(position, backfill().withBatchSize(rows));
            return this;
        }

        @Override
        public Backfill throttle(double pausePerWork) {
            recorded.set(position, backfill().withThrottle(pausePerWork));
            return this;
        }

        private BackfillColumn backfill() {
            if (recorded.get(position) instanceof BackfillColumn b) {
                return b;
            }
            throw new IllegalStateException("batchSize and throttle apply to backfill steps only, not to "
                    + recorded.get(position).describe());
        }
    }

    static Column toModel(dev.retort.migration.Column c) {
        return new Column(
                c.name(),
                c.type(),
                c.isNullable(),
                c.isAutoIncrement(),
                c.defaultExpression(),
                c.commentText(),
                null,
                null,
                c.absentDatabases().stream().map(Database::dialectName).collect(Collectors.toSet()));
    }

    @Override
    public Step createTable(String table, dev.retort.migration.Column... columns) {
        List<Column> cols =
                Arrays.stream(columns).map(RecordingOperations::toModel).toList();
        List<String> pk = Arrays.stream(columns)
                .filter(dev.retort.migration.Column::isPrimaryKey)
                .map(dev.retort.migration.Column::name)
                .toList();
        return record(new CreateTable(new Table(table, cols, pk, List.of(), null)));
    }

    @Override
    public Step dropTable(String table) {
        return record(new DropTable(table, false));
    }

    @Override
    public Step addColumn(String table, dev.retort.migration.Column column) {
        return record(new AddColumn(table, toModel(column)));
    }

    @Override
    public ColumnStep dropColumn(String table, String column) {
        return record(new DropColumn(table, column, false));
    }

    @Override
    public Step alterColumn(String table, dev.retort.migration.Column from, dev.retort.migration.Column to) {
        return record(new AlterColumn(table, toModel(from), toModel(to), false));
    }

    @Override
    public Step createIndex(String table, String name, String... columns) {
        return record(new CreateIndex(table, Index.of(name, List.of(columns), false, null)));
    }

    @Override
    public Step dropIndex(String table, String name) {
        return record(new DropIndex(table, name, false));
    }

    @Override
    public Step addUnique(String table, String name, String... columns) {
        return record(new CreateIndex(table, new Index(name, List.of(columns), true, null)));
    }

    @Override
    public Step dropUnique(String table, String name) {
        return record(new DropIndex(table, name, true));
    }

    @Override
    public Step addForeignKey(String table, dev.retort.migration.ForeignKey fk) {
        if (fk.referencedTable() == null) {
            throw new IllegalArgumentException(
                    "foreign key " + fk.name() + " on " + table + " needs .references(table, columns...)");
        }
        return record(new AddForeignKey(
                table,
                new ForeignKey(
                        fk.name(),
                        fk.columns(),
                        fk.referencedTable(),
                        fk.referencedColumns(),
                        fk.deleteAction(),
                        fk.updateAction(),
                        null)));
    }

    @Override
    public Step dropForeignKey(String table, String name) {
        return record(new DropForeignKey(table, name));
    }

    @Override
    public Step addCheck(String table, String name, String expression) {
        return record(new AddCheck(table, new Check(name, expression, null)));
    }

    @Override
    public Step dropCheck(String table, String name) {
        return record(new DropCheck(table, name));
    }

    @Override
    public Step createSequence(String name, long start, int increment) {
        return record(new CreateSequence(new Sequence(name, start, increment, null)));
    }

    @Override
    public Step dropSequence(String name) {
        return record(new DropSequence(name));
    }

    @Override
    public Step createType(String name, dev.retort.migration.Column... attributes) {
        return record(new CreateType(new dev.retort.core.model.UserType(
                name,
                Arrays.stream(attributes).map(RecordingOperations::toModel).toList(),
                null)));
    }

    @Override
    public Step dropType(String name) {
        return record(new DropType(name));
    }

    @Override
    public Step renameTable(String from, String to) {
        return record(new RenameTable(from, to));
    }

    @Override
    public ColumnStep renameColumn(String table, String from, String to) {
        return record(new RenameColumn(table, from, to));
    }

    @Override
    public Step alterPrimaryKey(String table, List<String> from, List<String> to) {
        return record(new AlterPrimaryKey(table, from, to));
    }

    @Override
    public Step setTableComment(String table, String comment) {
        return record(new SetTableComment(table, comment));
    }

    @Override
    public Step renameIndex(String table, String from, String to) {
        return record(new RenameIndex(table, from, to, false));
    }

    @Override
    public Step renameUnique(String table, String from, String to) {
        return record(new RenameIndex(table, from, to, true));
    }

    @Override
    public Step alterSequence(String name, long fromStart, int fromIncrement, long toStart, int toIncrement) {
        return record(new AlterSequence(
                new Sequence(name, fromStart, fromIncrement, null), new Sequence(name, toStart, toIncrement, null)));
    }

    @Override
    public Step irreversible(String reason) {
        return record(new Irreversible(reason));
    }

    @Override
    public Backfill backfill(String table, String column, String sqlExpression) {
        return record(new BackfillColumn(table, column, sqlExpression));
    }

    @Override
    public Backfill backfill(String table, String column, RowFunction function, String... reads) {
        if (function == null) {
            throw new IllegalArgumentException("backfill " + table + "." + column + ": the Java form needs a function");
        }
        return record(new BackfillColumn(
                table,
                column,
                null,
                function,
                List.of(reads),
                BackfillColumn.DEFAULT_BATCH_SIZE,
                BackfillColumn.DEFAULT_THROTTLE));
    }
}
