#!/bin/sh
# Tenant fan-out benchmark: N tenants (databases on one MariaDB 10.11) × 10 revisions, side by side in
# one run on fresh databases each: N sequential start-up-API runs in one JVM, a sample of sequential
# `mvn migrate:upgrade` processes (one per tenant, extrapolated to N), the fan-out at parallelism 1 and
# at parallelism P; for each the wall time, the client's and the server's CPU time and the CPU floor.
# The benchmark is migration-core's TenantBenchmark test; this installs Retort (api, core, plugin) into
# a private local repository (benchmarks/tenants/target/m2, ~/.m2 read as a tail; MAVEN_REPO overrides
# the two options) for the Maven processes, runs it, and it prints its tables (also in
# migration-core/target/benchmark-tenants.md and benchmark-tenants-profile.md). Options (as -D...):
# bench.tenants (200), bench.parallel (4), bench.processes (20 Maven processes; 0 leaves them out,
# 200 runs them all), bench.parallel1 (true: also the fan-out at parallelism 1),
# retort.mariadb.dir (server files, e.g. /dev/shm/retort-bench).
set -e
cd "$(dirname "$0")/../.."
REPO=${MAVEN_REPO:-"-Dmaven.repo.local=$(pwd)/benchmarks/tenants/target/m2 -Dmaven.repo.local.tail=$HOME/.m2/repository"}
./mvnw -B -q install -DskipTests -pl .,migration-api,migration-core,migration-maven-plugin $REPO "$@"
exec ./mvnw -B -pl migration-api,migration-core test -Dtest=TenantBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.processes=20 -Dretort.mariadb.durable=true $REPO "$@"
