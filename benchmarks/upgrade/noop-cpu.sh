#!/usr/bin/env bash
# The no-op `mvn migrate:upgrade` against `mvn validate`, by CPU time (user + system) as well as wall
# time, for a loaded machine where wall time is noise. Runs interleaved, round by round, so load drift
# hits every variant alike; prints medians. Each variant is a label and the Maven options of its runs
# (e.g. another local repository holding another build of the plugin), so two builds compare in one run:
#
#   benchmarks/upgrade/noop-cpu.sh <project-dir> <rounds> <label>=<maven options> [<label>=<maven options>…]
#
# The project must have been upgraded once already (everything applied, classes compiled). The
# Maven options of the first variant also run `mvn validate`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PROJECT=$1
ROUNDS=$2
shift 2
declare -a LABELS OPTS
for v in "$@"; do LABELS+=("${v%%=*}"); OPTS+=("${v#*=}"); done
OUT=$(mktemp -d)
run() { # label, goal, options
  local f="$OUT/$1"
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/t" "$ROOT/mvnw" -B -o -q -f "$PROJECT/pom.xml" $3 $2 > "$OUT/log" 2>&1 \
    || { echo "[noop-cpu] $1 failed:" >&2; cat "$OUT/log" >&2; exit 1; }
  tail -1 "$OUT/t" >> "$f"
}
for r in $(seq 1 "$ROUNDS"); do
  echo "[noop-cpu] round $r of $ROUNDS, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  run "mvn validate" validate "${OPTS[0]}"
  for i in "${!LABELS[@]}"; do run "${LABELS[$i]}" migrate:upgrade "${OPTS[$i]}"; done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '| run | wall median s | CPU (user+sys) median s | peak RSS median MiB |\n| --- | ---: | ---: | ---: |\n'
for f in "mvn validate" "${LABELS[@]}"; do
  w=$(awk '{print $1}' "$OUT/$f" | median); c=$(awk '{print $2+$3}' "$OUT/$f" | median); m=$(awk '{print $4/1024}' "$OUT/$f" | median)
  printf '| %s | %.2f | %.2f | %.0f |\n' "$f" "$w" "$c" "$m"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
