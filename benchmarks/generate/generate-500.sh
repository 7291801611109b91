#!/usr/bin/env bash
# Benchmark (not part of the build): mvn migrate:generate on a project of 500 entities with one
# change, side by side with what Maven must do anyway for that change: `mvn compile` of the same
# module (the processor included), run in the same round on the same stale source. Reports per run
# both wall and CPU times (/usr/bin/time: user + system of the whole Maven process), the goal's cost
# over the compile (issue 20's target: at most +0.3 s), and the share of the goal's wall time that
# the diff and the code generation take; the last run's phase line (-Dmigrate.timings) follows.
#
#   benchmarks/generate/generate-500.sh [entities] [runs]
#
# Needs the Retort artifacts installed where Maven finds them (the script passes MVN_ARGS through,
# e.g. MVN_ARGS="-o -Dmaven.repo.local=$PWD/.m2repo -Dmaven.repo.local.tail=$HOME/.m2/repository").
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-500}"
runs="${2:-5}"
work="$(mktemp -d /tmp/retort-bench-generate.XXXXXX)"
mvn=("$root/mvnw" -B ${MVN_ARGS:-} -f "$work/pom.xml")

cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>generate-$n</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency><groupId>dev.retort</groupId><artifactId>migration-api</artifactId><version>0.1.0-SNAPSHOT</version></dependency>
    <dependency><groupId>jakarta.persistence</groupId><artifactId>jakarta.persistence-api</artifactId><version>3.2.0</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
        <configuration>
          <annotationProcessorPaths>
            <path><groupId>dev.retort</groupId><artifactId>metadata-processor</artifactId><version>0.1.0-SNAPSHOT</version></path>
          </annotationProcessorPaths>
        </configuration>
      </plugin>
      <plugin><groupId>dev.retort</groupId><artifactId>migration-maven-plugin</artifactId><version>0.1.0-SNAPSHOT</version></plugin>
    </plugins>
  </build>
</project>
POM

pkg="$work/src/main/java/bench/model"
mkdir -p "$pkg"
for ((i = 0; i < n; i++)); do
  cat > "$pkg/Entity$i.java" <<JAVA
package bench.model;

import jakarta.persistence.*;
import java.math.BigDecimal;

@Entity
@Table(name = "entity_$i")
public class Entity$i {
    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) private Long id;
    @Column(length = 100, nullable = false) private String name;
    private String note;
    private Integer quantity;
    @Column(precision = 10, scale = 2) private BigDecimal amount;
    private boolean active;
}
JAVA
done

echo "Project with $n entities in $work"
"${mvn[@]}" -q migrate:generate -Dmigrate.message="initial schema" -Dmigrate.timestamp=20260101_0000 > "$work/initial.log"
changed="$pkg/Entity$((n / 2)).java"
sed -i 's/^    private String note;$/    private String note;\n    private String extra;/' "$changed"

timed() {   # log, Maven arguments… -> "wall-ms cpu-ms" of the whole Maven process
  local log=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "${mvn[@]}" "$@" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/time"
}

echo "| run | mvn compile wall ms | CPU ms | migrate:generate wall ms | CPU ms | goal − compile: wall ms | CPU ms | replay ms | diff ms | write ms | (diff + write) / wall |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for ((r = 1; r <= runs; r++)); do
  rm -f "$work"/src/main/java/db/migration/V20260102_0000__*.java
  # the same stale source for both: the compile plugin recompiles the module, the processor runs
  touch "$changed"
  read -r cwall ccpu < <(timed "$work/compile$r.log" compile)
  touch "$changed"
  read -r wall cpu < <(timed "$work/run$r.log" migrate:generate -Dmigrate.timings=true \
    -Dmigrate.message="one change" -Dmigrate.timestamp=20260102_0000)
  line=$(grep -o 'Replayed the migrations in [0-9]* ms, compared the model in [0-9]* ms, wrote the source in [0-9]* ms' "$work/run$r.log")
  replay=$(echo "$line" | sed -E 's/.*in ([0-9]+) ms, compared.*/\1/')
  diff=$(echo "$line" | sed -E 's/.*compared the model in ([0-9]+) ms.*/\1/')
  write=$(echo "$line" | sed -E 's/.*wrote the source in ([0-9]+) ms.*/\1/')
  share=$(awk -v d="$diff" -v w="$write" -v t="$wall" 'BEGIN { printf "%.2f%%", 100 * (d + w) / t }')
  echo "| $r | $cwall | $ccpu | $wall | $cpu | $((wall - cwall)) | $((cpu - ccpu)) | $replay | $diff | $write | $share |"
done
grep -c 'op.addColumn' "$work"/src/main/java/db/migration/V20260102_0000__*.java > /dev/null && echo "(the generated migration adds entity_$((n / 2)).extra)"
echo
echo "Last run's phases: $(grep -o 'Timings (wall/CPU ms).*' "$work/run$runs.log")"
