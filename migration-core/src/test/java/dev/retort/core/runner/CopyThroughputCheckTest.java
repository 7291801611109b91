package dev.retort.core.runner;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The throughput benchmark's check of each copy ({@link CopyThroughputBenchmark#invalid}), without a database. */
class CopyThroughputCheckTest {

    private static final String ROWS = "1000000 rows, crc 1/2";

    @Test
    void theImpossibleRowIsInvalid() {
        // the reported row: the tool "throttled", 3 s for 1,000,000 rows in chunks of 100 with 7 ms after each
        assertEquals(
                "the tool copied 1000000 rows in 1 chunk",
                CopyThroughputBenchmark.invalid(
                        ROWS, ROWS, "decimal(14,2)", "decimal(14,2)", true, 1, 1_000_000, 100, true, 0.007, 3.0));
        assertEquals(
                "3.0 s of copy for 10000 chunks with --sleep 0.007 after each",
                CopyThroughputBenchmark.invalid(
                        ROWS, ROWS, "decimal(14,2)", "decimal(14,2)", true, 10_000, 1_000_000, 100, true, 0.007, 3.0));
        assertEquals(
                "no chunk count in the tool's output (--statistics)",
                CopyThroughputBenchmark.invalid(
                        ROWS, ROWS, "decimal(14,2)", "decimal(14,2)", true, null, 1_000_000, 100, true, 0.007, 3.0));
        assertEquals(
                "9999 chunks for 1000000 rows of --chunk-size 100",
                CopyThroughputBenchmark.invalid(
                        ROWS, ROWS, "decimal(14,2)", "decimal(14,2)", true, 9_999, 1_000_000, 100, true, 0.007, 90.0));
    }

    @Test
    void aCopyThatChangedTheRowsOrNotTheDefinitionIsInvalid() {
        assertEquals(
                "amount is decimal(12,2), not decimal(14,2)",
                CopyThroughputBenchmark.invalid(
                        ROWS, ROWS, "decimal(12,2)", "decimal(14,2)", false, null, 1_000_000, 1000, false, 0, 30));
        assertTrue(CopyThroughputBenchmark.invalid(
                        ROWS,
                        "999999 rows, crc 1/2",
                        "decimal(14,2)",
                        "decimal(14,2)",
                        false,
                        null,
                        1_000_000,
                        1000,
                        false,
                        0,
                        30)
                .startsWith("rows differ"));
    }

    @Test
    void aPlausibleCopyIsValid() {
        assertNull(CopyThroughputBenchmark.invalid(
                ROWS, ROWS, "decimal(14,2)", "decimal(14,2)", true, 10_001, 1_000_000, 100, true, 0.007, 120.0));
        assertNull(CopyThroughputBenchmark.invalid(
                ROWS, ROWS, "decimal(14,2)", "decimal(14,2)", true, 57, 1_000_000, 1000, false, 0, 40.0));
        assertNull(CopyThroughputBenchmark.invalid(
                ROWS, ROWS, "decimal(14,2)", "decimal(14,2)", false, null, 1_000_000, 1000, false, 0, 20.0));
    }
}
