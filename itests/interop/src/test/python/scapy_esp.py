#!/usr/bin/python3
"""ESP through scapy's IPsec layer (scapy.layers.ipsec), for ipsec4j's interoperability tests.

    scapy_esp.py encrypt CASES.json DIR   scapy builds plaintext packets and encrypts them
    scapy_esp.py decrypt JOBS.json DIR    scapy decrypts and verifies ESP packets another implementation wrote

A case (JSON object) names one SA as scapy spells it: spi, crypt, crypt_key (hex), auth, auth_key (hex), mode
("transport" or "tunnel"), inner ("ipv4" or "ipv6"), src and dst (the SA's endpoints: the outer addresses in tunnel
mode), inner_src and inner_dst (the packets' own addresses), esn (extended sequence numbers), first_seq (the 64-bit
sequence number of the first packet; packet i has first_seq + i) and seed (makes the payloads).

encrypt writes, per case, DIR/<id>.plain.pcap (the plaintext packets) and DIR/<id>.scapy.pcap (what scapy made of
them), both raw IP (LINKTYPE_RAW); decrypt reads the capture named by the job's "in", writes the decrypted packets to
its "out" and checks on the way that every packet has a consistent outer header (IPv4 length and checksum, IPv6
payload length) and carries the job's SPI and expected sequence number, and that a copy with one bit flipped fails
verification. Each run writes DIR/<command>-report.tsv: one line per case or job,
"id<TAB>ok<TAB>details" or "id<TAB>fail<TAB>why". The exit status is 0 when the report could be written.

Extended sequence numbers: scapy 2.5 puts the high 32 bits of an ESN into the AAD of combined-mode algorithms (right,
RFC 4106 section 5, RFC 7634 section 2.1) but leaves them out of the ICV of other ESP SAs (RFC 4303 section 2.2.1
says they are appended to the ICV input). For ESN with a separate integrity algorithm this script therefore computes
the ICV itself: scapy's MAC primitive over the ESP header, IV, ciphertext and trailer followed by the high 32 bits, and
never asks scapy to verify such an ICV.
"""

import json
import random
import struct
import sys
import traceback

from scapy.layers.inet import ICMP, IP, TCP, UDP, IPOption_Router_Alert
from scapy.layers.inet6 import (ICMPv6EchoRequest, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrHopByHop, PadN,
                                RouterAlert)
from scapy.layers.ipsec import ESP, IPSecIntegrityError, SecurityAssociation
from scapy.packet import Raw, raw

LINKTYPE_RAW = 101
MASK32 = 0xFFFFFFFF


def write_pcap(path, packets):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, LINKTYPE_RAW))
        for i, p in enumerate(packets):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)))
            f.write(p)


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0xA1B2C3D4:
        endian = "<"
    elif magic == 0xD4C3B2A1:
        endian = ">"
    else:
        raise ValueError("%s: not a pcap file (magic %08x)" % (path, magic))
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype not in (LINKTYPE_RAW, 12, 14):
        raise ValueError("%s: link type %d, expected raw IP" % (path, linktype))
    packets = []
    off = 24
    while off < len(data):
        caplen = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        packets.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return packets


def payload(rnd, n):
    return bytes(rnd.getrandbits(8) for _ in range(n))


