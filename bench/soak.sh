#!/usr/bin/env bash
# Soak run: traffic through two ipsec4j gateways (the KAME guide's sites, ESP tunnel, require both ways) for a given
# time while SAs are rekeyed, deleted and re-added, the Bouncy Castle provider is swapped in and out, and malformed
# ESP is injected on the WAN; then a report that reconciles every lost datagram with the gateways' drop counters.
# Not a CI test. docs/SOAK.md explains the run and every figure of the report.
#
#   bench/soak.sh -d SECONDS [-r PPS] [-H GATEWAY_HOME] [-o REPORT_FILE] [-i SECONDS] [-g SECONDS] [-m COUNT] [-k]
#
#   -d   how long traffic flows (at least 60)             -r   datagrams per second in each direction (default 500)
#   -H   the gateway installation (default: distribution/target/ipsec4j-gateway beside this script; it is copied)
#   -o   the Markdown report (default soak-report.md); its data goes to the same name with .json
#   -i   seconds between two churn events (default 10)   -g   seconds an SA stays deleted (default 2)
#   -m   malformed packets of each kind per burst and gateway (default 5)
#   -k   keep the work directory (logs, captures of counters) and print where it is
#
#   X x0 -- l0 GA w0 -- wa [W: bridge, injector] wb -- w0 GB l0 -- y0 Y
#   site A 198.51.100.0/24, WAN 192.0.2.0/24 (GA .1, GB .2), site B 203.0.113.0/24
#
# Needs root, iproute2, ethtool, /usr/bin/python3 and a JDK (javac, jcmd: the gateway's own). Everything runs in
# network namespaces with a random suffix and TEST-NET addresses; they are deleted at exit, also on failure.
set -eu

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
home="$here/../distribution/target/ipsec4j-gateway"
duration=""
rate=500
report=soak-report.md
interval=10
gap=2
malformed=5
keep=0
warmup=20
tail_quiet=10
usage() { sed -n '6,21p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
while getopts "d:r:H:o:i:g:m:kh" opt; do
    case "$opt" in
        d) duration=$OPTARG ;;
        r) rate=$OPTARG ;;
        H) home=$OPTARG ;;
        o) report=$OPTARG ;;
        i) interval=$OPTARG ;;
        g) gap=$OPTARG ;;
        m) malformed=$OPTARG ;;
        k) keep=1 ;;
        *) usage ;;
    esac
done
number() { case "$2" in ''|*[!0-9]*) echo "soak: $1 must be a whole number, not '$2'" >&2; exit 2 ;; esac; }
[ -n "$duration" ] || usage
number -d "$duration"; number -r "$rate"; number -i "$interval"; number -g "$gap"; number -m "$malformed"
[ "$duration" -ge 60 ] || { echo "soak: -d must be at least 60 seconds" >&2; exit 2; }
[ "$rate" -ge 10 ] || { echo "soak: -r must be at least 10" >&2; exit 2; }
[ "$interval" -gt $((gap + 2)) ] || { echo "soak: -i must exceed -g by more than 2 seconds" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "soak: needs root" >&2; exit 2; }
for tool in ip ethtool /usr/bin/python3; do
    command -v "$tool" > /dev/null || { echo "soak: $tool is missing" >&2; exit 2; }
