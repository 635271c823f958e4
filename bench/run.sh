#!/bin/sh
# Runs the ipsec4j benchmarks and prints the tables of docs/PERFORMANCE.md.
#
#   bench/run.sh [JAVA_HOME]
#
# JAVA_HOME defaults to $JAVA_HOME, else /usr/lib/jvm/java-17-openjdk-amd64. Builds bench/target/benchmarks.jar if it
# is missing. Phases, each writing JMH JSON and a log to bench/results/ (jdk<N> is the Java feature version):
#   full  jdk<N>-full.json     every suite and size: ESP, raw JCE, copy, replay window; at 1400 bytes also the
#                              provider contexts and the raw JCE through a scratch array; all with -prof gc
#   diag  jdk<N>-diag.json     ESP with the system clock and the ticking one as the SAD's use clock, the SAD's accounting
#   key   jdk<N>-key-<i>.json  the key cases (AES-GCM, AES-CBC + HMAC-SHA1 at 1400 bytes), $ROUNDS rounds, each case's
#                              ESP, provider, raw and copy benchmarks in one run, 10 measured iterations
#   alloc jdk<N>-alloc.json    bytes allocated per operation with escape analysis off (-XX:-DoEscapeAnalysis), so
#                              that every allocation the code makes counts, whatever the JIT could remove
#   gc    jdk<N>-gc.json       bytes allocated per operation (-prof gc, as run) and CPU time of ESP and the raw JCE for
#                              AES-GCM, AES-CBC + HMAC-SHA1 and ChaCha20-Poly1305 at every size: the allocation targets
#   ah    jdk<N>-ah.json       AH with HMAC-SHA-256, alone and around ESP with AES-GCM, and the raw HMAC, -prof gc
# then prints the tables (bench/tables.py). About 85 minutes on 2 cores.
#
# The jar is copied first, so that a rebuild during the run does not change what runs; every log starts with the
# commit the jar was built at (approximately: the commit checked out when the run started) and the jar's checksum.
#
# Environment: PHASES (default "full diag key alloc gc ah"), ROUNDS (default 3).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
java_home=${1:-${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}}
java="$java_home/bin/java"
jar="$here/target/benchmarks.jar"
results="$here/results"
phases=${PHASES:-full diag key alloc gc ah}
rounds=${ROUNDS:-3}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

[ -x "$java" ] || { echo "no java in $java_home" >&2; exit 2; }
if [ ! -f "$jar" ]; then
    (cd "$root" && mvn -q -o install -pl bench)
fi
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
mkdir -p "$results"
base="$results/jdk$feature"
run_jar=$(mktemp "${TMPDIR:-/tmp}/ipsec4j-benchmarks-XXXXXX.jar")
trap 'rm -f "$run_jar"' EXIT
cp "$jar" "$run_jar"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
jar_sum=$(sha256sum "$run_jar" | cut -c1-16)

machine() {
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -sr), nproc $(nproc)," \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
    "$java" -version 2>&1 | sed 's/^/# /'
    echo "# benchmarks.jar sha256 $jar_sum, commit $commit, built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ)"
}

# jmh OUT PART ARGS...: one JMH run, its JSON in OUT.PART.json, its output appended to OUT.log
jmh() {
    out=$1; part=$2; shift 2
    echo "# jmh $*" >> "$out.log"
    "$java" -jar "$run_jar" "$@" -rf json -rff "$out.$part.json" >> "$out.log" 2>&1
}

# merge OUT: the JSON arrays of OUT.*.json into OUT.json
merge() {
    "$python" -c 'import json, sys; json.dump(sum((json.load(open(f)) for f in sys.argv[2:]), []), open(sys.argv[1], "w"), indent=2)' \
        "$1.json" "$1".*.json
    rm -f "$1".*.json
}

