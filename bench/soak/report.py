#!/usr/bin/python3
"""The soak run's report: reads what bench/soak.sh collected in its work directory and writes a Markdown report (to
standard output and REPORT) and its data (REPORT with .json instead of .md).

    report.py WORK_DIR REPORT

docs/SOAK.md explains every figure. Standard library only.
"""
import bisect
import glob
import json
import os
import re
import sys

# What each kind of injected packet must be counted as, and where: ("ipsec", reason) is an inbound drop reason of
# org.ipsec4j:type=Statistics,protocol=ipsec; ("ip", attribute) a counter of protocol=ip.
EXPECTED = {
    "nosa": ("ipsec", "nosa"),
    "badauth": ("ipsec", "badauth"),
    "truncated": ("ipsec", "truncated"),
    "replay": ("ipsec", "replay"),
    "downgrade": ("ipsec", "policy"),
    "badhdr": ("ip", "PacketsWithBadHeadersOrLengths"),
}
# Counters of the ip section that mean a packet went nowhere.
IP_DROPS = [
    "PacketsWithBadHeadersOrLengths", "FragmentsDroppedOverlapBadLengthTooMany", "FragmentsDroppedReassemblyLimits",
    "FragmentsDroppedAfterTimeout", "PacketsForThisHostOfAnUnhandledProtocol", "PacketsNotForwardableForwardingOff",
    "OutputPacketsDiscardedDueToNoRoute", "OutputPacketsDroppedByThePort", "DatagramsThatCantBeFragmented",
    "PacketsDroppedOnInternalErrors",
]
# Which gateway sends and which receives each direction: X to Y leaves GA and enters GB.
DIRECTIONS = {
    "xy": {"name": "X → Y", "sa": "A→B aes-gcm-16", "sender": "ga", "receiver": "gb", "send": "send-xy.json",
           "recv": "recv-xy.json", "stream": "1", "from": "x", "to": "y", "gap": "ab"},
    "yx": {"name": "Y → X", "sa": "B→A aes-cbc + hmac-sha256", "sender": "gb", "receiver": "ga",
           "send": "send-yx.json", "recv": "recv-yx.json", "stream": "2", "from": "y", "to": "x", "gap": "ba"},
}


def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


def lines(path):
    out = []
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        pass
    except OSError:
        pass
    return out


def snmp(path):
    """/proc/net/snmp as {"Udp": {"InDatagrams": n, ...}, ...}."""
    table = {}
    try:
        with open(path) as f:
            rows = [l.split() for l in f if l.strip()]
    except OSError:
        return table
    for i in range(0, len(rows) - 1, 2):
        head, vals = rows[i], rows[i + 1]
        proto = head[0].rstrip(":")
        table[proto] = {k: int(v) for k, v in zip(head[1:], vals[1:])}
    return table


def snmp_delta(work, ns, proto, key):
    end = snmp(os.path.join(work, "kernel-end-%s.snmp" % ns)).get(proto, {}).get(key, 0)
    start = snmp(os.path.join(work, "kernel-start-%s.snmp" % ns)).get(proto, {}).get(key, 0)
    return end - start


def link_drops(work):
    """Drops of every interface of every namespace between the start and the end, as {ns/dev: n}."""
    out = {}
    for end_path in sorted(glob.glob(os.path.join(work, "kernel-end-*.link.json"))):
        ns = end_path.split("kernel-end-")[1].split(".")[0]
        end = load(end_path, []) or []
        start = {l["ifname"]: l for l in (load(end_path.replace("kernel-end-", "kernel-start-"), []) or [])}
        for l in end:
            s = start.get(l["ifname"], {})
            n = 0
            for d in ("rx", "tx"):
                for k in ("dropped", "errors"):
                    n += l.get("stats64", {}).get(d, {}).get(k, 0) - s.get("stats64", {}).get(d, {}).get(k, 0)
            if n:
                out["%s/%s" % (ns, l["ifname"])] = n
    return out


