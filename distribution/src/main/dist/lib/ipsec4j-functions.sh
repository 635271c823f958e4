# Shell functions shared by bin/ipsec4j-gateway and bin/setkey. Sourced, not run.

# Prints the java executable to use: $IPSEC4J_JAVA_HOME if set; else the newest JDK 25 or later under
# /usr/lib/jvm (Temurin 25 first: it is much faster for AES-GCM); else $JAVA_HOME; else java on the PATH.
ipsec4j_find_java() {
    if [ -n "${IPSEC4J_JAVA_HOME:-}" ] && [ -x "$IPSEC4J_JAVA_HOME/bin/java" ]; then
        printf '%s\n' "$IPSEC4J_JAVA_HOME/bin/java"
        return
    fi
    local best="" best_major=0 dir major
    for dir in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*; do
        [ -x "$dir/bin/java" ] && [ -f "$dir/release" ] || continue
        major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")
        [ -n "$major" ] || continue
        if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
            best="$dir/bin/java"
            best_major=$major
        fi
    done
    if [ -n "$best" ]; then
        printf '%s\n' "$best"
    elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        printf '%s\n' "$JAVA_HOME/bin/java"
    else
        printf '%s\n' java
    fi
}

# Prints the feature version (e.g. 25) of the java executable $1, or 0 when unknown.
ipsec4j_java_major() {
    local bin release major
    bin=$(command -v "$1" 2>/dev/null || true)
    [ -n "$bin" ] || { echo 0; return; }
    release="$(dirname "$(dirname "$(readlink -f "$bin")")")/release"
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null || true)
    echo "${major:-0}"
}

# Prints JVM options that keep newer JDKs quiet about what Felix does (one per line).
ipsec4j_jvm_quiet_options() {
    if [ "$(ipsec4j_java_major "$1")" -ge 22 ]; then
        # the pcap and TUN ports reach libpcap and /dev/net/tun through JNA
        echo "--enable-native-access=ALL-UNNAMED"
    fi
    if [ "$(ipsec4j_java_major "$1")" -ge 23 ]; then
        echo "--sun-misc-unsafe-memory-access=allow"
    fi
}
