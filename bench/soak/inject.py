#!/usr/bin/python3
"""Malformed and hostile packets for one gateway's WAN port, from the soak run's WAN switch.

    inject.py --capture IF --send IF --gw-mac MAC --peer-mac MAC --peer ADDR --gw ADDR
              --inner-src ADDR --inner-dst ADDR --port PORT --count N [--kinds K,K,...]

Runs in the namespace of the WAN bridge. It captures real ESP packets that the peer gateway (PEER, with PEER-MAC)
sends to the target gateway (GW, GW-MAC) as they enter the bridge on interface --capture, then sends N packets of
each kind straight out of the bridge port --send that leads to the target gateway, as if they came from the peer:

    nosa       ESP with an SPI no SA has                                     -> inbound drops: nosa
    badauth    a captured packet, sequence number 2^20 ahead, the last byte
               of its ICV flipped: it passes the replay window's first
               check and fails the ICV                                       -> inbound drops: badauth
    truncated  ESP of 3 bytes (no whole SPI), and a live SPI with a
               sequence number and 4 bytes (shorter than IV and ICV)         -> inbound drops: truncated
    replay     a captured packet sent again once the original arrived        -> inbound drops: replay
    downgrade  plaintext UDP between the two sites, to the receiver's port,
               which the inbound policy requires to be ESP                   -> inbound drops: policy
    badhdr     a captured packet with its IPv4 header checksum broken        -> inbound drops: badhdr

Prints a JSON object: the packets sent by kind (a kind needing a capture sends nothing when no packet of the peer
was seen within 2 s, and says so under "skipped"), and the SPI and sequence number of the packet used.
Standard library only; needs CAP_NET_RAW in the namespace (root).
"""
import argparse
import json
import os
import select
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
IPPROTO_ESP = 50
IPPROTO_UDP = 17
UNKNOWN_SPI_BASE = 0x7E000000
KINDS = ["nosa", "badauth", "truncated", "replay", "downgrade", "badhdr"]


def mac(text):
    return bytes(int(b, 16) for b in text.split(":"))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, ident):
    head = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident & 0xFFFF, 0, 64, proto, 0,
                       socket.inet_aton(src), socket.inet_aton(dst))
    head = head[:10] + struct.pack("!H", checksum(head)) + head[12:]
    return head + payload


def udp(src, dst, sport, dport, payload):
    length = 8 + len(payload)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, IPPROTO_UDP, length)
    head = struct.pack("!HHHH", sport, dport, length, 0)
    csum = checksum(pseudo + head + payload) or 0xFFFF
    return struct.pack("!HHHH", sport, dport, length, csum) + payload


class Wire:
    def __init__(self, args):
        self.args = args
        self.cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.cap.bind((args.capture, ETH_P_ALL))
        self.out = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.out.bind((args.send, 0))
        self.eth = mac(args.gw_mac) + mac(args.peer_mac) + struct.pack("!H", ETH_P_IP)
        self.peer = socket.inet_aton(args.peer)
        self.gw = socket.inet_aton(args.gw)
        self.ident = int.from_bytes(os.urandom(2), "big")

    def capture(self, count, timeout=2.0):
        """Up to count ESP frames of the peer for the gateway, newest last, as (frame, spi, seq)."""
        frames = []
        deadline = time.monotonic() + timeout
        while len(frames) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([self.cap], [], [], left)
            if not ready:
                break
            frame, addr = self.cap.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING or len(frame) < 14 + 20 + 8:
                continue
            if frame[12:14] != b"\x08\x00" or frame[14] != 0x45 or frame[14 + 9] != IPPROTO_ESP:
                continue
            if frame[14 + 12:14 + 16] != self.peer or frame[14 + 16:14 + 20] != self.gw:
                continue
            if struct.unpack_from("!H", frame, 14 + 6)[0] & 0x3FFF:
                continue  # a fragment: the replay and forgery kinds want whole ESP packets
            total = struct.unpack_from("!H", frame, 14 + 2)[0]
            frame = frame[:14 + total]  # without Ethernet padding
            spi, seq = struct.unpack_from("!II", frame, 14 + 20)
            frames.append((frame, spi, seq))
        return frames

    def send_ip(self, packet):
        self.out.send(self.eth + packet)

    def send_frame(self, frame):
        self.out.send(self.eth + frame[14:])

    def next_ident(self):
        self.ident += 1
        return self.ident


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("capture", "send", "gw-mac", "peer-mac", "peer", "gw", "inner-src", "inner-dst"):
        p.add_argument("--" + name, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--kinds", default=",".join(KINDS))
    p.add_argument("--gap", type=float, default=0.002, help="seconds between two injected packets")
    args = p.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    for k in kinds:
        if k not in KINDS:
            p.error("unknown kind " + k)
    w = Wire(args)
    sent = {k: 0 for k in kinds}
    skipped = {}
    used = {}
    n = args.count

    def pause():
        time.sleep(args.gap)

    needs_capture = [k for k in kinds if k in ("badauth", "truncated", "replay", "badhdr")]
    captured = w.capture(n + 1) if needs_capture else []
    if needs_capture and len(captured) < n + 1:
        for k in needs_capture:
            skipped[k] = "captured %d ESP packets of the peer, needed %d" % (len(captured), n + 1)
        kinds = [k for k in kinds if k not in needs_capture]
    if captured:
        used = {"spi": "0x%08x" % captured[-1][1], "seq": captured[-1][2]}
    time.sleep(0.05)  # every captured original has reached the gateway
    for kind in kinds:
        for i in range(n):
            if kind == "nosa":
                spi = UNKNOWN_SPI_BASE + int.from_bytes(os.urandom(3), "big")
                esp = struct.pack("!II", spi, 1 + i) + os.urandom(16 + 40 + 16)
                w.send_ip(ipv4(args.peer, args.gw, IPPROTO_ESP, esp, w.next_ident()))
            elif kind == "badauth":
                frame, spi, seq = captured[i]
                ip = bytearray(frame[14:])
                struct.pack_into("!I", ip, 20 + 4, (seq + (1 << 20) + i) & 0xFFFFFFFF)
                ip[-1] ^= 0x5A  # the last byte of the ICV
                ip[10:12] = b"\0\0"
                ip[10:12] = struct.pack("!H", checksum(bytes(ip[:20])))
                w.send_ip(bytes(ip))
            elif kind == "truncated":
                frame, spi, seq = captured[i]
                if i % 2 == 0:
                    esp = struct.pack("!I", spi)[:3]
                else:
                    esp = struct.pack("!II", spi, (seq + (1 << 21) + i) & 0xFFFFFFFF) + os.urandom(4)
                w.send_ip(ipv4(args.peer, args.gw, IPPROTO_ESP, esp, w.next_ident()))
            elif kind == "replay":
                w.send_frame(captured[i][0])
            elif kind == "downgrade":
                payload = b"DOWNGRADE plaintext where ESP is required " + os.urandom(8)
                packet = ipv4(args.inner_src, args.inner_dst, IPPROTO_UDP,
                              udp(args.inner_src, args.inner_dst, 40000 + i, args.port, payload), w.next_ident())
                w.send_ip(packet)
            elif kind == "badhdr":
                ip = bytearray(captured[i][0][14:])
                ip[10] ^= 0xFF
                w.send_ip(bytes(ip))
            sent[kind] += 1
            pause()
    print(json.dumps({"sent": sent, "skipped": skipped, "used": used}))


if __name__ == "__main__":
    sys.exit(main())
