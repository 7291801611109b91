#!/usr/bin/env bash
# Compile time and peak memory of a generated entity model, side by side in one run:
# plain javac, javac with a do-nothing processor, with Retort's processor, and with Hibernate's
# processor (hibernate-processor, the version Retort compares against). Each javac is its own
# process, measured by /usr/bin/time (wall seconds, CPU seconds user+system, peak RSS); rounds are
# interleaved so load drift hits every variant alike; the table shows medians and ratios to plain
# javac. On a shared machine CPU time is the steadier measure: wall time also counts waiting.
#
# Usage: benchmarks/processor/run.sh [entities, default 500] [rounds, default 5]
# Extra Maven arguments (e.g. a local repository) go in MAVEN_ARGS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
entities=${1:-500}
rounds=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn=("$root/mvnw" -B -q ${MAVEN_ARGS:-})

"${mvn[@]}" -f "$root/pom.xml" install -DskipTests -pl metadata-processor -am
for profile in model retort hibernate; do
    "${mvn[@]}" -f "$here/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -P"$profile" -Dmdep.outputFile="$work/$profile.cp"
done
java "$here/GenerateModel.java" "$work/src" "$entities"
find "$work/src" -name '*.java' > "$work/sources"
mkdir -p "$work/noop"
javac -d "$work/noop" "$here/NoopProcessor.java"

variants=(plain noop retort hibernate)
declare -A options=(
    [plain]="-proc:none"
    [noop]="-processorpath $work/noop -processor bench.NoopProcessor"
    [retort]="-processorpath $(cat "$work/retort.cp") -processor dev.retort.processor.RetortProcessor"
    [hibernate]="-processorpath $(cat "$work/hibernate.cp") -processor org.hibernate.processor.HibernateProcessor"
)
declare -A times cpus memories

compile() {   # variant -> "wall-seconds cpu-seconds kilobytes"
    rm -rf "$work/out" && mkdir -p "$work/out"
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" javac -d "$work/out" -cp "$(cat "$work/model.cp")" \
        ${options[$1]} -implicit:none @"$work/sources" > "$work/log" 2>&1 || { cat "$work/log"; exit 1; }
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time"
}

compile plain > /dev/null   # warm the file cache
for ((r = 0; r < rounds; r++)); do
    for ((i = 0; i < ${#variants[@]}; i++)); do
        v=${variants[$(((i + r) % ${#variants[@]}))]}
        read -r seconds cpu kilobytes < <(compile "$v")
        times[$v]+="$seconds "
        cpus[$v]+="$cpu "
        memories[$v]+="$kilobytes "
        if [[ $v == retort ]]; then
            tables=$(grep -c '"primaryKey"' "$work/out/META-INF/retort/schema.json")
            [[ $tables -ge $entities ]] || { echo "Retort's snapshot has $tables tables" >&2; exit 1; }
        fi
        if [[ $v == hibernate ]]; then
            [[ -f "$work/out/bench/model/Entity0_.class" ]] || { echo "no metamodel from hibernate-processor" >&2; exit 1; }
        fi
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
plain_time=$(median <<< "${times[plain]}")
plain_memory=$(median <<< "${memories[plain]}")
plain_cpu=$(median <<< "${cpus[plain]}")
echo "$entities entities, $rounds rounds, $(nproc) cores, $(javac -version 2>&1)"
echo
echo "| javac | wall (median s) | × plain | CPU (median s) | × plain | peak RSS (median MiB) | × plain |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for v in "${variants[@]}"; do
    t=$(median <<< "${times[$v]}")
    c=$(median <<< "${cpus[$v]}")
    m=$(median <<< "${memories[$v]}")
    awk -v v="$v" -v t="$t" -v c="$c" -v m="$m" -v pt="$plain_time" -v pc="$plain_cpu" -v pm="$plain_memory" \
        'BEGIN { printf "| %s | %.2f | %.2f | %.2f | %.2f | %.0f | %.2f |\n", v, t, t / pt, c, c / pc, m / 1024, m / pm }'
done