done
[ -x "$home/bin/ipsec4j-gateway" ] || { echo "soak: no gateway installation at $home" >&2; exit 2; }
home=$(cd "$home" && pwd)
case "$report" in /*) ;; *) report="$PWD/$report" ;; esac
py=/usr/bin/python3

suffix=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
X=ipsec4j-sx-$suffix GA=ipsec4j-sga-$suffix GB=ipsec4j-sgb-$suffix Y=ipsec4j-sy-$suffix W=ipsec4j-sw-$suffix
work=$(mktemp -d /tmp/ipsec4j-soak.XXXXXX)
gw_ns() { [ "$1" = ga ] && echo "$GA" || echo "$GB"; }

cleanup() {
    status=$?
    trap - EXIT INT TERM
    for g in ga gb; do
        if [ -d "$work/$g/conf" ]; then
            "$work/home/bin/ipsec4j-gateway" --conf "$work/$g/conf" stop > /dev/null 2>&1 || true
        fi
    done
    for ns in $X $GA $GB $Y $W; do
        if ip netns list | grep -qw "$ns"; then
            for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2> /dev/null || true; done
            ip netns del "$ns"
        fi
    done
    if [ "$keep" = 1 ] || [ "$status" != 0 ]; then
        [ "$keep" = 1 ] && echo "soak: work directory kept: $work" >&2
        if [ "$keep" != 1 ]; then
            echo "soak: failed (status $status); the gateways' logs:" >&2
            for g in ga gb; do tail -n 20 "$work/$g/run/gateway.log" >&2 2> /dev/null || true; done
            rm -rf "$work"
        fi
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
event() { # event NAME DETAIL...: one line of the event log, epoch milliseconds
    local name=$1
    shift
    printf '{"t":%s,"event":"%s","detail":"%s"}\n' "$(now_ms)" "$name" "$*" >> "$work/events.jsonl"
}
die() { echo "soak: $*" >&2; exit 1; }

# ---- a private copy of the installation: Bouncy Castle's provider comes and goes through each gateway's deploy/ --
mkdir -p "$work/home" "$work/spare" "$work/classes"
(cd "$home" && tar --exclude=./run -cf - .) | (cd "$work/home" && tar -xf -)
bc_jar=$(ls "$work/home/bundle/" | grep -E '^ipsec4j-cipher-bc-.*\.jar$' | head -1)
[ -n "$bc_jar" ] || die "no ipsec4j-cipher-bc jar in $home/bundle"
mv "$work/home/bundle/$bc_jar" "$work/spare/"
. "$work/home/lib/ipsec4j-functions.sh"
java=$(ipsec4j_find_java)
jdk=$(dirname "$(readlink -f "$(command -v "$java")")")
for tool in javac jcmd; do [ -x "$jdk/$tool" ] || die "$jdk/$tool is missing (a JDK, not a JRE, is needed)"; done
"$jdk/javac" --release 17 -d "$work/classes" "$here/soak/JmxPoll.java"

# ---- namespaces and links -----------------------------------------------------------------------------------------
hostX=198.51.100.10 hostY=203.0.113.10 lanA=198.51.100.1 lanB=203.0.113.1 wanA=192.0.2.1 wanB=192.0.2.2
siteA=198.51.100.0/24 siteB=203.0.113.0/24
for ns in $X $GA $GB $Y $W; do
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
done
ip -n "$X" link add x0 type veth peer name l0 netns "$GA"
ip -n "$GA" link add w0 type veth peer name wa netns "$W"
ip -n "$GB" link add w0 type veth peer name wb netns "$W"
ip -n "$GB" link add l0 type veth peer name y0 netns "$Y"
ip -n "$W" link add br0 type bridge
for dev in wa wb; do ip -n "$W" link set "$dev" master br0; ip -n "$W" link set "$dev" up; done
ip -n "$W" link set br0 up
# the hosts compute their checksums (the gateways read raw frames through libpcap: no offload finishes them)
ip netns exec "$X" ethtool -K x0 tx off > /dev/null
ip netns exec "$Y" ethtool -K y0 tx off > /dev/null
ip -n "$X" addr add "$hostX/24" dev x0; ip -n "$X" link set x0 up; ip -n "$X" route add default via "$lanA"
ip -n "$Y" addr add "$hostY/24" dev y0; ip -n "$Y" link set y0 up; ip -n "$Y" route add default via "$lanB"
for g in "$GA" "$GB"; do
    for dev in l0 w0; do
        ip -n "$g" link set "$dev" arp off
        ip -n "$g" link set "$dev" up
    done
    ip netns exec "$g" sysctl -qw net.ipv4.ip_forward=0
done

# ---- the SAs: A to B aes-gcm-16, B to A aes-cbc with hmac-sha256, replay windows of 512 packets ---------------------
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
spi_ab=$((0x10000001)) key_ab=$(hex 20)
spi_ba=$((0x20000001)) enc_ba=$(hex 16) auth_ba=$(hex 32)
sa_ab() { printf 'add %s %s esp 0x%08x -m tunnel -r 64 -E aes-gcm-16 0x%s ;\n' "$wanA" "$wanB" "$1" "$2"; }
sa_ba() { printf 'add %s %s esp 0x%08x -m tunnel -r 64 -E aes-cbc 0x%s -A hmac-sha256 0x%s ;\n' \
    "$wanB" "$wanA" "$1" "$2" "$3"; }
del_ab() { printf 'delete %s %s esp 0x%08x ;\n' "$wanA" "$wanB" "$1"; }
del_ba() { printf 'delete %s %s esp 0x%08x ;\n' "$wanB" "$wanA" "$1"; }
jmx_port=9010
for g in ga gb; do
    d="$work/$g/conf"
    mkdir -p "$d" "$work/$g/deploy"
    if [ $g = ga ]; then lan=$lanA wan=$wanA peer=$wanB mine=$siteA theirs=$siteB
    else lan=$lanB wan=$wanB peer=$wanA mine=$siteB theirs=$siteA; fi
    printf 'felix.fileinstall.dir = %s,%s\n' "$work/$g/deploy" "$d" > "$d/config.properties"
    printf 'name = lan0\ninterface = l0\naddresses = %s/24\n' "$lan" > "$d/org.ipsec4j.io.pcap.port-lan0.cfg"
    printf 'name = wan0\ninterface = w0\naddresses = %s/24\n' "$wan" > "$d/org.ipsec4j.io.pcap.port-wan0.cfg"
    printf 'routes = %s %s\n' "$theirs" "$peer" > "$d/org.ipsec4j.engine.routes.cfg"
    printf 'net.inet.ip.forwarding = 1\n' > "$d/org.ipsec4j.sysctl.cfg"
    printf 'mask.keys = true\n' > "$d/org.ipsec4j.setkey.cfg"
    {
        sa_ab "$spi_ab" "$key_ab"
        sa_ba "$spi_ba" "$enc_ba" "$auth_ba"
        echo "spdadd $mine $theirs any -P out ipsec esp/tunnel/$wan-$peer/require ;"
        echo "spdadd $theirs $mine any -P in ipsec esp/tunnel/$peer-$wan/require ;"
    } > "$d/setkey.conf"
    chmod 600 "$d/setkey.conf"
    cp "$work/spare/$bc_jar" "$work/$g/deploy/"
done

setkey() { # setkey GATEWAY ARGS... (statements on standard input for -c)
    local g=$1
    shift
    "$work/home/bin/setkey" -S "$work/$g/run/setkey.sock" "$@"
}
gw_pid() { cat "$work/$1/run/ipsec4j-gateway.pid"; }
bc_state() { # the framework's state of the deployed cipher-bc bundle in gateway $1 (32 active), or none
    local info
    for info in "$work/$1"/run/felix-cache/bundle*/bundle.info; do
        [ -f "$info" ] || continue
        if sed -n 2p "$info" | grep -q "/deploy/ipsec4j-cipher-bc-"; then sed -n 3p "$info"; return; fi
    done
    echo none
}
await() { # await SECONDS DESCRIPTION COMMAND...
    local limit=$1 what=$2 i
    shift 2
    for i in $(seq 1 $((limit * 10))); do
        "$@" && return 0
        sleep 0.1
    done
    die "timed out after $limit s waiting until $what"
}
bc_started() { case "$(bc_state "$1")" in 32|8) return 0 ;; *) return 1 ;; esac; }
bc_gone() { [ "$(bc_state "$1")" = none ]; }
ports_open() { [ "$(grep -c 'opened pcap port' "$work/$1/run/gateway.log" 2> /dev/null)" -ge 2 ]; }