def plaintext(case):
    """The case's plaintext packets, as bytes: several upper-layer protocols, payload lengths that need every
    padding length, IPv4 options, IPv6 extension headers (hop-by-hop, destination options), ECN and flow labels."""
    rnd = random.Random(case["seed"])
    src, dst = case["inner_src"], case["inner_dst"]
    ident = 0x1000 + case["seed"] % 0x1000
    if case["inner"] == "ipv4":
        pkts = [
            IP(src=src, dst=dst, id=ident, flags="DF", ttl=64) / ICMP(type=8, id=ident, seq=1) / Raw(payload(rnd, 56)),
            IP(src=src, dst=dst, id=ident + 1, tos=0x02) / UDP(sport=5353, dport=9) / Raw(payload(rnd, rnd.randint(0, 31))),
            IP(src=src, dst=dst, id=ident + 2) / TCP(sport=40000 + case["seed"] % 1000, dport=443, flags="S", seq=rnd.getrandbits(32),
                                                     options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1, 0)), ("WScale", 7)]),
            IP(src=src, dst=dst, id=ident + 3, options=[IPOption_Router_Alert()]) / UDP(sport=5000, dport=6000) / Raw(payload(rnd, 1200)),
            IP(src=src, dst=dst, id=ident + 4, ttl=1) / UDP(sport=5001, dport=6001) / Raw(payload(rnd, 1)),
        ]
    else:
        pkts = [
            IPv6(src=src, dst=dst, fl=0x12345, hlim=64) / ICMPv6EchoRequest(id=ident, seq=1, data=payload(rnd, 56)),
            IPv6(src=src, dst=dst, tc=0x02) / UDP(sport=5353, dport=9) / Raw(payload(rnd, rnd.randint(0, 31))),
            IPv6(src=src, dst=dst) / TCP(sport=40000 + case["seed"] % 1000, dport=443, flags="S", seq=rnd.getrandbits(32),
                                        options=[("MSS", 1440), ("SAckOK", b""), ("WScale", 7)]),
            IPv6(src=src, dst=dst) / IPv6ExtHdrHopByHop(options=[RouterAlert()]) / UDP(sport=5000, dport=6000) / Raw(payload(rnd, 1200)),
            IPv6(src=src, dst=dst) / IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\x00" * 4)]) / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\x00" * 4)])
            / UDP(sport=5001, dport=6001) / Raw(payload(rnd, 7)),
            IPv6(src=src, dst=dst) / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\x00" * 12)]) / ICMPv6EchoRequest(id=ident, seq=2, data=payload(rnd, 3)),
        ]
    return [raw(p) for p in pkts]


def parse_ip(b):
    return IP(b) if (b[0] >> 4) == 4 else IPv6(b)


def security_association(case):
    tunnel = None
    if case["mode"] == "tunnel":
        tunnel = IP(src=case["src"], dst=case["dst"]) if ":" not in case["src"] else IPv6(src=case["src"], dst=case["dst"])
    return SecurityAssociation(ESP, spi=case["spi"], crypt_algo=case["crypt"], crypt_key=bytes.fromhex(case["crypt_key"]),
                               auth_algo=case["auth"], auth_key=bytes.fromhex(case["auth_key"]),
                               tunnel_header=tunnel, esn_en=case["esn"])


def separate_icv(sa, case):
    """Whether this script computes the ICV itself: ESN with a separate integrity algorithm (see the module doc)."""
    return case["esn"] and not sa.crypt_algo.is_aead and sa.auth_algo.icv_size > 0


def esn_icv(sa, esp_without_icv, high):
    """RFC 4303 section 2.2.1: the ICV over the ESP packet (header to next header) and then the high 32 bits."""
    mac = sa.auth_algo.new_mac(sa.auth_key)
    mac.update(esp_without_icv + struct.pack("!L", high))
    return mac.finalize()[:sa.auth_algo.icv_size]


def encrypt_case(case, out_dir):
    sa = security_association(case)
    plain = plaintext(case)
    wire = []
    for i, p in enumerate(plain):
        seq = case["first_seq"] + i
        sa.seq_num = seq & MASK32  # set, not passed: scapy takes a seq_num argument of 0 for "none"
        sa.esn = seq >> 32
        e = sa.encrypt(parse_ip(p))
        if separate_icv(sa, case):
            n = sa.auth_algo.icv_size
            body = raw(e[ESP])[:-n]
            e[ESP].data = e[ESP].data[:-n] + esn_icv(sa, body, seq >> 32)
        wire.append(raw(e))
    write_pcap("%s/%s.plain.pcap" % (out_dir, case["id"]), plain)
    write_pcap("%s/%s.scapy.pcap" % (out_dir, case["id"]), wire)
    return "%d packets" % len(plain)


