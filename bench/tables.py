#!/usr/bin/env python3
"""Markdown tables from the JMH JSON results that bench/run.sh writes.

  tables.py full FULL.json              ESP against the raw JCE per suite and size, allocation, copy, replay window
  tables.py layers FULL.json            raw JCE, raw through a scratch array, provider contexts and ESP at 1400 bytes
  tables.py diag DIAG.json [FULL.json]  the SAD's per-packet clock read: ESP with the system and the ticking clock
  tables.py key ROUND.json [...]        the key cases, ESP and raw back to back per round: ratios per round, median
  tables.py alloc FULL.json ALLOC.json  bytes per operation with escape analysis on (FULL) and off (ALLOC)
  tables.py ah AH.json                  AH (HMAC-SHA-256) alone and around ESP (AES-GCM) against the raw HMAC

CPU ns/op is the median over the measured iterations of the benchmark JVM's CPU time per operation (CpuTime.java:
all its threads, GC included); "per CPU-s" rates are 1e9 / that. On a shared machine it is the stable measure:
wall-clock throughput also counts the time slices other processes get. Wall ops/s is JMH's score, ± its 99.9%
interval. Ratios are ESP throughput over raw throughput (raw time over ESP time); "copy out" first takes the time of
the copy each operation starts with (CopyBenchmark, same run) off both sides.
"""
import json
import re
import statistics
import sys

SUITES = ["aes-gcm-16", "aes-cbc+hmac-sha1", "aes-cbc+hmac-sha256", "chacha20-poly1305",
          "3des-cbc+hmac-sha1", "null+hmac-sha256"]
SIZES = [64, 512, 1400]
# ESP method, its counterpart in the crypto benchmarks, the copy it starts with
PAIRS = [("output", "encrypt", "plainPacket"), ("input", "decrypt", "sealedPacket")]
TARGETS = {("aes-gcm-16", 1400): 0.90, ("aes-cbc+hmac-sha1", 1400): 0.85}


def load(*paths):
    out = []
    for p in paths:
        with open(p) as f:
            out.extend(json.load(f))
    return out


def index(results):
    """(Class.method, suite, payload, sadClock or clock) -> result entry."""
    out = {}
    for r in results:
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        p = r.get("params", {})
        variant = p.get("sadClock", p.get("clock", p.get("window")))
        if variant == "coarse":  # results from before the SAD's ticking clock: the bench's stand-in for it
            variant = "gateway"
        key = (cls + "." + method, p.get("suite"), int(p["payload"]) if "payload" in p else None, variant)
        out[key] = r
    return out


def find(res, name, suite=None, size=None, variant=None):
    r = res.get((name, suite, size, variant))
    if r is None and variant is None:  # the gateway's SAD clock; results from before it had the system clock
        r = res.get((name, suite, size, "gateway")) or res.get((name, suite, size, "system"))
    return r


def wall(r):
    m = r["primaryMetric"]
    err = m["scoreError"]
    try:
        err = float(err)
    except (TypeError, ValueError):
        err = 0.0
    if err != err:  # NaN: a single iteration
        err = 0.0
    return m["score"], err


def cpu(r, metric="cpuNsPerOp"):
    """(median, min, max) CPU ns per operation over the measured iterations."""
    raw = [x for fork in r["secondaryMetrics"][metric]["rawData"] for x in fork if x == x]
    return statistics.median(raw), min(raw), max(raw)


def alloc(r):
    m = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return None if m is None else m["score"]


def ratio_ns(esp_ns, raw_ns, copy_ns=0.0):
    """ESP throughput over raw throughput, from times per operation (copy_ns taken off both)."""
    return (raw_ns - copy_ns) / (esp_ns - copy_ns)


def pct(v, e):
    return f"{100 * e / v:.0f}%" if v else "-"


def header(results):
    r = results[0]
    print(f"JDK {r['jdkVersion']} ({r['vmName']} {r['vmVersion']}), JMH {r['jmhVersion']}, {r['forks']} fork, "
          f"{r['warmupIterations']} x {r['warmupTime']} warm-up, {r['measurementIterations']} x "
          f"{r['measurementTime']} measured\n")