log "starting the gateways (work directory $work)"
for g in ga gb; do
    IPSEC4J_JAVA_OPTS="-Dcom.sun.management.jmxremote.port=$jmx_port -Dcom.sun.management.jmxremote.rmi.port=$jmx_port \
-Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
-Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false \
-Xlog:gc:file=$work/$g/gc.log:uptime,time" \
        ip netns exec "$(gw_ns $g)" "$work/home/bin/ipsec4j-gateway" --conf "$work/$g/conf" --daemon > /dev/null
done
for g in ga gb; do
    await 60 "gateway $g opened its two pcap ports" ports_open $g
    await 60 "gateway $g started the deployed Bouncy Castle provider" bc_started $g
done
ping_ok() { ip netns exec "$X" ping -c 1 -W 1 "$hostY" > /dev/null 2>&1; }
await 30 "a ping from X reaches Y through the gateways" ping_ok

# ---- measuring helpers --------------------------------------------------------------------------------------------
jmx() { # jmx GATEWAY: one snapshot of its MBeans (JSON)
    ip netns exec "$(gw_ns "$1")" "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$work/classes" JmxPoll "$jmx_port"
}
kernel() { # kernel LABEL: the namespaces' SNMP counters and link statistics
    local ns name
    for name in x y w ga gb; do
        case $name in x) ns=$X ;; y) ns=$Y ;; w) ns=$W ;; ga) ns=$GA ;; gb) ns=$GB ;; esac
        ip netns exec "$ns" cat /proc/net/snmp > "$work/kernel-$1-$name.snmp"
        ip -n "$ns" -s -j link show > "$work/kernel-$1-$name.link.json"
        ss -N "$ns" -0 -a -m -n > "$work/kernel-$1-$name.packet" 2> /dev/null || true
    done
}
histogram() { # histogram GATEWAY: live instances by class, after a full GC
    "$jdk/jcmd" "$(gw_pid "$1")" GC.class_histogram 2> /dev/null
}
contexts() { # contexts GATEWAY: "BC JCE", live cipher contexts of either provider
    histogram "$1" | context_counts
}
context_counts() { # "BC JCE": instances of the providers' context classes (org.ipsec4j.cipher.*.XxxContext)
    awk '$4 ~ /^org\.ipsec4j\.cipher\.bc\.[A-Za-z0-9]*Context$/ { bc += $2 }
        $4 ~ /^org\.ipsec4j\.cipher\.jce\.[A-Za-z0-9]*Context$/ { jce += $2 } END { print bc + 0, jce + 0 }'
}
figures() { # figures LABEL: heap after a full GC, metaspace, threads, descriptors, classes, CPU of each gateway
    local g pid heap perf hist ctx
    for g in ga gb; do
        pid=$(gw_pid $g)
        "$jdk/jcmd" "$pid" GC.run > /dev/null
        heap=$("$jdk/jcmd" "$pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") {
            v = $(i + 1); sub(/K,?$/, "", v); print v + 0; exit } }')
        perf=$("$jdk/jcmd" "$pid" PerfCounter.print)
        hist=$(histogram $g)
        printf '%s\n' "$hist" > "$work/$g/histogram-$1.txt"
        ctx=$(printf '%s\n' "$hist" | context_counts)
        "$jdk/jcmd" "$pid" Thread.print > "$work/$g/threads-$1.txt" 2>&1 || true
        printf '{"label":"%s","gw":"%s","t":%s,"heapUsedKiB":%s,"metaspaceUsedKiB":%s,"fds":%s,"threads":%s,"javaThreads":%s,"rssKiB":%s,"loadedClasses":%s,"unloadedClasses":%s,"bundleClassLoaders":%s,"bundles":%s,"bcContexts":%s,"jceContexts":%s,"cpuTicks":%s,"clkTck":%s}\n' \
            "$1" "$g" "$(now_ms)" "$heap" \
            "$(printf '%s\n' "$perf" | awk -F= '/^sun.gc.metaspace.used=/ { print int($2 / 1024) }')" \
            "$(ls "/proc/$pid/fd" | wc -l)" "$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")" \
            "$(printf '%s\n' "$perf" | awk -F= '/^java.threads.live=/ { print $2 }')" \
            "$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")" \
            "$(printf '%s\n' "$perf" | awk -F= '/^java.cls.loadedClasses=/ { print $2 }')" \
            "$(printf '%s\n' "$perf" | awk -F= '/^java.cls.unloadedClasses=/ { print $2 }')" \
            "$(printf '%s\n' "$hist" | awk '$4 == "org.apache.felix.framework.BundleWiringImpl$BundleClassLoader" { n += $2 } END { print n + 0 }')" \
            "$(printf '%s\n' "$hist" | awk '$4 == "org.apache.felix.framework.BundleImpl" { n += $2 } END { print n + 0 }')" \
            "${ctx% *}" "${ctx#* }" "$(awk '{ print $14 + $15 }' "/proc/$pid/stat")" "$(getconf CLK_TCK)" \
            >> "$work/figures.jsonl"
    done
}
inject() { # inject: one burst of malformed packets at each gateway
    local macA macB
    macA=$(ip -n "$GA" -br link show w0 | awk '{ print $3 }')
    macB=$(ip -n "$GB" -br link show w0 | awk '{ print $3 }')
    printf '{"t":%s,"target":"gb","result":%s}\n' "$(now_ms)" "$(ip netns exec "$W" "$py" "$here/soak/inject.py" \
        --capture wa --send wb --gw-mac "$macB" --peer-mac "$macA" --peer "$wanA" --gw "$wanB" \
        --inner-src "$hostX" --inner-dst "$hostY" --port 5001 --count "$malformed")" >> "$work/inject.jsonl"
    printf '{"t":%s,"target":"ga","result":%s}\n' "$(now_ms)" "$(ip netns exec "$W" "$py" "$here/soak/inject.py" \
        --capture wb --send wa --gw-mac "$macA" --peer-mac "$macB" --peer "$wanB" --gw "$wanA" \
        --inner-src "$hostY" --inner-dst "$hostX" --port 5002 --count "$malformed")" >> "$work/inject.jsonl"
}

