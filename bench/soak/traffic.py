#!/usr/bin/python3
"""UDP traffic of the soak run: a sender at a fixed rate and a receiver that checks every datagram.

    traffic.py send --dst ADDR --port PORT --stream ID --rate PPS --out FILE [--large-every N] [--frag-every M]
    traffic.py recv --port PORT --out FILE

Each datagram carries a header (magic, stream, sequence number, send time, length), a fill that depends on the
sequence number, and a CRC-32 of all of it. Most datagrams are small (64 to 463 bytes); every N-th is large (an IP
packet of 1400 bytes, DF set: it fits the tunnel without fragmentation) and every M-th fills the link (an IP packet
of 1500 bytes, DF clear: the gateway must fragment the ESP packet and the peer reassemble it).

Both run until SIGTERM or SIGINT and then write a JSON summary to FILE. The sender's summary has the datagrams sent,
send errors by errno, and an index (sequence number -> send time, once a second) that lets the report place every
lost datagram in time. The receiver's has, per stream: unique datagrams delivered, duplicates, corrupted ones (bad
CRC or length), reordered ones (arrived after a higher sequence number), foreign datagrams (not of this format: a
plaintext packet that got through where it must not), the missing sequence numbers below the highest seen, as
ranges, a one-way latency histogram (sender and receiver share the clock: same machine) and, for every second
with datagrams slower than 20 ms, how many and the slowest.

Standard library only (runs under /usr/bin/python3).
"""
import argparse
import errno
import json
import os
import signal
import socket
import struct
import sys
import time
import zlib

MAGIC = b"IS4J"
HEADER = struct.Struct("!4sIQQH")  # magic, stream, seq, send time (ns since the epoch), total length
CRC = struct.Struct("!I")
MIN_LEN = HEADER.size + CRC.size
PATTERN = bytes((i * 7 + 13) & 0xFF for i in range(4096))
IP_UDP_HEADERS = 28
LARGE_IP = 1400  # fits the ESP tunnel of a 1500-byte link with DF set
FRAG_IP = 1500  # the link's MTU: the ESP packet around it must be fragmented
IP_MTU_DISCOVER = getattr(socket, "IP_MTU_DISCOVER", 10)
IP_PMTUDISC_DONT = 0
SLOW_MS = 20  # datagrams slower than this are counted per second of their sending
LATENCY_BUCKETS_MS = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000]

stopping = False


def stop(signum, frame):
    global stopping
    stopping = True


def build(stream, seq, size):
    body_len = size - CRC.size
    head = HEADER.pack(MAGIC, stream, seq, time.time_ns(), size)
    fill_len = body_len - HEADER.size
    off = seq % 256
    fill = PATTERN[off:off + fill_len]
    while len(fill) < fill_len:
        fill += PATTERN[:fill_len - len(fill)]
    body = head + fill
    return body + CRC.pack(zlib.crc32(body))


def size_of(seq, large_every, frag_every):
    if frag_every and seq % frag_every == frag_every - 1:
        return FRAG_IP - IP_UDP_HEADERS, True
    if large_every and seq % large_every == large_every - 1:
        return LARGE_IP - IP_UDP_HEADERS, False
    return 64 + (seq * 37) % 400, False


def send(args):
    dst = (args.dst, args.port)
    df_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    nodf_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    nodf_sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    for s in (df_sock, nodf_sock):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    interval = 1.0 / args.rate
    seq = 0
    sent = 0
    kinds = {"small": 0, "large": 0, "frag": 0}
    errors = {}
    failed = []
    index = []
    max_lag = 0.0
    start = time.monotonic()
    next_index = start
    while not stopping:
        due = start + seq * interval
        now = time.monotonic()
        if now < due:
            time.sleep(min(due - now, 0.05))
            continue
        max_lag = max(max_lag, now - due)
        if now >= next_index:
            index.append([seq, time.time_ns()])
            next_index += 1.0
        size, frag = size_of(seq, args.large_every, args.frag_every)
        payload = build(args.stream, seq, size)
        try:
            (nodf_sock if frag else df_sock).sendto(payload, dst)
            sent += 1
            kinds["frag" if frag else ("large" if size + IP_UDP_HEADERS == LARGE_IP else "small")] += 1
        except OSError as e:
            name = errno.errorcode.get(e.errno, str(e.errno))
            errors[name] = errors.get(name, 0) + 1
            if len(failed) < 10000:
                failed.append(seq)
        seq += 1
    index.append([seq, time.time_ns()])
    summary = {"stream": args.stream, "dst": args.dst, "port": args.port, "rate": args.rate, "seqs": seq,
               "sent": sent, "kinds": kinds, "errors": errors, "failed": failed,
               "max_lag_ms": round(max_lag * 1000, 1), "index": index}
    write(args.out, summary)


