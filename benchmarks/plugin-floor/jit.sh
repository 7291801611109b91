#!/usr/bin/env bash
# `mvn validate` and the no-op `mvn migrate:upgrade` with HotSpot's default tiered JIT and with C1 only
# (MAVEN_OPTS=-XX:TieredStopAtLevel=1), interleaved round by round; prints CPU (user + system of the whole
# Maven process) and wall medians and the paired no-op − validate CPU. Not part of `verify`.
#
#   MVN_ARGS="-o -Dmaven.repo.local=<repository with Retort installed>" benchmarks/plugin-floor/jit.sh [rounds=5]
#
# Runs on the project run.sh wrote (benchmarks/plugin-floor/target/project; run that first), one copy per
# JIT mode, so each mode keeps its own compile stamp.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$ROOT/benchmarks/plugin-floor/target
ROUNDS=${1:-5}
read -r -a MVN <<< "${MVN_ARGS:-}"
[ -f "$WORK/project/pom.xml" ] || { echo "run benchmarks/plugin-floor/run.sh first" >&2; exit 1; }
OUT=$WORK/jit-times
rm -rf "$OUT" "$WORK/project-default" "$WORK/project-c1" && mkdir -p "$OUT"
MODES=("default|" "c1|-XX:TieredStopAtLevel=1")
for m in "${MODES[@]}"; do
  IFS='|' read -r label opts <<< "$m"
  cp -r "$WORK/project" "$WORK/project-$label"
  rm -f "$WORK/project-$label/target/retort/compile-inputs.sha256"
  MAVEN_OPTS="$opts" "$ROOT/mvnw" -B -q "${MVN[@]}" -f "$WORK/project-$label/pom.xml" migrate:upgrade > "$OUT/log" 2>&1 \
    || { cat "$OUT/log" >&2; exit 1; }
done
for r in $(seq 1 "$ROUNDS"); do
  echo "[jit] round $r of $ROUNDS, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for m in "${MODES[@]}"; do
    IFS='|' read -r label opts <<< "$m"
    for g in validate migrate:upgrade; do
      MAVEN_OPTS="$opts" /usr/bin/time -f "%e %U %S %M" -o "$OUT/t" "$ROOT/mvnw" -B -q "${MVN[@]}" -f "$WORK/project-$label/pom.xml" $g > "$OUT/log" 2>&1 \
        || { cat "$OUT/log" >&2; exit 1; }
      tail -1 "$OUT/t" >> "$OUT/$label-${g//:/_}"
    done
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '| JIT | run | wall median s | CPU median s | peak RSS median MiB |\n| --- | --- | ---: | ---: | ---: |\n'
for m in "${MODES[@]}"; do
  IFS='|' read -r label opts <<< "$m"
  for g in validate migrate_upgrade; do
    f=$OUT/$label-$g
    printf '| %s | %s | %.2f | %.2f | %.0f |\n' "$label" "$g" "$(awk '{print $1}' "$f" | median)" \
      "$(awk '{print $2+$3}' "$f" | median)" "$(awk '{print $4/1024}' "$f" | median)"
  done
  printf '%s: no-op − validate CPU by round:' "$label"
  paste -d' ' "$OUT/$label-validate" "$OUT/$label-migrate_upgrade" | awk '{printf " %.2f", ($6+$7)-($2+$3)}'
  echo
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