def full(path):
    results = load(path)
    res = index(results)
    header(results)
    for esp_m, raw_m, copy_m in PAIRS:
        print(f"#### ESP {esp_m} against raw JCE {raw_m}\n")
        print("| suite | payload | ESP CPU ns/op (min-max) | ESP Mpkt/s per CPU-s | ESP Gbit/s per CPU-s "
              "| raw CPU ns/op (min-max) | raw Gbit/s per CPU-s | ratio | ratio copy out | target "
              "| ESP wall ops/s (±) | raw wall ops/s (±) | wall ratio | ESP B/op | raw B/op |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for suite in SUITES:
            for size in SIZES:
                e = find(res, "EspBenchmark." + esp_m, suite, size)
                r = find(res, "RawCipherBenchmark." + raw_m, suite, size)
                c = find(res, "CopyBenchmark." + copy_m, None, size)
                if e is None or r is None:
                    continue
                en, emin, emax = cpu(e)
                rn, rmin, rmax = cpu(r)
                cn = cpu(c)[0] if c else 0.0
                ew, ewe = wall(e)
                rw, rwe = wall(r)
                target = TARGETS.get((suite, size))
                print(f"| {suite} | {size} | {en:,.0f} ({emin:,.0f}-{emax:,.0f}) | {1e3 / en:.3f} "
                      f"| {size * 8 / en:.2f} | {rn:,.0f} ({rmin:,.0f}-{rmax:,.0f}) | {size * 8 / rn:.2f} "
                      f"| {ratio_ns(en, rn):.2f} | {ratio_ns(en, rn, cn):.2f} | {f'{target:.2f}' if target else ''} "
                      f"| {ew:,.0f} ({pct(ew, ewe)}) | {rw:,.0f} ({pct(rw, rwe)}) | {ew / rw:.2f} "
                      f"| {alloc(e):.0f} | {alloc(r):.0f} |")
        print()
    print("#### ESP's own work: the null cipher without integrity (`-E null`, no `-A`)\n")
    print("| ESP | payload | CPU ns/op (min-max) | the copy alone, CPU ns/op | Mpkt/s per CPU-s | B/op |")
    print("|---|---:|---:|---:|---:|---:|")
    for esp_m, _, copy_m in PAIRS:
        for size in SIZES:
            e = find(res, "EspBenchmark." + esp_m, "null", size)
            c = find(res, "CopyBenchmark." + copy_m, None, size)
            if e is None:
                continue
            en, emin, emax = cpu(e)
            print(f"| {esp_m} | {size} | {en:,.0f} ({emin:,.0f}-{emax:,.0f}) | {cpu(c)[0]:,.0f} | {1e3 / en:.2f} "
                  f"| {alloc(e):.0f} |")
    print()
    print("#### The copy each operation starts with, and the replay window\n")
    print("| benchmark | payload or window | CPU ns/op (min-max) | wall ops/s (±) | B/op |")
    print("|---|---:|---:|---:|---:|")
    for (name, suite, size, variant), r in sorted(res.items(), key=lambda kv: (kv[0][0], kv[0][2] or 0,
                                                                              str(kv[0][3]))):
        if name.startswith("CopyBenchmark") or name.startswith("ReplayWindowBenchmark"):
            n, lo, hi = cpu(r)
            w, we = wall(r)
            label = size if size is not None else f"-r {variant}"
            print(f"| {name} | {label} | {n:,.1f} ({lo:,.1f}-{hi:,.1f}) | {w:,.0f} ({pct(w, we)}) | {alloc(r):.0f} |")
    print()


def layers(*paths):
    results = load(*paths)
    res = index(results)
    print("#### Where the time goes at 1400 bytes: raw JCE, raw JCE through a scratch array, the provider contexts, ESP\n")
    print("| suite | direction | served by | raw | raw via scratch | provider | ESP | provider / raw | ESP / provider "
          "| ESP / raw | B/op raw, scratch, provider, ESP |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for suite in SUITES:
        for esp_m, raw_m, _ in PAIRS:
            rows = [find(res, n, suite, 1400) for n in
                    ("RawCipherBenchmark." + raw_m, "RawScratchBenchmark." + raw_m, "ProviderBenchmark." + raw_m,
                     "EspBenchmark." + esp_m)]
            if any(x is None for x in rows):
                continue
            ns = [cpu(x)[0] for x in rows]
            served = PROVIDERS.get(suite, "")
            print(f"| {suite} | {esp_m} | {served} | {ns[0]:,.0f} | {ns[1]:,.0f} | {ns[2]:,.0f} | {ns[3]:,.0f} "
                  f"| {ns[0] / ns[2]:.2f} | {ns[2] / ns[3]:.2f} | {ns[0] / ns[3]:.2f} "
                  f"| {', '.join(f'{alloc(x):.0f}' if alloc(x) is not None else '-' for x in rows)} |")
    print()
    print("CPU ns per operation (median of the iterations); the ratios are throughput ratios (time of the first over "
          "time of the second inverted: > 1 means the second is slower).\n")


PROVIDERS = {}


def diag(path, full_path=None):
    results = load(*([full_path] if full_path else []), path)  # the diagnostic run's own numbers win
    res = index(results)
    header(load(path))
    print("#### The SAD's clock read per packet\n")
    print("| benchmark | suite | payload | SAD clock system, CPU ns/op | ticking (one volatile read), CPU ns/op "
          "| saved ns | ESP / raw with system | with ticking |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for esp_m, raw_m, _ in PAIRS:
        for suite in SUITES + ["null"]:
            s = find(res, "EspBenchmark." + esp_m, suite, 1400, "system")
            c = find(res, "EspBenchmark." + esp_m, suite, 1400, "gateway")
            if s is None or c is None:
                continue
            r = find(res, "RawCipherBenchmark." + raw_m, suite, 1400)
            sn, cn = cpu(s)[0], cpu(c)[0]
            rr = (f"| {ratio_ns(sn, cpu(r)[0]):.2f} | {ratio_ns(cn, cpu(r)[0]):.2f} |" if r is not None
                  else "| | |")
            print(f"| EspBenchmark.{esp_m} | {suite} | 1400 | {sn:,.0f} | {cn:,.0f} | {sn - cn:,.0f} {rr}")
    for name in ("SaAccountingBenchmark.recordOutput", "SaAccountingBenchmark.clockMillis",
                 "SaAccountingBenchmark.nextSequence"):
        s = find(res, name, None, None, "system")
        c = find(res, name, None, None, "gateway")
        if s is None or c is None:
            continue
        sn, cn = cpu(s)[0], cpu(c)[0]
        print(f"| {name} | | | {sn:,.1f} | {cn:,.1f} | {sn - cn:,.1f} | | |")
    print()


def key(paths):
    rounds = [index(load(p)) for p in sorted(paths)]
    print(f"{len(rounds)} rounds; in each, ESP, the provider contexts, the raw JCE and the copy of one case run back to "
          "back (one JMH run per case), so each ratio compares measurements taken under the same load\n")
    print("| case | CPU ratio per round | median | copy out, median | provider / raw, median | wall ratio per round "
          "| target |")
    print("|---|---|---:|---:|---:|---|---:|")
    for (suite, size), target in TARGETS.items():
        for esp_m, raw_m, copy_m in PAIRS:
            q, qc, qp, qw = [], [], [], []
            for res in rounds:
                e = find(res, "EspBenchmark." + esp_m, suite, size)
                r = find(res, "RawCipherBenchmark." + raw_m, suite, size)
                c = find(res, "CopyBenchmark." + copy_m, None, size)
                p = find(res, "ProviderBenchmark." + raw_m, suite, size)
                if e is None or r is None or c is None:
                    continue
                en, rn, cn = cpu(e)[0], cpu(r)[0], cpu(c)[0]
                q.append(ratio_ns(en, rn))
                qc.append(ratio_ns(en, rn, cn))
                if p is not None:
                    qp.append(ratio_ns(cpu(p)[0], rn))
                qw.append(wall(e)[0] / wall(r)[0])
            if not q:
                continue
            print(f"| {suite} {size} ESP {esp_m} / raw {raw_m} | {', '.join(f'{x:.2f}' for x in q)} "
                  f"| {statistics.median(q):.2f} | {statistics.median(qc):.2f} "
                  f"| {statistics.median(qp):.2f} | {', '.join(f'{x:.2f}' for x in qw)} | {target:.2f} |"
                  if qp else
                  f"| {suite} {size} ESP {esp_m} / raw {raw_m} | {', '.join(f'{x:.2f}' for x in q)} "
                  f"| {statistics.median(q):.2f} | {statistics.median(qc):.2f} | | "
                  f"{', '.join(f'{x:.2f}' for x in qw)} | {target:.2f} |")
    print()


def alloc_table(full_path, off_path):
    on = index(load(full_path))
    off = index(load(off_path))
    print("#### Bytes allocated per operation, escape analysis on (as run) and off (-XX:-DoEscapeAnalysis)\n")
    print("| suite | payload | direction | raw on | provider on | ESP on | raw off | provider off | ESP off "
          "| ESP - raw, off |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")

    def b(res, name, suite, size):
        r = find(res, name, suite, size)
        return alloc(r) if r is not None else None

    def f(v):
        return "-" if v is None else f"{v:.0f}"

    for suite in SUITES + ["null"]:
        for size in SIZES:
            for esp_m, raw_m, _ in PAIRS:
                vals = [b(on, "RawCipherBenchmark." + raw_m, suite, size),
                        b(on, "ProviderBenchmark." + raw_m, suite, size),
                        b(on, "EspBenchmark." + esp_m, suite, size),
                        b(off, "RawCipherBenchmark." + raw_m, suite, size),
                        b(off, "ProviderBenchmark." + raw_m, suite, size),
                        b(off, "EspBenchmark." + esp_m, suite, size)]
                if vals[5] is None:
                    continue
                diff = f(vals[5] - vals[3]) if vals[3] is not None else "-"
                print(f"| {suite} | {size} | {esp_m} | {' | '.join(f(v) for v in vals)} | {diff} |")
    print()


def ah(path):
    results = load(path)
    header(results)
    res = {}
    for r in results:
        p = r["params"]
        res[(r["benchmark"].rsplit(".", 1)[-1], p["stack"], int(p["payload"]))] = r
    print("#### AH with HMAC-SHA-256, alone and around ESP with AES-128-GCM, against the JDK's HmacSHA256 over the "
          "bytes AH authenticates\n")
    print("| stack | payload | output CPU ns | input CPU ns | raw HMAC CPU ns | output / raw | input / raw "
          "| Mpkt/s per CPU-s, output / input | B/op output, input, raw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for stack in ("ah", "esp+ah"):
        for size in SIZES:
            o, i, m = (res.get((n, stack, size)) for n in ("output", "input", "rawMac"))
            if o is None or i is None or m is None:
                continue
            on, inn, mn = cpu(o)[0], cpu(i)[0], cpu(m)[0]
            ratios = f"{mn / on:.2f} | {mn / inn:.2f}" if stack == "ah" else "- | -"
            print(f"| {stack} | {size} | {on:,.0f} | {inn:,.0f} | {mn:,.0f} | {ratios} | {1e3 / on:.2f} / "
                  f"{1e3 / inn:.2f} | {alloc(o):.0f}, {alloc(i):.0f}, {alloc(m):.0f} |")
    print()


def providers_from_log(log):
    """Which provider served each suite, from the lines EspBenchmark prints at set-up."""
    try:
        with open(log) as f:
            for m in re.finditer(r"# (\S+) served by (\S+) on JDK", f.read()):
                PROVIDERS[m.group(1)] = m.group(2)
    except OSError:
        pass


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "full":
        full(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "layers":
        for a in sys.argv[2:]:
            providers_from_log(a[:-5] + ".log" if a.endswith(".json") else a)
        layers(*[a for a in sys.argv[2:] if a.endswith(".json")])
    elif len(sys.argv) >= 3 and sys.argv[1] == "diag":
        diag(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif len(sys.argv) >= 4 and sys.argv[1] == "alloc":
        alloc_table(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "ah":
        ah(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "key":
        key(sys.argv[2:])
    else:
        sys.exit(__doc__)
