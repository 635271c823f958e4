#!/usr/bin/env bash
# TCP throughput from X to Y through two ipsec4j gateways (the KAME guide's sites, tunnel mode) against the same path
# with plain Linux forwarding in the gateway namespaces and no IPsec. A benchmark, not a test: it prints both numbers.
#
#   bench/netns-iperf.sh [-H GATEWAY_HOME] [-t SECONDS] [-P STREAMS] [-6] [-e des-cbc|aes-cbc|aes-gcm-16]
#
#   -H   the gateway installation (default: distribution/target/ipsec4j-gateway beside this script)
#   -t   seconds per iperf3 run (default 10)         -P   parallel TCP streams (default 1)
#   -6   IPv6 instead of IPv4                        -e   the ESP algorithm (default des-cbc, as in the guide;
#                                                         aes-cbc comes with hmac-sha256)
#
#   X x0 -- l0 GA w0 -- w0 GB l0 -- y0 Y      site A 198.51.100.0/24, WAN 192.0.2.0/24, site B 203.0.113.0/24
#                                             (IPv6: 2001:db8:a::/64, 2001:db8::/64, 2001:db8:b::/64)
#
# Needs root, iproute2, iperf3, ethtool. Everything runs in namespaces with a random suffix, deleted at exit.
set -eu

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
home="$here/../distribution/target/ipsec4j-gateway"
seconds=10
streams=1
family=4
alg=des-cbc
while getopts "H:t:P:6e:h" opt; do
    case "$opt" in
        H) home=$OPTARG ;;
        t) seconds=$OPTARG ;;
        P) streams=$OPTARG ;;
        6) family=6 ;;
        e) alg=$OPTARG ;;
        *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
home=$(cd "$home" && pwd)
[ "$(id -u)" = 0 ] || { echo "netns-iperf: needs root" >&2; exit 2; }
for tool in ip iperf3 ethtool; do
    command -v "$tool" > /dev/null || { echo "netns-iperf: $tool is missing" >&2; exit 2; }
done
[ -x "$home/bin/ipsec4j-gateway" ] || { echo "netns-iperf: no gateway installation at $home" >&2; exit 2; }

case "$alg" in
    des-cbc) keys='-E des-cbc "hogehoge"' ;;
    aes-cbc) keys='-E aes-cbc 0x000102030405060708090a0b0c0d0e0f -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' ;;
    aes-gcm-16) keys='-E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213' ;;
    *) echo "netns-iperf: unknown algorithm $alg" >&2; exit 2 ;;
esac

if [ "$family" = 6 ]; then
    siteA=2001:db8:a::/64 siteB=2001:db8:b::/64 len=64
    hostX=2001:db8:a::10 hostY=2001:db8:b::10 lanA=2001:db8:a::1 lanB=2001:db8:b::1 wanA=2001:db8::1 wanB=2001:db8::2
    addr() { ip -n "$1" -6 addr add "$2/$len" dev "$3" nodad; }
    route() { ip -n "$1" -6 route add "$2" via "$3"; }
    forwarding=net.inet6.ip6.forwarding
else
    siteA=198.51.100.0/24 siteB=203.0.113.0/24 len=24
    hostX=198.51.100.10 hostY=203.0.113.10 lanA=198.51.100.1 lanB=203.0.113.1 wanA=192.0.2.1 wanB=192.0.2.2
    addr() { ip -n "$1" addr add "$2/$len" dev "$3"; }
    route() { ip -n "$1" route add "$2" via "$3"; }
    forwarding=net.inet.ip.forwarding
fi

suffix=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
X=ipsec4j-bx-$suffix GA=ipsec4j-bga-$suffix GB=ipsec4j-bgb-$suffix Y=ipsec4j-by-$suffix
work=$(mktemp -d /tmp/ipsec4j-netns-iperf.XXXXXX)