def packet_socket_drops(work, ns):
    """Receive drops of the packet sockets (libpcap) of a namespace at the end, from ss -0 -m (skmem d)."""
    total = 0
    try:
        with open(os.path.join(work, "kernel-end-%s.packet" % ns)) as f:
            for m in re.finditer(r"skmem:\([^)]*\bd(\d+)", f.read()):
                total += int(m.group(1))
    except OSError:
        pass
    return total


def drops(snapshot, direction):
    prefix = "InboundDrops" if direction == "in" else "OutboundDrops"
    ipsec = snapshot.get("stat", {}).get("ipsec", {})
    return {k[len(prefix):].lower(): v for k, v in ipsec.items() if k.startswith(prefix)}


def delta(a, b):
    return {k: b.get(k, 0) - a.get(k, 0) for k in set(a) | set(b)}


def nonzero(d):
    return {k: v for k, v in sorted(d.items()) if v}


def time_of(index, rate, seq):
    """The send time (ns) of a sequence number, from the sender's once-a-second index."""
    if not index:
        return None
    seqs = [i[0] for i in index]
    k = bisect.bisect_right(seqs, seq) - 1
    if k < 0:
        k = 0
    base_seq, base_t = index[k]
    return base_t + int((seq - base_seq) * 1e9 / rate)


def percentile(buckets, counts, p):
    total = sum(counts)
    if not total:
        return None
    need = total * p
    run = 0
    for i, c in enumerate(counts):
        run += c
        if run >= need:
            return buckets[i] if i < len(buckets) else float("inf")
    return float("inf")


def fmt_ms(v):
    if v is None:
        return "-"
    if v == float("inf"):
        return "> %s" % "5000"
    return "≤ %g" % v