for phase in $phases; do
    case $phase in
    full)
        out="$base-full"
        machine > "$out.log"
        jmh "$out" 1 'EspBenchmark|RawCipherBenchmark|CopyBenchmark|ReplayWindowBenchmark' \
            -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
        jmh "$out" 2 'ProviderBenchmark|RawScratchBenchmark' -p payload=1400 \
            -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
        merge "$out"
        machine >> "$out.log"
        ;;
    diag)
        out="$base-diag"
        machine > "$out.log"
        jmh "$out" 1 'EspBenchmark' -p sadClock=system,gateway -p suite=aes-gcm-16,aes-cbc+hmac-sha1,null \
            -p payload=1400 -f 1 -wi 3 -w 2s -i 5 -r 2s
        jmh "$out" 2 'SaAccountingBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s
        merge "$out"
        machine >> "$out.log"
        ;;
    key)
        i=1
        while [ "$i" -le "$rounds" ]; do
            out="$base-key-$i"
            machine > "$out.log"
            for suite in aes-gcm-16 aes-cbc+hmac-sha1; do
                jmh "$out" "$suite-out" \
                    'EspBenchmark.output|ProviderBenchmark.encrypt|RawCipherBenchmark.encrypt|CopyBenchmark.plainPacket' \
                    -p suite="$suite" -p payload=1400 -f 1 -wi 3 -w 1s -i 10 -r 1s
                jmh "$out" "$suite-in" \
                    'EspBenchmark.input|ProviderBenchmark.decrypt|RawCipherBenchmark.decrypt|CopyBenchmark.sealedPacket' \
                    -p suite="$suite" -p payload=1400 -f 1 -wi 3 -w 1s -i 10 -r 1s
            done
            merge "$out"
            machine >> "$out.log"
            i=$((i + 1))
        done
        ;;
    alloc)
        out="$base-alloc"
        machine > "$out.log"
        jmh "$out" 1 'EspBenchmark|ProviderBenchmark|RawCipherBenchmark' \
            -p suite=aes-gcm-16,aes-cbc+hmac-sha1,chacha20-poly1305 -p payload=64,1400 \
            -jvmArgsAppend -XX:-DoEscapeAnalysis -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc
        jmh "$out" 2 'EspBenchmark' -p suite=null -p payload=64,1400 \
            -jvmArgsAppend -XX:-DoEscapeAnalysis -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc
        merge "$out"
        machine >> "$out.log"
        ;;
    gc)
        out="$base-gc"
        machine > "$out.log"
        jmh "$out" 1 'EspBenchmark|RawCipherBenchmark' -p suite=aes-gcm-16,aes-cbc+hmac-sha1,chacha20-poly1305 \
            -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
        merge "$out"
        machine >> "$out.log"
        ;;
    ah)
        out="$base-ah"
        machine > "$out.log"
        jmh "$out" 1 'AhBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
        merge "$out"
        machine >> "$out.log"
        ;;
    *)
        echo "unknown phase $phase" >&2; exit 2
        ;;
    esac
done

if [ -f "$base-full.json" ]; then
    "$python" "$here/tables.py" full "$base-full.json"
    "$python" "$here/tables.py" layers "$base-full.json" "$base-full.log"
fi
if [ -f "$base-diag.json" ]; then
    if [ -f "$base-full.json" ]; then
        "$python" "$here/tables.py" diag "$base-diag.json" "$base-full.json"
    else
        "$python" "$here/tables.py" diag "$base-diag.json"
    fi
fi
if ls "$base"-key-*.json > /dev/null 2>&1; then
    "$python" "$here/tables.py" key "$base"-key-*.json
fi
if [ -f "$base-gc.json" ]; then
    "$python" "$here/tables.py" full "$base-gc.json"
fi
if [ -f "$base-ah.json" ]; then
    "$python" "$here/tables.py" ah "$base-ah.json"
fi
if [ -f "$base-alloc.json" ] && [ -f "$base-full.json" ]; then
    "$python" "$here/tables.py" alloc "$base-full.json" "$base-alloc.json"
fi
exit 0
