#!/bin/sh
# Online-DDL benchmark: writer latency during schema changes on MariaDB, naive SQL against Retort.
# The benchmark is migration-core's OnlineDdlBenchmark test (profile bench); this runs it.
# Takes about 6 minutes at 1,000,000 rows on 2 cores. Results: migration-core/target/benchmark-online-ddl.md
# Options (as -D...): bench.rows, bench.writers, bench.rate (writes/s per writer), bench.scenarios (a,b,c,d,e; f on request), bench.blockSeconds,
# bench.batchSize, bench.throttle, bench.server (mariadb, mysql or postgres), retort.mariadb.args / retort.mysql.args (server options),
# retort.mariadb.dir (server files), bench.onlineCopy (rebuilds or copies: (a)-(d) once more with Retort's shadow-table copy;
# rebuilds+binlog: that copy fed from MySQL's binary log),
# bench.copyChunk, bench.copyThrottle, bench.afterSeconds (no-DDL window after each change, 5), bench.sampleMillis (row-lock
# sampling, 5). The server-side writer lock wait (performance_schema, INNODB_TRX) is reported for every change; on MariaDB
# the benchmark turns performance_schema on.
set -e
cd "$(dirname "$0")/../.."
exec ./mvnw -B -pl migration-api,migration-core -Pbench test -Dtest=OnlineDdlBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