def esp_layer(b):
    p = parse_ip(b)
    if not p.haslayer(ESP):
        raise ValueError("no ESP header in %s" % b.hex())
    return p


def check_outer_header(b):
    """The header a receiver checks before ESP: IPv4 total length and header checksum, or IPv6 payload length."""
    if b[0] >> 4 == 4:
        ihl = (b[0] & 0x0F) * 4
        if struct.unpack("!H", b[2:4])[0] != len(b):
            raise ValueError("IPv4 total length %d, packet of %d bytes" % (struct.unpack("!H", b[2:4])[0], len(b)))
        total = sum(struct.unpack("!%dH" % (ihl // 2), b[:ihl]))
        while total > 0xFFFF:
            total = (total & 0xFFFF) + (total >> 16)
        if total != 0xFFFF:
            raise ValueError("IPv4 header checksum wrong")
    elif struct.unpack("!H", b[4:6])[0] != len(b) - 40:
        raise ValueError("IPv6 payload length %d, packet of %d bytes" % (struct.unpack("!H", b[4:6])[0], len(b)))


def open_packet(sa, case, b, seq):
    """Verifies and decrypts one packet; raises IPSecIntegrityError when the ICV is wrong."""
    p = esp_layer(b)
    if separate_icv(sa, case):
        n = sa.auth_algo.icv_size
        esp = raw(p[ESP])
        if esp[-n:] != esn_icv(sa, esp[:-n], seq >> 32):
            raise IPSecIntegrityError("ICV (with the ESN high bits) does not match")
        return sa.decrypt(p, verify=False)
    sa.esn = seq >> 32
    return sa.decrypt(p)


def decrypt_job(job, out_dir):
    sa = security_association(job)
    packets = read_pcap(job["in"])
    if not packets:
        raise ValueError("no packets in %s" % job["in"])
    plain = []
    for i, b in enumerate(packets):
        seq = job["first_seq"] + i
        check_outer_header(b)
        p = esp_layer(b)
        if p[ESP].spi != job["spi"]:
            raise ValueError("packet %d: SPI 0x%x, expected 0x%x" % (i + 1, p[ESP].spi, job["spi"]))
        if p[ESP].seq != seq & MASK32:
            raise ValueError("packet %d: sequence number %d, expected %d" % (i + 1, p[ESP].seq, seq & MASK32))
        try:
            plain.append(raw(open_packet(sa, job, b, seq)))
        except IPSecIntegrityError as e:
            raise ValueError("packet %d: integrity check failed: %s" % (i + 1, e))
    tamper = "no ICV"
    icv_size = sa.crypt_algo.icv_size if sa.crypt_algo.is_aead else sa.auth_algo.icv_size
    if icv_size > 0:
        forged = bytearray(packets[0])
        forged[len(forged) - icv_size - 1] ^= 0x01  # the last byte the ICV covers
        try:
            open_packet(sa, job, bytes(forged), job["first_seq"])
            raise ValueError("a packet with one bit flipped passed verification")
        except IPSecIntegrityError:
            tamper = "bit flip detected"
    write_pcap(job["out"], plain)
    return "%d packets, %s" % (len(plain), tamper)


def main(argv):
    if len(argv) != 4 or argv[1] not in ("encrypt", "decrypt"):
        sys.stderr.write("usage: scapy_esp.py encrypt|decrypt CASES.json DIR\n")
        return 2
    command, cases_file, out_dir = argv[1], argv[2], argv[3]
    with open(cases_file) as f:
        cases = json.load(f)
    run = encrypt_case if command == "encrypt" else decrypt_job
    with open("%s/%s-report.tsv" % (out_dir, command), "w") as report:
        for case in cases:
            try:
                report.write("%s\tok\t%s\n" % (case["id"], run(case, out_dir)))
            except Exception as e:  # one case's failure is reported, the others still run
                detail = "%s: %s | %s" % (type(e).__name__, e, traceback.format_exc().strip().splitlines()[-2].strip())
                report.write("%s\tfail\t%s\n" % (case["id"], detail.replace("\t", " ").replace("\n", " ")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