# ---- churn --------------------------------------------------------------------------------------------------------
rekeys=0 deletes=0 swaps=0 swap_phase=0 delete_turn=0 swap_failures=0
rekey() { # new SPIs and keys both ways, as an administrator does it: receivers first, then senders, then old SAs go
    local new_ab=$((spi_ab + 1)) new_ba=$((spi_ba + 1)) nkey_ab nenc_ba nauth_ba
    nkey_ab=$(hex 20) nenc_ba=$(hex 16) nauth_ba=$(hex 32)
    sa_ab "$new_ab" "$nkey_ab" | setkey gb -c            # GB receives A to B
    sa_ba "$new_ba" "$nenc_ba" "$nauth_ba" | setkey ga -c # GA receives B to A
    sa_ab "$new_ab" "$nkey_ab" | setkey ga -c            # GA sends on the newest SA from now on
    sa_ba "$new_ba" "$nenc_ba" "$nauth_ba" | setkey gb -c
    sleep 1
    del_ab "$spi_ab" | setkey ga -c
    del_ba "$spi_ba" | setkey gb -c
    sleep 0.5
    del_ab "$spi_ab" | setkey gb -c
    del_ba "$spi_ba" | setkey ga -c
    event rekey "$(printf 'ab 0x%08x->0x%08x ba 0x%08x->0x%08x' "$spi_ab" "$new_ab" "$spi_ba" "$new_ba")"
    spi_ab=$new_ab key_ab=$nkey_ab spi_ba=$new_ba enc_ba=$nenc_ba auth_ba=$nauth_ba
    rekeys=$((rekeys + 1))
}
delete_readd() { # an SA deleted and added again with the same SPI and key after the gap; require drops meanwhile
    local dir both sender receiver add del
    case $((delete_turn % 4)) in
        0) dir=ab both=1 ;; 1) dir=ba both=0 ;; 2) dir=ab both=0 ;; 3) dir=ba both=1 ;;
    esac
    delete_turn=$((delete_turn + 1))
    if [ $dir = ab ]; then sender=ga receiver=gb add=$(sa_ab "$spi_ab" "$key_ab") del=$(del_ab "$spi_ab")
    else sender=gb receiver=ga add=$(sa_ba "$spi_ba" "$enc_ba" "$auth_ba") del=$(del_ba "$spi_ba"); fi
    printf '%s\n' "$del" | setkey $sender -c
    event gap_start "$dir $sender both=$both"
    [ $both = 1 ] && { sleep 0.2; printf '%s\n' "$del" | setkey $receiver -c; }
    sleep "$gap"
    [ $both = 1 ] && printf '%s\n' "$add" | setkey $receiver -c
    printf '%s\n' "$add" | setkey $sender -c
    event gap_end "$dir $sender both=$both"
    deletes=$((deletes + 1))
}
swap_step() { # one step of the rotation JCE -> BC (ranking) -> JCE (BC removed) -> BC (BC back) -> JCE (ranking gone)
    local g expect what got i
    case $swap_phase in
        0) what="ranking cfg added: Bouncy Castle preferred" expect=bc
           for g in ga gb; do
               printf 'ranking.aes-gcm-16 = 300\nranking.aes-cbc = 300\nranking.hmac-sha256 = 300\n' \
                   > "$work/$g/deploy/org.ipsec4j.cipher.bc.tmp"
               mv "$work/$g/deploy/org.ipsec4j.cipher.bc.tmp" "$work/$g/deploy/org.ipsec4j.cipher.bc.cfg"
           done ;;
        1) what="cipher-bc jar removed" expect=jce
           for g in ga gb; do rm -f "$work/$g/deploy/$bc_jar"; done
           for g in ga gb; do await 30 "FileInstall uninstalled cipher-bc in $g" bc_gone $g; done ;;
        2) what="cipher-bc jar deployed again" expect=bc
           for g in ga gb; do
               cp "$work/spare/$bc_jar" "$work/$g/deploy/$bc_jar.part"
               mv "$work/$g/deploy/$bc_jar.part" "$work/$g/deploy/$bc_jar"
           done
           for g in ga gb; do await 30 "FileInstall started cipher-bc in $g" bc_started $g; done ;;
        3) what="ranking cfg removed: JCE preferred" expect=jce
           for g in ga gb; do rm -f "$work/$g/deploy/org.ipsec4j.cipher.bc.cfg"; done ;;
    esac
    swap_phase=$(((swap_phase + 1) % 4))
    swaps=$((swaps + 1))
    # which provider the live SAs use: BC or JCE cipher contexts in the heap (FileInstall polls every 2 s)
    # each look forces a full GC in the gateway, so look after FileInstall's poll had its chance, then every 2 s
    local pending="ga gb" still
    declare -A seen
    sleep 3
    for i in $(seq 1 8); do
        [ "$i" = 1 ] || sleep 2
        still=""
        for g in $pending; do
            got=$(contexts $g)
            seen[$g]=$got
            case "$expect $got" in
                "bc "[1-9]*" 0"|"jce 0 "[1-9]*) ;;
                *) still="$still $g" ;;
            esac
        done
        pending=$still
        [ -z "$pending" ] && break
    done
    for g in ga gb; do
        event swap "$g $what; live contexts BC/JCE ${seen[$g]}"
    done
    for g in $pending; do
        swap_failures=$((swap_failures + 1))
        log "provider swap in $g not seen: expected $expect, live contexts BC/JCE ${seen[$g]}"
    done
}