class Stream:
    def __init__(self):
        self.seen = bytearray(1 << 16)
        self.unique = 0
        self.duplicates = 0
        self.reordered = 0
        self.max_seq = -1
        self.latency = [0] * (len(LATENCY_BUCKETS_MS) + 1)
        self.latency_max_ms = 0.0
        self.slow = {}  # send second -> [datagrams over SLOW_MS, highest latency]

    def mark(self, seq, sent_ns, now_ns):
        if seq >= len(self.seen):
            self.seen.extend(bytearray(max(seq + 1 - len(self.seen), len(self.seen))))
        if self.seen[seq]:
            self.duplicates += 1
            return
        self.seen[seq] = 1
        self.unique += 1
        if seq < self.max_seq:
            self.reordered += 1
        else:
            self.max_seq = seq
        ms = (now_ns - sent_ns) / 1e6
        self.latency_max_ms = max(self.latency_max_ms, ms)
        if ms > SLOW_MS:
            slot = self.slow.setdefault(sent_ns // 1_000_000_000, [0, 0.0])
            slot[0] += 1
            slot[1] = max(slot[1], round(ms, 1))
        for i, bound in enumerate(LATENCY_BUCKETS_MS):
            if ms <= bound:
                self.latency[i] += 1
                break
        else:
            self.latency[-1] += 1

    def missing(self):
        ranges = []
        start = None
        for seq in range(self.max_seq + 1):
            if not self.seen[seq]:
                if start is None:
                    start = seq
            elif start is not None:
                ranges.append([start, seq - 1])
                start = None
        if start is not None:
            ranges.append([start, self.max_seq])
        return ranges


def recv(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind(("0.0.0.0", args.port))
    sock.settimeout(0.5)
    streams = {}
    corrupted = 0
    foreign = 0
    foreign_samples = []
    datagrams = 0
    while not stopping:
        try:
            data, peer = sock.recvfrom(65535)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        now = time.time_ns()
        datagrams += 1
        if len(data) < MIN_LEN or data[:4] != MAGIC:
            foreign += 1
            if len(foreign_samples) < 10:
                foreign_samples.append({"from": "%s:%d" % peer, "bytes": data[:32].hex()})
            continue
        magic, stream, seq, sent_ns, length = HEADER.unpack_from(data)
        if length != len(data) or CRC.unpack_from(data, len(data) - CRC.size)[0] != zlib.crc32(data[:-CRC.size]):
            corrupted += 1
            continue
        st = streams.get(stream)
        if st is None:
            st = streams[stream] = Stream()
        st.mark(seq, sent_ns, now)
    summary = {"port": args.port, "datagrams": datagrams, "corrupted": corrupted, "foreign": foreign,
               "foreign_samples": foreign_samples, "latency_buckets_ms": LATENCY_BUCKETS_MS, "streams": {}}
    for sid, st in streams.items():
        summary["streams"][str(sid)] = {"unique": st.unique, "duplicates": st.duplicates,
                                        "reordered": st.reordered, "max_seq": st.max_seq,
                                        "missing": st.missing(), "latency": st.latency,
                                        "latency_max_ms": round(st.latency_max_ms, 2),
                                        "slow_seconds": [[k] + v for k, v in sorted(st.slow.items())]}
    write(args.out, summary)


def write(path, summary):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(summary, f)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("send")
    s.add_argument("--dst", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--stream", type=int, required=True)
    s.add_argument("--rate", type=float, required=True)
    s.add_argument("--large-every", type=int, default=25)
    s.add_argument("--frag-every", type=int, default=100)
    s.add_argument("--out", required=True)
    r = sub.add_parser("recv")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--out", required=True)
    args = p.parse_args()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.mode == "send":
        send(args)
    else:
        recv(args)


if __name__ == "__main__":
    sys.exit(main())
