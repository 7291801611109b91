#!/bin/sh
# Diff benchmark: how the diff grows with the model (500, 5,000 and 20,000 tables; one change, and a
# change in every table). The benchmark is migration-core's DiffBenchmark test, kept beside the
# differ it calls; this runs it and it prints its table. About a minute on 2 cores.
set -e
cd "$(dirname "$0")/../.."
exec ./mvnw -B -pl migration-api,migration-core test -Dtest=DiffBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