cleanup() {
    for g in ga gb; do
        [ -d "$work/$g/conf" ] && ip netns exec "$( [ $g = ga ] && echo "$GA" || echo "$GB")" \
            "$home/bin/ipsec4j-gateway" --conf "$work/$g/conf" stop > /dev/null 2>&1 || true
    done
    for ns in $X $GA $GB $Y; do
        if ip netns list | grep -qw "$ns"; then
            for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2> /dev/null || true; done
            ip netns del "$ns"
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT

for ns in $X $GA $GB $Y; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
done
ip -n "$X" link add x0 type veth peer name l0 netns "$GA"
ip -n "$GA" link add w0 type veth peer name w0 netns "$GB"
ip -n "$GB" link add l0 type veth peer name y0 netns "$Y"
# The hosts compute their checksums (the gateways read raw frames through libpcap: no checksum offload to finish).
ip netns exec "$X" ethtool -K x0 tx off > /dev/null
ip netns exec "$Y" ethtool -K y0 tx off > /dev/null
addr "$X" "$hostX" x0; ip -n "$X" link set x0 up; route "$X" default "$lanA"
addr "$Y" "$hostY" y0; ip -n "$Y" link set y0 up; route "$Y" default "$lanB"

# iperf3 from X to Y; prints the receiver's Mbit/s.
measure() {
    ip netns exec "$Y" iperf3 -s -1 -D -p 5201 > /dev/null
    sleep 0.5
    ip netns exec "$X" iperf3 -c "$hostY" -p 5201 -t "$seconds" -P "$streams" -f m \
        | awk '/receiver/ { v = $(NF-2) } END { print v }'
}

# 1. Plain Linux forwarding in GA and GB, no IPsec.
for g in "$GA" "$GB"; do
    ip netns exec "$g" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
    ip -n "$g" link set l0 up
    ip -n "$g" link set w0 up
done
addr "$GA" "$lanA" l0; addr "$GA" "$wanA" w0; route "$GA" "$siteB" "$wanB"
addr "$GB" "$lanB" l0; addr "$GB" "$wanB" w0; route "$GB" "$siteA" "$wanA"
echo "plain Linux forwarding (no IPsec), IPv$family, $seconds s, $streams stream(s): measuring..." >&2
plain=$(measure)

# 2. The same path through ipsec4j gateways: the kernel leaves the interfaces to the gateways.
for g in "$GA" "$GB"; do
    for dev in l0 w0; do
        ip -n "$g" addr flush dev "$dev"
        ip netns exec "$g" sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1"
        ip -n "$g" link set "$dev" arp off
    done
    ip netns exec "$g" sysctl -qw net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0
done
for g in ga gb; do
    d="$work/$g/conf"
    mkdir -p "$d"
    if [ $g = ga ]; then ns=$GA lan=$lanA wan=$wanA peer=$wanB mine=$siteA theirs=$siteB
    else ns=$GB lan=$lanB wan=$wanB peer=$wanA mine=$siteB theirs=$siteA; fi
    cat > "$d/config.properties" << 'EOF'
felix.fileinstall.dir = ${ipsec4j.home}/deploy,${ipsec4j.conf}
felix.fileinstall.filter = .*\\.(cfg|config|jar)
EOF
    printf 'name = lan0\ninterface = l0\naddresses = %s/%s\n' "$lan" "$len" > "$d/org.ipsec4j.io.pcap.port-lan0.cfg"
    printf 'name = wan0\ninterface = w0\naddresses = %s/%s\n' "$wan" "$len" > "$d/org.ipsec4j.io.pcap.port-wan0.cfg"
    printf 'routes = %s %s\n' "$theirs" "$peer" > "$d/org.ipsec4j.engine.routes.cfg"
    printf '%s = 1\n' "$forwarding" > "$d/org.ipsec4j.sysctl.cfg"
    cat > "$d/setkey.conf" << EOF
add $wanA $wanB esp 9998 $keys ;
add $wanB $wanA esp 9999 $keys ;
spdadd $mine $theirs any -P out ipsec esp/tunnel/$wan-$peer/require ;
spdadd $theirs $mine any -P in ipsec esp/tunnel/$peer-$wan/require ;
EOF
    ip netns exec "$ns" "$home/bin/ipsec4j-gateway" --conf "$d" --daemon > /dev/null
done
for g in ga gb; do
    for _ in $(seq 1 300); do
        [ "$(grep -c 'opened pcap port' "$work/$g/run/gateway.log" 2> /dev/null)" -ge 2 ] && break
        sleep 0.1
    done
done
ip netns exec "$X" ping -c 3 -i 0.2 -W 2 "$hostY" > /dev/null \
    || { echo "netns-iperf: no path through the gateways" >&2; tail -20 "$work/ga/run/gateway.log" >&2; exit 1; }
echo "ipsec4j gateways (ESP tunnel, $alg), IPv$family, $seconds s, $streams stream(s): measuring..." >&2
ipsec=$(measure)

echo "TCP X -> Y, IPv$family, ${seconds} s, $streams stream(s), $(nproc) CPU(s):"
printf '  plain Linux forwarding, no IPsec:   %8s Mbit/s\n' "$plain"
printf '  ipsec4j gateways, ESP %-12s  %8s Mbit/s\n' "$alg:" "$ipsec"
