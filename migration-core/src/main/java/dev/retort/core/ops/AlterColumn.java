package dev.retort.core.ops;

import dev.retort.core.model.Column;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.migration.ColumnType;
import dev.retort.migration.ColumnType.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes a column's type, nullability or auto-increment. Carries the definition before the
 * change so it can be inverted and checked against the replayed schema.
 */
public record AlterColumn(String table, Column from, Column to, boolean dataLossAccepted) implements Operation {

    private static final List<Kind> INTEGERS = List.of(Kind.TINYINT, Kind.SMALLINT, Kind.INTEGER, Kind.BIGINT);
    /** Decimal digits each of {@link #INTEGERS} needs. */
    private static final List<Integer> INTEGER_DIGITS = List.of(3, 5, 10, 19);

    public AlterColumn {
        if (!from.name().equalsIgnoreCase(to.name())) {
            throw new ReplayException("alterColumn " + table + "." + from.name() + " cannot rename to " + to.name());
        }
    }

    @Override
    public Schema applyTo(Schema schema) {
        Table t = Operation.table(schema, table, describe());
        Column current = t.column(from.name())
                .orElseThrow(() ->
                        new ReplayException(describe() + ": column " + table + "." + from.name() + " does not exist"));
        if (!current.sameDefinition(from.withSource(current.source()))) {
            throw new ReplayException(describe() + ": the migration expects " + Describe.column(from)
                    + " but the schema has " + Describe.column(current));
        }
        List<Column> columns = new ArrayList<>(t.columns());
        columns.set(columns.indexOf(current), to);
        return schema.with(t.withColumns(columns));
    }

    @Override
    public List<Operation> inverse(Schema before) {
        return List.of(new AlterColumn(table, to, from, true));
    }

    /**
     * Narrowing a type loses values that no longer fit; widening and nullability changes keep them. A
     * column that stops existing on some database ({@link Column#absentOn}) loses its values there.
     */
    @Override
    public boolean destroysData() {
        return !widens(from.type(), to.type()) || !from.absentOn().containsAll(to.absentOn());
    }

    /**
     * True when every value of {@code a} is representable in {@code b}: a longer string, more
     * digits, a larger integer, more enum values, a text or binary type that holds more.
     */
    public static boolean widens(ColumnType a, ColumnType b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.kind() != b.kind()) {
            int ia = INTEGERS.indexOf(a.kind());
            int ib = INTEGERS.indexOf(b.kind());
            if (ia >= 0) {
                return ib >= 0
                        ? ia <= ib
                        : b.kind() == Kind.DECIMAL && b.precision() - b.scale() >= INTEGER_DIGITS.get(ia);
            }
            return switch (a.kind()) {
                case CHAR -> b.kind() == Kind.VARCHAR && b.length() >= a.length() || b.kind() == Kind.CLOB;
                case VARCHAR -> b.kind() == Kind.CLOB;
                case VARBINARY -> b.kind() == Kind.BLOB;
                case REAL -> b.kind() == Kind.DOUBLE;
                case DATE -> b.kind() == Kind.TIMESTAMP;
                // LocalDateTime <-> Instant/OffsetDateTime: the same points in time, at no lower precision
                // (on MySQL and MariaDB both are datetime(6): nothing changes at all)
                case TIMESTAMP -> b.kind() == Kind.TIMESTAMP_TZ && b.precision() >= a.precision();
                case TIMESTAMP_TZ -> b.kind() == Kind.TIMESTAMP && b.precision() >= a.precision();
                case TIME -> b.kind() == Kind.TIME_TZ && b.precision() >= a.precision();
                case TIME_TZ -> b.kind() == Kind.TIME && b.precision() >= a.precision();
                default -> false;
            };
        }
        return switch (a.kind()) {
            case VARCHAR, CHAR, VARBINARY -> b.length() >= a.length() && a.national() == b.national();
            case TIMESTAMP_TZ_NATIVE -> b.precision() >= a.precision();
            // Hibernate's defaults (precision 0) are the widest interval each database declares: 18 leading
            // and 9 fractional digits on H2, 6 fractional digits (the most it takes) on PostgreSQL
            case INTERVAL_SECOND ->
                b.precision() == 0
                        || b.precision() >= (a.precision() == 0 ? 18 : a.precision())
                                && b.scale() >= (a.precision() == 0 ? 9 : a.scale());
            case DECIMAL -> b.scale() >= a.scale() && b.precision() - b.scale() >= a.precision() - a.scale();
            case TIME, TIMESTAMP, TIMESTAMP_TZ, TIME_TZ -> b.precision() >= a.precision();
            // a LOB without declared capacity is the largest
            case CLOB, BLOB -> b.length() == 0 || a.length() != 0 && b.length() >= a.length();
            case ENUM -> b.values().containsAll(a.values());
            default -> false;
        };
    }

    /** True when the change makes a nullable column NOT NULL: it fails while NULLs are stored. */
    public boolean tightensNullability() {
        return from.nullable() && !to.nullable();
    }

    @Override
    public Operation acceptingDataLoss() {
        return new AlterColumn(table, from, to, true);
    }

    /**
     * On one database: nothing where the column is absent before and after; a drop where it stops
     * existing ({@code @TimeZoneStorage} from {@code COLUMN} to {@code AUTO} on H2), an add where it starts;
     * elsewhere the change of its definition, if any is left.
     */
    @Override
    public Optional<Operation> on(String database) {
        if (from.absentOn().isEmpty() && to.absentOn().isEmpty()) {
            return Optional.of(this);
        }
        boolean had = !from.absentOn(database);
        boolean has = !to.absentOn(database);
        Column before = from.withAbsentOn(List.of());
        Column after = to.withAbsentOn(List.of());
        if (had && has) {
            return before.sameDefinition(after)
                    ? Optional.empty()
                    : Optional.of(new AlterColumn(table, before, after, dataLossAccepted));
        }
        if (had) {
            return Optional.of(new DropColumn(table, from.name(), dataLossAccepted));
        }
        return has ? Optional.of(new AddColumn(table, after)) : Optional.empty();
    }

    @Override
    public String describe() {
        return "alterColumn " + table + "." + Describe.column(from) + " -> " + Describe.column(to);
    }

    @Override
    public <R> R accept(Operation.Visitor<R> visitor) {
        return visitor.alterColumn(this);
    }
}
