#!/bin/sh
# Tenant fan-out benchmark: N tenants (databases on one MariaDB 10.11) × 10 revisions, the fan-out at
# parallelism P against N sequential single-tenant runs, in one run on fresh databases each. The
# benchmark is migration-core's TenantBenchmark test; this runs it and it prints its table (also in
# migration-core/target/benchmark-tenants.md). Options (as -D...): bench.tenants (200), bench.parallel (4),
# bench.parallel1 (true: also the fan-out at parallelism 1),
# retort.mariadb.dir (server files, e.g. /dev/shm/retort-bench).
set -e
cd "$(dirname "$0")/../.."
exec ./mvnw -B -pl migration-api,migration-core test -Dtest=TenantBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