def main():
    work, report_path = sys.argv[1], sys.argv[2]
    run = load(os.path.join(work, "run.json"), {})
    events = lines(os.path.join(work, "events.jsonl"))
    bursts = lines(os.path.join(work, "inject.jsonl"))
    figures = lines(os.path.join(work, "figures.jsonl"))
    jmx = {g: (load(os.path.join(work, g, "jmx-start.json"), {}), load(os.path.join(work, g, "jmx-end.json"), {}))
           for g in ("ga", "gb")}
    series = {g: lines(os.path.join(work, g, "jmx-series.jsonl")) for g in ("ga", "gb")}

    gw = {}
    for g, (a, b) in jmx.items():
        ind = delta(drops(a, "in"), drops(b, "in"))
        outd = delta(drops(a, "out"), drops(b, "out"))
        ip = delta(a.get("stat", {}).get("ip", {}), b.get("stat", {}).get("ip", {}))
        ipsec = delta(a.get("stat", {}).get("ipsec", {}), b.get("stat", {}).get("ipsec", {}))
        ports = {}
        for name, p in b.get("ports", {}).items():
            ports[name] = p.get("Dropped", 0) - a.get("ports", {}).get(name, {}).get("Dropped", 0)
        gw[g] = {"in": nonzero(ind), "out": nonzero(outd), "ip": nonzero({k: ip.get(k, 0) for k in IP_DROPS}),
                 "ipsec": nonzero(ipsec), "portDrops": nonzero(ports),
                 "sasAtEnd": len(b.get("sas", [])), "packetSocketDrops": packet_socket_drops(work, g)}

    # injected packets by gateway and kind
    injected = {"ga": {}, "gb": {}}
    skipped = {"ga": 0, "gb": 0}
    for b in bursts:
        r = b.get("result") or {}
        for k, n in r.get("sent", {}).items():
            injected[b["target"]][k] = injected[b["target"]].get(k, 0) + n
        skipped[b["target"]] += len(r.get("skipped", {}))
    malformed = []
    for g in ("ga", "gb"):
        for kind, (section, key) in EXPECTED.items():
            sent = injected[g].get(kind, 0)
            counted = gw[g]["in"].get(key, 0) if section == "ipsec" else gw[g]["ip"].get(key, 0)
            malformed.append({"gw": g, "kind": kind, "sent": sent, "counter": "%s %s" % (
                "inbound drops:" if section == "ipsec" else "ip", key), "counted": counted})

    # gaps in which an SA was deleted, per direction
    gaps = {"ab": [], "ba": []}
    open_gap = {}
    for e in events:
        if e["event"] in ("gap_start", "gap_end"):
            d = e["detail"].split()[0]
            if e["event"] == "gap_start":
                open_gap[d] = e["t"]
            elif d in open_gap:
                gaps[d].append((open_gap.pop(d), e["t"]))

    # traffic per direction
    traffic = {}
    for key, d in DIRECTIONS.items():
        s = load(os.path.join(work, d["send"]), {}) or {}
        r = load(os.path.join(work, d["recv"]), {}) or {}
        st = r.get("streams", {}).get(d["stream"], {})
        sent = s.get("sent", 0)
        seqs = s.get("seqs", 0)
        unique = st.get("unique", 0)
        missing = [list(x) for x in st.get("missing", [])]
        max_seq = st.get("max_seq", -1)
        if seqs - 1 > max_seq:
            missing.append([max_seq + 1, seqs - 1])
        failed = set(s.get("failed", []))
        lost_in_gap = lost_elsewhere = 0
        elsewhere = []
        for lo, hi in missing:
            for seq in range(lo, hi + 1):
                if seq in failed:
                    continue
                t = time_of(s.get("index", []), s.get("rate", 1), seq)
                tm = t / 1e6 if t is not None else None
                if tm is not None and any(a - 500 <= tm <= b + 500 for a, b in gaps[d["gap"]]):
                    lost_in_gap += 1
                else:
                    lost_elsewhere += 1
                    if len(elsewhere) < 20:
                        elsewhere.append({"seq": seq, "t": round(tm) if tm else None})
        echo_sent = snmp_delta(work, d["from"], "Icmp", "OutEchos") if key == "xy" else \
            snmp_delta(work, d["from"], "Icmp", "OutEchoReps")
        echo_recv = snmp_delta(work, d["to"], "Icmp", "InEchos") if key == "xy" else \
            snmp_delta(work, d["to"], "Icmp", "InEchoReps")
        udp_out = snmp_delta(work, d["from"], "Udp", "OutDatagrams")
        kernel_rx = snmp_delta(work, d["to"], "Udp", "InErrors") + snmp_delta(work, d["to"], "Udp", "NoPorts")
        buckets = r.get("latency_buckets_ms", [])
        lat = st.get("latency", [])
        traffic[key] = {
            "sent": sent, "sendFailed": seqs - sent, "sendErrors": s.get("errors", {}), "kinds": s.get("kinds", {}),
            "kernelUdpOut": udp_out, "delivered": unique, "lost": sent - unique,
            "duplicates": st.get("duplicates", 0), "reordered": st.get("reordered", 0),
            "corrupted": r.get("corrupted", 0), "foreign": r.get("foreign", 0),
            "foreignSamples": r.get("foreign_samples", []),
            "lostInGaps": lost_in_gap, "lostElsewhere": lost_elsewhere, "lostElsewhereSamples": elsewhere,
            "echoSent": echo_sent, "echoReceived": echo_recv, "echoLost": echo_sent - echo_recv,
            "kernelRxDrops": kernel_rx, "maxSendLagMs": s.get("max_lag_ms"),
            "latencyP50": percentile(buckets, lat, 0.5), "latencyP99": percentile(buckets, lat, 0.99),
            "latencyMaxMs": st.get("latency_max_ms"),
        }

    # reconciliation: what the receivers lost against what the gateways and kernels say they dropped
    inject_ipsec = {g: sum(n for k, n in injected[g].items() if EXPECTED[k][0] == "ipsec") for g in injected}
    inject_ip = {g: sum(n for k, n in injected[g].items() if EXPECTED[k][0] == "ip") for g in injected}
    recon = {}
    for key, d in DIRECTIONS.items():
        t = traffic[key]
        snd, rcv = d["sender"], d["receiver"]
        out_drops = sum(gw[snd]["out"].values())
        in_drops = sum(gw[rcv]["in"].values()) - inject_ipsec[rcv]
        lost = t["lost"] + t["echoLost"]
        attributed = out_drops + in_drops + t["kernelRxDrops"]
        recon[key] = {"lost": lost, "senderOutboundDrops": out_drops, "receiverInboundDrops": in_drops,
                      "kernelRxDrops": t["kernelRxDrops"], "attributed": attributed,
                      "difference": lost - attributed}
    unattributed = {
        "gatewayIpDrops": {g: sum(gw[g]["ip"].values()) - inject_ip[g] for g in gw},
        "portDrops": {g: sum(gw[g]["portDrops"].values()) for g in gw},
        "packetSocketDrops": {g: gw[g]["packetSocketDrops"] for g in gw},
        "links": link_drops(work),
    }
    unattributed_total = sum(unattributed["gatewayIpDrops"].values()) + sum(unattributed["portDrops"].values()) \
        + sum(unattributed["packetSocketDrops"].values()) + sum(unattributed["links"].values())
    malformed_ok = all(m["sent"] == m["counted"] for m in malformed)
    clean_receivers = all(traffic[k]["duplicates"] == 0 and traffic[k]["corrupted"] == 0 and
                          traffic[k]["foreign"] == 0 for k in traffic)
    balanced = all(r["difference"] == 0 for r in recon.values())
    if balanced and unattributed_total == 0 and malformed_ok and clean_receivers:
        verdict = "every lost packet is accounted for by a drop counter; nothing else was lost"
    elif balanced and malformed_ok and clean_receivers:
        verdict = "every lost packet is accounted for, but %d drops elsewhere (below) have no direction" \
            % unattributed_total
    else:
        parts = []
        if not balanced:
            parts.append("lost and counted differ (%s)" % ", ".join(
                "%s: %+d" % (DIRECTIONS[k]["name"], r["difference"]) for k, r in recon.items()))
        if not malformed_ok:
            parts.append("injected packets and their counters differ")
        if not clean_receivers:
            parts.append("receivers saw duplicates, corrupted or foreign datagrams")
        verdict = "NOT accounted for: " + "; ".join(parts)

    # resources
    res = {}
    for g in ("ga", "gb"):
        f = {x["label"]: x for x in figures if x["gw"] == g}
        s, e = f.get("start", {}), f.get("end", {})
        cpu = None
        if s and e and e["t"] > s["t"]:
            cpu = 100.0 * (e["cpuTicks"] - s["cpuTicks"]) / e["clkTck"] / ((e["t"] - s["t"]) / 1000.0)
        ser = [x.get("jvm", {}) for x in series[g] if "jvm" in x]
        res[g] = {"start": s, "end": e, "cpuPercent": round(cpu, 1) if cpu is not None else None,
                  "threadsMax": max((x.get("threads") or 0 for x in ser), default=None),
                  "fdsMax": max((x.get("openFds") or 0 for x in ser), default=None),
                  "heapMaxKiB": max(((x.get("heapUsed") or 0) // 1024 for x in ser), default=None),
                  "samples": len(ser)}

    for g in ("ga", "gb"):
        res[g]["heapGrowth"] = heap_growth(os.path.join(work, g, "histogram-start.txt"),
                                           os.path.join(work, g, "histogram-end.txt"))
        res[g]["gc"] = gc_summary(os.path.join(work, g, "gc.log"))
        res[g]["threadGrowth"] = thread_growth(os.path.join(work, g, "threads-start.txt"),
                                               os.path.join(work, g, "threads-end.txt"))
    swaps_seen = [e for e in events if e["event"] == "swap"]
    gap_ms = sum(b - a for d in gaps.values() for a, b in d)
    fragments = {}
    for g, (a, b) in jmx.items():
        ip_a, ip_b = a.get("stat", {}).get("ip", {}), b.get("stat", {}).get("ip", {})
        fragments[g] = {"fragmented": ip_b.get("OutputDatagramsFragmented", 0) - ip_a.get("OutputDatagramsFragmented", 0),
                        "reassembled": ip_b.get("PacketsReassembledOk", 0) - ip_a.get("PacketsReassembledOk", 0)}
    data = {"run": run, "traffic": traffic, "fragments": fragments, "gateways": gw, "injected": injected, "injectSkipped": skipped,
            "malformed": malformed, "reconciliation": recon, "unattributed": unattributed, "verdict": verdict,
            "resources": res, "gapSeconds": round(gap_ms / 1000.0, 1), "events": len(events),
            "swapEvents": [e["detail"] for e in swaps_seen]}
    problems = {}
    for g in ("ga", "gb"):
        try:
            with open(os.path.join(work, g, "problems.log")) as f:
                problems[g] = [l.rstrip("\n") for l in f]
        except OSError:
            problems[g] = []
    data["logProblems"] = problems

    md = render(data)
    sys.stdout.write(md)
    with open(report_path, "w") as f:
        f.write(md)
    json_path = re.sub(r"\.md$", "", report_path) + ".json"
    with open(json_path, "w") as f:
        json.dump(data, f, indent=1, default=str)


def render(d):
    run, t, gw, recon, res = d["run"], d["traffic"], d["gateways"], d["reconciliation"], d["resources"]
    o = []
    w = o.append
    w("### Soak run: %d s, %d datagrams/s each way\n" % (run.get("duration", 0), run.get("rate", 0)))
    w("%s; bundles %s built %s (repository at %s); churn every %s s: %d rekeys (both SAs, new SPIs and keys), "
      "%d SA delete/re-adds (%s s without an SA in all), %d provider swap steps (%d not confirmed), %d malformed "
      "packets injected.\n"
      % (run.get("java", "?"), run.get("bundles", "?"), run.get("bundlesBuilt", "?"), run.get("commit", "?"),
         run.get("interval", "?"), run.get("rekeys", 0),
         run.get("deletes", 0), d["gapSeconds"], run.get("swaps", 0), run.get("swapFailures", 0),
         sum(sum(v.values()) for v in d["injected"].values())))
    w("| traffic | sent | delivered | lost | lost in SA gaps | duplicated | corrupted | reordered | "
      "latency p50 / p99 / max |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for key, x in t.items():
        w("| UDP %s (%s) | %d | %d | %d | %d | %d | %d | %d | %s / %s / %.1f ms |" % (
            DIRECTIONS[key]["name"], DIRECTIONS[key]["sa"], x["sent"], x["delivered"], x["lost"], x["lostInGaps"],
            x["duplicates"], x["corrupted"], x["reordered"], fmt_ms(x["latencyP50"]), fmt_ms(x["latencyP99"]),
            x["latencyMaxMs"] or 0))
    w("| ICMP echo requests X → Y | %d | %d | %d | | | | | |" % (t["xy"]["echoSent"], t["xy"]["echoReceived"],
                                                                   t["xy"]["echoLost"]))
    w("| ICMP echo replies Y → X | %d | %d | %d | | | | | |" % (t["yx"]["echoSent"], t["yx"]["echoReceived"],
                                                                  t["yx"]["echoLost"]))
    w("")
    f = d["fragments"]
    w("Datagram sizes each way: %s. ESP packets fragmented by the sending gateway / reassembled by the receiving one: "
      "X → Y %d / %d, Y → X %d / %d." % (
          ", ".join("%s %d" % kv for kv in t["xy"]["kinds"].items()), f["ga"]["fragmented"], f["gb"]["reassembled"],
          f["gb"]["fragmented"], f["ga"]["reassembled"]))
    w("")
    reasons = sorted(set(k for g in gw.values() for s in ("in", "out") for k in g[s]))
    w("| gateway drops by reason | GA in | GA out | GB in | GB out | of which injected (GA, GB) |")
    w("|---|---:|---:|---:|---:|---:|")
    inj_by_reason = {"ga": {}, "gb": {}}
    for m in d["malformed"]:
        if m["counter"].startswith("inbound"):
            r = m["counter"].split()[-1]
            inj_by_reason[m["gw"]][r] = inj_by_reason[m["gw"]].get(r, 0) + m["sent"]
    for r in reasons:
        w("| %s | %d | %d | %d | %d | %d, %d |" % (r, gw["ga"]["in"].get(r, 0), gw["ga"]["out"].get(r, 0),
                                                gw["gb"]["in"].get(r, 0), gw["gb"]["out"].get(r, 0),
                                                inj_by_reason["ga"].get(r, 0), inj_by_reason["gb"].get(r, 0)))
    for k in sorted(set(gw["ga"]["ip"]) | set(gw["gb"]["ip"])):
        w("| ip: %s | %d | | %d | | |" % (k, gw["ga"]["ip"].get(k, 0), gw["gb"]["ip"].get(k, 0)))
    w("")
    w("| malformed kind | injected at GA | counted by GA | injected at GB | counted by GB | counter |")
    w("|---|---:|---:|---:|---:|---|")
    by = {(m["gw"], m["kind"]): m for m in d["malformed"]}
    for kind in EXPECTED:
        a, b = by[("ga", kind)], by[("gb", kind)]
        w("| %s | %d | %d | %d | %d | %s |" % (kind, a["sent"], a["counted"], b["sent"], b["counted"], a["counter"]))
    w("")
    w("| reconciliation | lost (UDP + ICMP) | sender's outbound drops | receiver's inbound drops less injected "
      "| receiving host's UDP errors | difference |")
    w("|---|---:|---:|---:|---:|---:|")
    for key, r in recon.items():
        w("| %s | %d | %d | %d | %d | %d |" % (DIRECTIONS[key]["name"], r["lost"], r["senderOutboundDrops"],
                                               r["receiverInboundDrops"], r["kernelRxDrops"], r["difference"]))
    u = d["unattributed"]
    w("")
    w("Drops without a direction: gateway ip layer %s, ports %s, libpcap sockets %s, links %s." % (
        fmt_pair(u["gatewayIpDrops"]), fmt_pair(u["portDrops"]), fmt_pair(u["packetSocketDrops"]),
        ", ".join("%s %d" % kv for kv in u["links"].items()) or "0"))
    w("")
    w("**Verdict: %s.**" % d["verdict"])
    w("")
    w("| gateway (after full GC) | heap used | metaspace | Java threads | native threads | file descriptors "
      "| loaded classes | bundles alive / class loaders | RSS | CPU |")
    w("|---|---|---|---|---|---|---|---|---|---:|")
    for g in ("ga", "gb"):
        s, e = res[g]["start"], res[g]["end"]
        if not s or not e:
            w("| %s | (no figures) | | | | | | | | |" % g.upper())
            continue
        w("| %s start → end | %s → %s | %s → %s | %d → %d (max %s) | %d → %d | %d → %d (max %s) | %d → %d "
          "| %d → %d / %d → %d | %s → %s | %s %% |" % (
              g.upper(), mib(s["heapUsedKiB"]), mib(e["heapUsedKiB"]), mib(s["metaspaceUsedKiB"]),
              mib(e["metaspaceUsedKiB"]), s["javaThreads"], e["javaThreads"], res[g]["threadsMax"], s["threads"],
              e["threads"], s["fds"], e["fds"],
              res[g]["fdsMax"], s["loadedClasses"], e["loadedClasses"], s.get("bundles", 0), e.get("bundles", 0),
              s["bundleClassLoaders"],
              e["bundleClassLoaders"], mib(s["rssKiB"]), mib(e["rssKiB"]), res[g]["cpuPercent"]))
    w("")
    for g in ("ga", "gb"):
        grew = [r for r in res[g].get("heapGrowth", []) if r[2] >= 16384][:5]
        if grew:
            w("%s: live heap that grew most between start and end: %s." % (g.upper(), ", ".join(
                "%s %+d objects %+.0f KiB" % (r[0], r[1], r[2] / 1024.0) for r in grew)))
    w("")
    for g in ("ga", "gb"):
        c = res[g].get("gc", {})
        grown = ", ".join("%s %d → %d" % (n, a, b) for n, (a, b) in res[g].get("threadGrowth", {}).items())
        w("%s: %d GC pauses (longest %.1f ms), %d full GCs forced by the measurements (longest %.1f ms), %d other "
          "full GCs, allocation about %s KiB/s; Java threads that came or went: %s." % (
              g.upper(), c.get("pauses", 0), c.get("pauseMaxMs", 0), c.get("forcedFull", 0),
              c.get("forcedFullMaxMs", 0), c.get("otherFull", 0), c.get("allocationKiBPerSecond"), grown or "none"))
    w("")
    problems = d["logProblems"]
    w("Gateway log warnings and errors: GA %d, GB %d. SAs at the end: GA %d, GB %d." % (
        len(problems["ga"]), len(problems["gb"]), gw["ga"]["sasAtEnd"], gw["gb"]["sasAtEnd"]))
    w("")
    return "\n".join(o)


GC_LINE = re.compile(r"\[([\d.]+)s\] GC\(\d+\) Pause (\w+)(?: \([^)]*\))*?(?: \(([^)]*)\))? "
                     r"(\d+)M->(\d+)M\(\d+M\) ([\d.]+)ms")


def gc_summary(path):
    """Pauses of the gateway's GC log (-Xlog:gc): the full GCs forced by the soak's own measurements (jcmd GC.run,
    GC.class_histogram) apart from the others, and the allocation rate between collections (MiB resolution)."""
    forced, other, full_other = [], [], []
    allocated = 0
    first = last = None
    previous_after = None
    try:
        with open(path) as f:
            for line in f:
                m = GC_LINE.search(line)
                if not m:
                    continue
                uptime, kind, cause = float(m.group(1)), m.group(2), m.group(3) or ""
                before, after, ms = int(m.group(4)), int(m.group(5)), float(m.group(6))
                if kind == "Full" and ("Diagnostic Command" in line or "Heap Inspection" in line):
                    forced.append(ms)
                elif kind == "Full":
                    full_other.append(ms)
                else:
                    other.append(ms)
                if previous_after is not None:
                    allocated += max(0, before - previous_after)
                    last = uptime
                else:
                    first = uptime
                previous_after = after
    except OSError:
        pass
    rate = allocated * 1024.0 / (last - first) if first is not None and last and last > first else None
    return {"pauses": len(other), "pauseMaxMs": max(other, default=0), "forcedFull": len(forced),
            "forcedFullMaxMs": max(forced, default=0), "otherFull": len(full_other),
            "allocationKiBPerSecond": round(rate) if rate is not None else None}


def histogram(path):
    """A jcmd GC.class_histogram as {class: (instances, bytes)}."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) >= 4 and p[0].endswith(":") and p[1].isdigit():
                    out[p[3]] = (int(p[1]), int(p[2]))
    except OSError:
        pass
    return out


def heap_growth(start_path, end_path, top=12):
    """The classes whose live bytes grew most between the two histograms: [class, instances, bytes] deltas."""
    a, b = histogram(start_path), histogram(end_path)
    rows = []
    for c in set(a) | set(b):
        (ia, ba), (ib, bb) = a.get(c, (0, 0)), b.get(c, (0, 0))
        if bb != ba:
            rows.append([c, ib - ia, bb - ba])
    rows.sort(key=lambda r: -r[2])
    return rows[:top]


def thread_names(path):
    """Java threads of a jcmd Thread.print by name, numbers replaced by N, as {name: count}."""
    names = {}
    try:
        with open(path) as f:
            for line in f:
                m = re.match(r'^"(.*?)" #', line)
                if m:
                    n = re.sub(r"\b\d+\b", "N", m.group(1))
                    names[n] = names.get(n, 0) + 1
    except OSError:
        pass
    return names


def thread_growth(start_path, end_path):
    a, b = thread_names(start_path), thread_names(end_path)
    return {n: [a.get(n, 0), b.get(n, 0)] for n in sorted(set(a) | set(b)) if a.get(n, 0) != b.get(n, 0)}


def mib(kib):
    return "%.1f MiB" % (kib / 1024.0)


def fmt_pair(d):
    return "GA %d, GB %d" % (d.get("ga", 0), d.get("gb", 0))


if __name__ == "__main__":
    main()