# ---- traffic ------------------------------------------------------------------------------------------------------
kernel start
for g in ga gb; do jmx $g > "$work/$g/jmx-start.json"; done
for g in ga gb; do
    ip netns exec "$(gw_ns $g)" "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -cp "$work/classes" \
        JmxPoll "$jmx_port" 5 "$work/$g/jmx-series.jsonl" > /dev/null 2>&1 &
    disown $! # ends with its gateway (or with the namespace, at cleanup)
done
ip netns exec "$Y" "$py" "$here/soak/traffic.py" recv --port 5001 --out "$work/recv-xy.json" &
recv_xy=$!
ip netns exec "$X" "$py" "$here/soak/traffic.py" recv --port 5002 --out "$work/recv-yx.json" &
recv_yx=$!
sleep 0.5
started=$(date +%s)
event traffic_start "rate $rate per direction"
ip netns exec "$X" "$py" "$here/soak/traffic.py" send --dst "$hostY" --port 5001 --stream 1 --rate "$rate" \
    --out "$work/send-xy.json" &
send_xy=$!
ip netns exec "$Y" "$py" "$here/soak/traffic.py" send --dst "$hostX" --port 5002 --stream 2 --rate "$rate" \
    --out "$work/send-yx.json" &
send_yx=$!
ip netns exec "$X" ping -q -i 0.2 "$hostY" > "$work/ping.txt" 2>&1 &
ping_pid=$!
log "traffic flows: $rate datagrams/s each way and 5 pings/s; warming up for $warmup s"
sleep "$warmup"
figures start
log "start figures taken; churn every $interval s until $((duration - tail_quiet)) s"

