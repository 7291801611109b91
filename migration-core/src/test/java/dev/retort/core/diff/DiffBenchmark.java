package dev.retort.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.core.model.Check;
import dev.retort.core.model.Column;
import dev.retort.core.model.ForeignKey;
import dev.retort.core.model.Index;
import dev.retort.core.model.Schema;
import dev.retort.core.model.Table;
import dev.retort.migration.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the diff grows with the model: 500, 5,000 and 20,000 tables, one change and a change in
 * every table. Not part of the build (the class name matches no surefire pattern); run it with
 * <pre>
 * benchmarks/diff/run.sh      (./mvnw -B -pl migration-api,migration-core test -Dtest=DiffBenchmark -Dsurefire.failIfNoSpecifiedTests=false)
 * </pre>
 * and read the table it prints (docs/benchmarks.md).
 */
class DiffBenchmark {

    /** {@code n} tables of ten columns with an index, a unique constraint, a foreign key and a check. */
    static Schema schema(int n, boolean fromEntities, int changed) {
        List<Table> tables = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = "entity_" + i;
            String src = fromEntities ? "Entity" + i : null;
            List<Column> columns = new ArrayList<>();
            columns.add(new Column("id", Types.bigint(), false, true, src == null ? null : src + ".id"));
            columns.add(new Column("parent_id", Types.bigint(), true, false, src == null ? null : src + ".parent"));
            for (int c = 0; c < 8; c++) {
                columns.add(new Column(
                        "field_" + c, Types.varchar(100 + c), c % 2 == 0, false, src == null ? null : src + ".f" + c));
            }
            if (i < changed) {
                columns.add(new Column("added", Types.integer(), true, false, src == null ? null : src + ".added"));
            }
            tables.add(new Table(
                    name,
                    columns,
                    List.of("id"),
                    List.of(
                            new Index("ix_" + name + "_f0", List.of("field_0"), false, null),
                            new Index("uk_" + name + "_f1", List.of("field_1"), true, null)),
                    i == 0
                            ? List.of()
                            : List.of(new ForeignKey(
                                    "fk_" + name + "_parent",
                                    List.of("parent_id"),
                                    "entity_" + (i / 2),
                                    List.of("id"),
                                    null,
                                    null,
                                    null)),
                    List.of(new Check("ck_" + name + "_f2", "length(field_2) > 0", null)),
                    src));
        }
        return new Schema(tables);
    }

    static double medianMillis(Schema previous, Schema model, int expectedChanges, int runs) {
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            Diff diff = SchemaDiffer.compare(previous, model);
            times[r] = (System.nanoTime() - t0) / 1e6;
            assertEquals(expectedChanges, diff.changes().size());
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    @Test
    void diffGrowsWithTheModel() {
        int[] sizes = {500, 5_000, 20_000};
        // warm the JIT on the small model first, so the first measured size is not the one paying for it
        Schema warmPrevious = schema(500, false, 0);
        Schema warmModel = schema(500, true, 1);
        for (int i = 0; i < 30; i++) {
            SchemaDiffer.compare(warmPrevious, warmModel);
        }
        StringBuilder report = new StringBuilder(
                "| tables | one change: median ms | µs per table | every table changed: median ms | µs per table |\n"
                        + "| ---: | ---: | ---: | ---: | ---: |\n");
        double[] one = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            Schema previous = schema(n, false, 0);
            one[s] = medianMillis(previous, schema(n, true, 1), 1, 9);
            double all = medianMillis(previous, schema(n, true, n), n, 5);
            report.append(String.format(
                    "| %,d | %.1f | %.2f | %.1f | %.2f |%n", n, one[s], one[s] * 1000 / n, all, all * 1000 / n));
        }
        double nlogn = (20_000 * Math.log(20_000)) / (500 * Math.log(500));
        report.append(String.format(
                "%nratio 20,000 / 500 tables (one change): %.1f; linear would be 40.0, n log n %.1f%n",
                one[2] / one[0], nlogn));
        System.out.println(report);
    }
}
