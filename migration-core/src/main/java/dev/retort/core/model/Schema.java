package dev.retort.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A whole schema: what the processor captured from the entities, or what replaying migrations
 * builds. Tables, sequences and user-defined types are sorted by name, so two equal schemas serialise to
 * identical bytes.
 */
public record Schema(List<Table> tables, List<Sequence> sequences, List<UserType> types) {

    public static final Schema EMPTY = new Schema(List.of(), List.of());

    public Schema {
        List<Table> sortedTables = new ArrayList<>(tables == null ? List.of() : tables);
        sortedTables.sort(Comparator.comparing(Table::name));
        tables = List.copyOf(sortedTables);
        List<Sequence> sortedSequences = new ArrayList<>(sequences == null ? List.of() : sequences);
        sortedSequences.sort(Comparator.comparing(Sequence::name));
        sequences = List.copyOf(sortedSequences);
        List<UserType> sortedTypes = new ArrayList<>(types == null ? List.of() : types);
        sortedTypes.sort(Comparator.comparing(UserType::name));
        types = List.copyOf(sortedTypes);
    }

    /** A schema of tables and sequences, without user-defined types. */
    public Schema(List<Table> tables, List<Sequence> sequences) {
        this(tables, sequences, List.of());
    }

    /** A schema of tables only. */
    public Schema(List<Table> tables) {
        this(tables, List.of());
    }

    /** Table names compare case-insensitively, as they do on MySQL/MariaDB with default settings and on H2. */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<Sequence> sequence(String name) {
        return sequences.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    /** This schema with the table added or, when one of that name exists, replaced. */
    public Schema with(Table table) {
        List<Table> next = new ArrayList<>(tables);
        next.removeIf(t -> t.name().equalsIgnoreCase(table.name()));
        next.add(table);
        return new Schema(next, sequences, types);
    }

    public Schema without(String tableName) {
        List<Table> next = new ArrayList<>(tables);
        next.removeIf(t -> t.name().equalsIgnoreCase(tableName));
        return new Schema(next, sequences, types);
    }

    /** This schema with the sequence added or replaced. */
    public Schema with(Sequence sequence) {
        List<Sequence> next = new ArrayList<>(sequences);
        next.removeIf(s -> s.name().equalsIgnoreCase(sequence.name()));
        next.add(sequence);
        return new Schema(tables, next, types);
    }

    public Schema withoutSequence(String name) {
        List<Sequence> next = new ArrayList<>(sequences);
        next.removeIf(s -> s.name().equalsIgnoreCase(name));
        return new Schema(tables, next, types);
    }

    /** The user-defined type of that name; names compare as table names do. */
    public Optional<UserType> type(String name) {
        return types.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** This schema with the user-defined type added or replaced. */
    public Schema with(UserType type) {
        List<UserType> next = new ArrayList<>(types);
        next.removeIf(t -> t.name().equalsIgnoreCase(type.name()));
        next.add(type);
        return new Schema(tables, sequences, next);
    }

    public Schema withoutType(String name) {
        List<UserType> next = new ArrayList<>(types);
        next.removeIf(t -> t.name().equalsIgnoreCase(name));
        return new Schema(tables, sequences, next);
    }

    /** This schema with other tables and sequences, keeping its user-defined types. */
    public Schema with(List<Table> newTables, List<Sequence> newSequences) {
        return new Schema(newTables, newSequences, types);
    }

    /** Both schemas together; a table, sequence or type present in both is taken from {@code other}. */
    public Schema merge(Schema other) {
        Schema result = this;
        for (UserType t : other.types) {
            result = result.with(t);
        }
        for (Table t : other.tables) {
            result = result.with(t);
        }
        for (Sequence s : other.sequences) {
            result = result.with(s);
        }
        return result;
    }

    /**
     * The schema as it exists on one database ({@code migrate.dialect} name): without the columns
     * {@link Column#absentOn absent} there, the others plain columns. What drift detection compares a
     * live database with.
     */
    public Schema on(String database) {
        if (tables.stream()
                .allMatch(t -> t.columns().stream().allMatch(c -> c.absentOn().isEmpty()))) {
            return this;
        }
        return new Schema(tables.stream().map(t -> t.on(database)).toList(), sequences, types);
    }
}