turn=0
while :; do
    elapsed=$(($(date +%s) - started))
    [ $((elapsed + interval)) -le $((duration - tail_quiet)) ] || break
    t0=$(date +%s)
    inject
    case $((turn % 3)) in
        0) rekey ;;
        1) delete_readd ;;
        2) swap_step ;;
    esac
    turn=$((turn + 1))
    log "event $turn done ($rekeys rekeys, $deletes delete/re-adds, $swaps swap steps)"
    left=$((interval - ($(date +%s) - t0)))
    [ "$left" -gt 0 ] && sleep "$left"
done
while [ "$swap_phase" != 0 ]; do # the providers as at the start
    swap_step
done
inject
event churn_end "rekeys $rekeys deletes $deletes swaps $swaps"
left=$((duration - ($(date +%s) - started)))
[ "$left" -gt 0 ] && sleep "$left"
figures end
# a process that died early is missing from the report's figures (and the reconciliation shows it), not fatal here
kill -TERM "$send_xy" "$send_yx" 2> /dev/null || log "a sender had ended before the end of the run"
kill -INT "$ping_pid" 2> /dev/null || true
wait "$send_xy" "$send_yx" || true
wait "$ping_pid" || true
event traffic_stop ""
sleep 2
kill -TERM "$recv_xy" "$recv_yx" 2> /dev/null || log "a receiver had ended before the end of the run"
wait "$recv_xy" "$recv_yx" || true
kernel end
for g in ga gb; do
    jmx $g > "$work/$g/jmx-end.json"
    setkey $g -D > "$work/$g/setkey-D.txt" 2>&1 || true
    setkey $g -DP > "$work/$g/setkey-DP.txt" 2>&1 || true
    grep -E ' (SEVERE|ERROR|WARNING) ' "$work/$g/run/gateway.log" > "$work/$g/problems.log" || true
done
# what ran: the installation's bundles (a digest of their jars and the newest one's time) and the repository's commit
bundles_id=$(cd "$work/home" && sha256sum bundle/*.jar "../spare/$bc_jar" | sha256sum | cut -c1-12)
bundles_time=$(cd "$home/bundle" && ls -t -- *.jar | head -1 | xargs -I{} date -u -r {} '+%F %H:%M UTC')
printf '{"duration":%s,"rate":%s,"interval":%s,"gap":%s,"malformed":%s,"rekeys":%s,"deletes":%s,"swaps":%s,"swapFailures":%s,"java":"%s","commit":"%s","bundles":"%s","bundlesBuilt":"%s"}\n' \
    "$duration" "$rate" "$interval" "$gap" "$malformed" "$rekeys" "$deletes" "$swaps" "$swap_failures" \
    "$("$java" -version 2>&1 | head -1 | sed 's/"//g')" "$(git -C "$here" rev-parse --short HEAD 2> /dev/null || echo unknown)" \
    "$bundles_id" "$bundles_time" > "$work/run.json"
"$py" "$here/soak/report.py" "$work" "$report"
log "report: $report (data: ${report%.md}.json)"
