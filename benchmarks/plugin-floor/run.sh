#!/usr/bin/env bash
# The floor Maven allows a plugin goal, beside Retort's no-op `migrate:upgrade`, by CPU time (user + system
# of the whole Maven process) and wall time, interleaved round by round on one project; prints medians and
# each goal's cost over `mvn validate`. Not part of `verify`.
#
#   MVN_ARGS="-o -Dmaven.repo.local=<repository with Retort installed>" benchmarks/plugin-floor/run.sh [rounds=5] [migrations=200]
#
# Goals compared, all on the upgrade benchmark's project shape (N migrations, each create table + add column,
# embedded H2, everything applied and compiled before the timed rounds):
#   mvn validate                 Maven's start-up and the project model, no plugin goal
#   noop:noop                    a plugin goal that does nothing, plugin without dependencies
#   noopdeps:noop                the same empty goal, plugin depending on Retort's plugin (its whole dependency set)
#   migrate:upgrade              Retort's no-op upgrade (classes up to date, all applied)
# Nothing else may build in the project's directory meanwhile (a concurrent goal there invalidates the
# up-to-date stamp, and the no-op then compiles). Retort's artifacts must be installed in the repository MVN_ARGS names; the two do-nothing plugins are built
# and installed into it by this script.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/benchmarks/plugin-floor
ROUNDS=${1:-5}
MIGRATIONS=${2:-200}
read -r -a MVN <<< "${MVN_ARGS:-}"
WORK=$HERE/target
rm -rf "$WORK" && mkdir -p "$WORK"

echo "[floor] building the do-nothing plugins" >&2
"$ROOT/mvnw" -B -q "${MVN[@]}" -f "$HERE/noop-plugin/pom.xml" install
cp -r "$HERE/noop-plugin" "$WORK/noopdeps-plugin" && rm -rf "$WORK/noopdeps-plugin/target"
sed -i 's#<artifactId>noop-maven-plugin</artifactId>#<artifactId>noopdeps-maven-plugin</artifactId>#' "$WORK/noopdeps-plugin/pom.xml"
"$ROOT/mvnw" -B -q "${MVN[@]}" -f "$WORK/noopdeps-plugin/pom.xml" install -Dbench.deps=retort -Dbench.prefix=noopdeps

PROJECT=$WORK/project
PKG=$PROJECT/src/main/java/db/migration
mkdir -p "$PKG"
cat > "$PROJECT/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>plugin-floor-project</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>dev.retort</groupId><artifactId>migration-api</artifactId><version>0.1.0-SNAPSHOT</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>dev.retort</groupId><artifactId>migration-maven-plugin</artifactId><version>0.1.0-SNAPSHOT</version></plugin>
      <plugin><groupId>bench</groupId><artifactId>noop-maven-plugin</artifactId><version>1</version></plugin>
      <plugin><groupId>bench</groupId><artifactId>noopdeps-maven-plugin</artifactId><version>1</version></plugin>
    </plugins>
  </build>
</project>
POM
for ((i = 1; i <= MIGRATIONS; i++)); do
  id=$(printf 'm%04d' "$i"); table=$(printf 't%04d' "$i")
  parents=""; [ "$i" -gt 1 ] && parents=", parents = \"$(printf 'm%04d' $((i - 1)))\""
  cat > "$PKG/V$id.java" <<JAVA
package db.migration;

import static dev.retort.migration.Column.column;
import static dev.retort.migration.Types.*;

import dev.retort.migration.Migration;
import dev.retort.migration.Operations;
import dev.retort.migration.Revision;

@Revision(id = "$id"$parents, message = "create $table")
public final class V$id implements Migration {
    @Override
    public void upgrade(Operations op) {
        op.createTable("$table", column("id", bigint()).primaryKey().autoIncrement(), column("name", varchar(100)).notNull());
        op.addColumn("$table", column("note", varchar(200)).nullable());
    }

    @Override
    public void downgrade(Operations op) {
        op.dropTable("$table").acceptDataLoss();
    }
}
JAVA
done

mvn_q() { "$ROOT/mvnw" -B -q "${MVN[@]}" -f "$PROJECT/pom.xml" "$@"; }
echo "[floor] applying $MIGRATIONS migrations once (not timed), one warm-up round" >&2
mvn_q migrate:upgrade > "$WORK/first.log" 2>&1 || { cat "$WORK/first.log" >&2; exit 1; }

LABELS=("mvn validate" "noop:noop (no dependencies)" "noopdeps:noop (Retort's dependency set)" "migrate:upgrade (no-op)")
GOALS=("validate" "noop:noop" "noopdeps:noop" "migrate:upgrade")
OUT=$WORK/times
mkdir -p "$OUT"
run() { # index, record?
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/t" "$ROOT/mvnw" -B -q "${MVN[@]}" -f "$PROJECT/pom.xml" "${GOALS[$1]}" > "$OUT/log" 2>&1 \
    || { echo "[floor] ${GOALS[$1]} failed:" >&2; cat "$OUT/log" >&2; exit 1; }
  [ "$2" = yes ] && tail -1 "$OUT/t" >> "$OUT/$1"
  return 0
}
for i in "${!GOALS[@]}"; do run "$i" no; done
for r in $(seq 1 "$ROUNDS"); do
  echo "[floor] round $r of $ROUNDS, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for i in "${!GOALS[@]}"; do run "$i" yes; done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '| goal | wall median s | CPU (user+sys) median s | CPU − validate s | peak RSS median MiB |\n| --- | ---: | ---: | ---: | ---: |\n'
base=$(awk '{print $2+$3}' "$OUT/0" | median)
for i in "${!GOALS[@]}"; do
  w=$(awk '{print $1}' "$OUT/$i" | median); c=$(awk '{print $2+$3}' "$OUT/$i" | median); m=$(awk '{print $4/1024}' "$OUT/$i" | median)
  printf '| `%s` | %.2f | %.2f | %+.2f | %.0f |\n' "${LABELS[$i]}" "$w" "$c" "$(echo "$c - $base" | bc -l)" "$m"
done
echo "Paired by round, CPU − validate of the same round (s):"
for i in 1 2 3; do
  printf '  %s:' "${LABELS[$i]}"
  paste -d' ' "$OUT/0" "$OUT/$i" | awk '{printf " %.2f", ($6+$7)-($2+$3)}'; echo
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
