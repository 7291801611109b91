#!/bin/sh
# Shadow-copy throughput side by side in one run on one idle 1M-row MariaDB table: Retort's copy unthrottled,
# pt-online-schema-change (migrate.onlineCopy.engine=pt-osc) unthrottled, Retort's throttled defaults, and the tool
# with the equivalent of those defaults. Needs pt-online-schema-change on the PATH (Debian package percona-toolkit)
# for the pt-osc variants. Results: migration-core/target/benchmark-copy-throughput.md
# Options (as -D...): bench.rows (1000000), bench.rounds (1), bench.copyChunk (1000, Retort's unthrottled chunk),
# bench.variants (retort-max,ptosc-max,retort-default,ptosc-default), retort.mariadb.args (server options)
set -e
cd "$(dirname "$0")/../.."
exec ./mvnw -B -pl migration-api,migration-core -Pbench test -Dtest=CopyThroughputBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dretort.test.ptosc=required "$@"
