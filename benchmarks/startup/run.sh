#!/usr/bin/env bash
# Start-up migration on an up-to-date database, side by side in one run: a minimal Spring Boot
# application with retort-spring-boot-starter, and the same application with Spring Boot's Flyway
# auto-configuration, each against its own H2 file database holding the same history (N migrations,
# each creating a table and adding a column), already applied. Each round starts each application
# once, in its own JVM, interleaved; the applications time migrate() inside a migration strategy
# bean (wall, the CPU of the thread that runs it, and the CPU of the whole process meanwhile: Retort
# loads its migration classes on a second thread while it connects) and SpringApplication.run as a whole; the
# script adds the process's wall, CPU and peak RSS (/usr/bin/time). Medians and Retort/Flyway
# ratios. Not part of `verify`.
#
# Usage: benchmarks/startup/run.sh [migrations, default 200] [rounds, default 5]
# Extra Maven arguments (e.g. a local repository, -o) go in MAVEN_ARGS; SKIP_INSTALL=1 skips building
# and installing the starter (it is then taken as installed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
migrations=${1:-200}
rounds=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn=("$root/mvnw" -B -q ${MAVEN_ARGS:-})

# SKIP_INSTALL=1 measures the starter already installed in the local repository
[[ -n ${SKIP_INSTALL:-} ]] || "${mvn[@]}" -f "$root/pom.xml" install -DskipTests -pl retort-spring-boot-starter -am
for app in retort flyway; do
    "${mvn[@]}" -f "$here/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
        -P"$app" -Dmdep.outputFile="$work/$app.cp"
done
java "$here/GenerateMigrations.java" "$work/retort-src" "$work/flyway-classes" "$migrations"
mkdir -p "$work/retort-classes"
javac -proc:none -d "$work/retort-classes" -cp "$(cat "$work/retort.cp")" \
    $(find "$work/retort-src" -name '*.java') "$here/src/bench/retort/RetortApp.java"
javac -proc:none -d "$work/flyway-classes" -cp "$(cat "$work/flyway.cp")" "$here/src/bench/flyway/FlywayApp.java"

declare -A main=([retort]=bench.retort.RetortApp [flyway]=bench.flyway.FlywayApp)
common=(--spring.main.banner-mode=off --logging.level.root=WARN --spring.datasource.username=sa)
start() {   # app -> the app's RESULT line followed by "wall cpu rss-kB" of the process
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" java -cp "$work/$1-classes:$(cat "$work/$1.cp")" "${main[$1]}" \
        "${common[@]}" --spring.datasource.url="jdbc:h2:file:$work/$1-db/bench" > "$work/log" 2>&1 \
        || { cat "$work/log" >&2; exit 1; }
    grep -h '^RESULT' "$work/log"
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time"
}
for app in retort flyway; do   # the first start applies the history; every timed start finds nothing to do
    out=$(start "$app")
    first=$(head -1 <<< "$out")
    [[ $first == *"applied=$migrations "* ]] || { echo "$app did not apply $migrations migrations: $first" >&2; exit 1; }
done

declare -A ctx mig cpu mpcpu wall pcpu rss
for ((r = 0; r < rounds; r++)); do
    apps=(retort flyway)
    ((r % 2)) && apps=(flyway retort)
    for app in "${apps[@]}"; do
        out=$(start "$app")
        line=$(head -1 <<< "$out")
        [[ $line == *"applied=0 "* ]] || { echo "$app was not up to date: $line" >&2; exit 1; }
        ctx[$app]+="$(sed -E 's/.*context_ms=([0-9.]+).*/\1/' <<< "$line") "
        mig[$app]+="$(sed -E 's/.*migrate_ms=([0-9.]+).*/\1/' <<< "$line") "
        cpu[$app]+="$(sed -E 's/.*migrate_cpu_ms=([0-9.]+).*/\1/' <<< "$line") "
        mpcpu[$app]+="$(sed -E 's/.*migrate_process_cpu_ms=([0-9.]+).*/\1/' <<< "$line") "
        read -r w c m < <(tail -1 <<< "$out")
        wall[$app]+="$w "
        pcpu[$app]+="$c "
        rss[$app]+="$m "
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "$migrations migrations, all applied; $rounds rounds; $(nproc) cores; $(java -version 2>&1 | head -1)"
echo
echo "| application | migrate() ms | migrate() thread CPU ms | process CPU during migrate() ms | context start ms | process wall s | process CPU s | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
declare -A med
for app in retort flyway; do
    for k in mig cpu mpcpu ctx wall pcpu rss; do
        declare -n series=$k
        med[$app.$k]=$(median <<< "${series[$app]}")
    done
    awk -v a="$app" -v m="${med[$app.mig]}" -v c="${med[$app.cpu]}" -v mp="${med[$app.mpcpu]}" -v x="${med[$app.ctx]}" \
        -v w="${med[$app.wall]}" -v p="${med[$app.pcpu]}" -v r="${med[$app.rss]}" \
        'BEGIN { printf "| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.0f |\n", a, m, c, mp, x, w, p, r / 1024 }'
done
awk -v rm="${med[retort.mig]}" -v fm="${med[flyway.mig]}" -v rc="${med[retort.cpu]}" -v fc="${med[flyway.cpu]}" \
    -v rmp="${med[retort.mpcpu]}" -v fmp="${med[flyway.mpcpu]}" \
    -v rx="${med[retort.ctx]}" -v fx="${med[flyway.ctx]}" -v rp="${med[retort.pcpu]}" -v fp="${med[flyway.pcpu]}" \
    -v rr="${med[retort.rss]}" -v fr="${med[flyway.rss]}" \
    'BEGIN { printf "| Retort / Flyway | %.2f× | %.2f× | %.2f× | %.2f× | | %.2f× | %.2f× |\n", rm / fm, rc / fc, rmp / fmp, rx / fx, rp / fp, rr / fr }'
