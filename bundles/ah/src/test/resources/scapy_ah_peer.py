#!/usr/bin/python3
"""AH peer for ipsec4j's interoperability tests: scapy 2.5 (Debian python3-scapy) signs and verifies AH.

Reads one JSON request per line on stdin, answers one JSON object per line on stdout. Requests:
  {"op": "packets"}                      -> {"packets": {name: hex}}: the plaintext IP packets of the tests
  {"op": "sign", sa..., "plain": hex}    -> {"wire": hex}: the packet protected by scapy
  {"op": "verify", sa..., "wire": hex, "transit": bool}
                                         -> {"ok": true, "plain": hex} or {"ok": false, "error": text}
where sa... is {"alg", "key" (hex), "spi", "seq", "esn", "esn_high", "old", "tunnel": null or {"src", "dst"}}.
"transit": the packet first travels its IPv6 type 0 routing header to the end (segments left 0, addresses rotated).

Algorithms: scapy's own AH algorithms (HMAC-MD5-96, HMAC-SHA1-96, SHA2-256-128, SHA2-384-192, SHA2-512-256,
AES-CMAC-96) through scapy's SecurityAssociation; AES-XCBC-MAC-96 (RFC 3566 on the cryptography package's AES, checked
against the RFC's test cases at start) and HMAC-RIPEMD-160-96 (Python's hmac) plugged into scapy's SecurityAssociation
as integrity algorithms; AES-GMAC in AH (RFC 4543 section 5: IV in the AH header, GMAC over the packet prepared by
scapy's zero_mutable_fields) on the cryptography package's AES-GCM; and ah-old (RFC 1826: no sequence number, 128-bit
ICV as KAME) with keyed MD5/SHA-1 (KAME's ah_core.c) or HMAC, computed here over scapy's zero_mutable_fields.
"""
import hashlib
import hmac as pyhmac
import json
import struct
import sys
import traceback

from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.exceptions import InvalidTag

from scapy.all import raw, Raw
from scapy.layers.inet import IP, UDP, ICMP, IPOption_Router_Alert, IPOption_NOP, IPOption_RR
from scapy.layers.inet6 import (IPv6, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, RouterAlert,
                                HBHOptUnknown, ICMPv6EchoRequest)
from scapy.layers.ipsec import (AH, AUTH_ALGOS, AuthAlgo, SecurityAssociation, IPSecIntegrityError,
                                zero_mutable_fields, split_for_transport)


# --- AES-XCBC-MAC-96, RFC 3566 ---------------------------------------------------------------------------------------

def _aes_ecb(key, block):
    enc = Cipher(algorithms.AES(key), modes.ECB(), default_backend()).encryptor()
    return enc.update(block) + enc.finalize()


def _xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


class XcbcMac(object):
    """The MAC object scapy's AuthAlgo expects: update(), finalize()."""

    def __init__(self, key):
        self.k1 = _aes_ecb(key, b"\x01" * 16)
        self.k2 = _aes_ecb(key, b"\x02" * 16)
        self.k3 = _aes_ecb(key, b"\x03" * 16)
        self.data = b""

    def update(self, data):
        self.data += bytes(data)

    def finalize(self):
        m = self.data
        e = b"\x00" * 16
        blocks = [m[i:i + 16] for i in range(0, len(m), 16)] or [b""]
        for b in blocks[:-1]:
            e = _aes_ecb(self.k1, _xor(b, e))
        last = blocks[-1]
        if len(last) == 16:
            last = _xor(last, self.k2)
        else:
            last = _xor(last + b"\x80" + b"\x00" * (15 - len(last)), self.k3)
        return _aes_ecb(self.k1, _xor(last, e))


class HmacRipemd160(object):
    def __init__(self, key):
        self.h = pyhmac.new(key, digestmod="ripemd160")

    def update(self, data):
        self.h.update(bytes(data))

    def finalize(self):
        return self.h.digest()


class PlugInAuthAlgo(AuthAlgo):
    """An integrity algorithm scapy lacks, given as a factory of MAC objects."""

    def __init__(self, name, factory, icv_size):
        AuthAlgo.__init__(self, name, mac=factory, digestmod=None, icv_size=icv_size)
        self.factory = factory

    def new_mac(self, key):
        return self.factory(key)


class GmacAuthAlgo(AuthAlgo):
    """AES-GMAC in AH, RFC 4543 section 5: ICV field = IV (the 64-bit sequence number here) + 16-byte tag."""

    def __init__(self):
        AuthAlgo.__init__(self, "AES-GMAC", mac=True, digestmod=None, icv_size=24)

    @staticmethod
    def _aad(pkt, iv, sending, esn_en, esn):
        clone = zero_mutable_fields(pkt.copy(), sending=sending)
        clone[AH].icv = iv + b"\x00" * 16
        data = raw(clone)
        return data + struct.pack("!L", esn) if esn_en else data

    def sign(self, pkt, key, esn_en=False, esn=0):
        iv = struct.pack("!LL", esn if esn_en else 0, pkt[AH].seq)
        pkt[AH].icv = iv + b"\x00" * 16
        aad = self._aad(pkt, iv, True, esn_en, esn)
        tag = AESGCM(key[:-4]).encrypt(key[-4:] + iv, b"", aad)
        pkt[AH].icv = iv + tag
        return pkt

    def verify(self, pkt, key, esn_en=False, esn=0):
        if len(pkt[AH].icv) != self.icv_size:
            pkt[AH].padding = pkt[AH].icv[self.icv_size:]
            pkt[AH].icv = pkt[AH].icv[:self.icv_size]
        iv, tag = pkt[AH].icv[:8], pkt[AH].icv[8:24]
        aad = self._aad(pkt, iv, False, esn_en, esn)
        try:
            AESGCM(key[:-4]).decrypt(key[-4:] + iv, tag, aad)
        except InvalidTag:
            raise IPSecIntegrityError("GMAC tag does not verify")


def _check_xcbc():
    # RFC 3566 section 4.6, test cases 1 to 3
    key = bytes(range(16))
    for msg, want in ((b"", "75f0251d528ac01c4573dfd584d79f29"), (bytes(range(3)), "5b376580ae2f19afe7219ceef172756f"),
                      (bytes(range(16)), "d2a246fa349b68a79998a4394ff7a263")):
        m = XcbcMac(key)
        m.update(msg)
        assert m.finalize().hex() == want, "AES-XCBC-MAC self test"


# scapy's SecurityAssociation takes algorithms by their name in its table
AUTH_ALGOS["AES-XCBC-MAC-96"] = PlugInAuthAlgo("AES-XCBC-MAC-96", XcbcMac, 12)
AUTH_ALGOS["HMAC-RIPEMD160-96"] = PlugInAuthAlgo("HMAC-RIPEMD160-96", HmacRipemd160, 12)
AUTH_ALGOS["AES-GMAC"] = GmacAuthAlgo()


# --- ah-old, RFC 1826 with KAME's 128-bit ICVs ------------------------------------------------------------------------

def _kame_keyed(hashname, key, data):
    """KAME ah_core.c: H(key, 0x80, zeros, key length in bits as 8 bytes little-endian to a 64-byte boundary, data, key)."""
    h = hashlib.new(hashname)
    h.update(key)
    padlen = (64 - 8 if len(key) < 56 else 128 - 8) - len(key)
    h.update(b"\x80" + b"\x00" * (padlen - 1))
    h.update(struct.pack("<Q", len(key) * 8))
    h.update(data)
    h.update(key)
    return h.digest()


OLD_MACS = {
    "keyed-md5": lambda key, data: _kame_keyed("md5", key, data),
    "keyed-sha1": lambda key, data: _kame_keyed("sha1", key, data),
    "hmac-md5": lambda key, data: pyhmac.new(key, data, "md5").digest(),
    "hmac-sha1": lambda key, data: pyhmac.new(key, data, "sha1").digest(),
}


def _old_icv_input(pkt, sending):
    """RFC 1826 AH parsed by scapy as a new-format AH of 24 bytes: 'seq' and 'icv' together are the 16-byte ICV."""
    clone = zero_mutable_fields(pkt.copy(), sending=sending)
    clone[AH].seq = 0
    return raw(clone)


def _with_tunnel(req, pkt):
    t = req.get("tunnel")
    if not t:
        return pkt
    outer = IP(src=t["src"], dst=t["dst"]) if ":" not in t["src"] else IPv6(src=t["src"], dst=t["dst"])
    return outer.__class__(raw(outer / pkt))


def old_sign(req, plain):
    mac = OLD_MACS[req["alg"]]
    key = bytes.fromhex(req["key"])
    pkt = _with_tunnel(req, plain)
    ip_header, nh, payload = split_for_transport(pkt, 51)
    ah = AH(nh=nh, payloadlen=4, reserved=0, spi=req["spi"], seq=0, icv=b"\x00" * 12)
    if ip_header.version == 4:
        ip_header.len = len(ip_header) + len(ah) + len(payload)
        ip_header = ip_header.__class__(raw(ip_header))
    else:
        ip_header.plen = len(ip_header.payload) + len(ah) + len(payload)
    out = ip_header / ah / payload
    icv = mac(key, _old_icv_input(out, True))[:16]
    out[AH].seq = struct.unpack("!L", icv[:4])[0]
    out[AH].icv = icv[4:]
    return out


def old_verify(req, pkt):
    mac = OLD_MACS[req["alg"]]
    key = bytes.fromhex(req["key"])
    got = struct.pack("!L", pkt[AH].seq) + bytes(pkt[AH].icv)
    want = mac(key, _old_icv_input(pkt, False))[:16]
    if got != want:
        raise IPSecIntegrityError("ah-old ICV does not verify")
    # remove AH as scapy's SecurityAssociation does
    sa = SecurityAssociation(AH, spi=req["spi"], auth_algo="NULL", tunnel_header=_tunnel_header(req))
    return sa.decrypt(pkt, verify=False)


def _tunnel_header(req):
    t = req.get("tunnel")
    if not t:
        return None
    return IP(src=t["src"], dst=t["dst"]) if ":" not in t["src"] else IPv6(src=t["src"], dst=t["dst"])


def _sa(req):
    return SecurityAssociation(AH, spi=req["spi"], seq_num=req["seq"], auth_algo=req["alg"],
                               auth_key=bytes.fromhex(req["key"]), tunnel_header=_tunnel_header(req),
                               esn_en=req.get("esn", False), esn=req.get("esn_high", 0))


def parse(b):
    return IPv6(b) if (b[0] >> 4) == 6 else IP(b)


def travel(pkt):
    """The packet as it arrives at the end of its type 0 routing header."""
    if IPv6ExtHdrRouting in pkt:
        rh = pkt[IPv6ExtHdrRouting]
        if rh.segleft:
            addrs = list(rh.addresses)
            final = addrs[-1]
            rh.addresses = [pkt[IPv6].dst] + addrs[:-1]
            pkt[IPv6].dst = final
            pkt[IPv6].hlim -= rh.segleft  # each hop takes one off
            rh.segleft = 0
    return pkt.__class__(raw(pkt))


def packets():
    a4, b4 = "192.0.2.1", "198.51.100.2"
    a6, b6 = "2001:db8::1", "2001:db8::2"
    body = bytes((i * 7 + 3) & 0xff for i in range(100))
    udp4 = IP(src=a4, dst=b4, tos=0x28, ttl=64, id=0x1234, flags="DF") / UDP(sport=4000, dport=5000) / Raw(body)
    opts4 = IP(src=a4, dst=b4, tos=0x2a, ttl=61, id=0x4321,
               options=[IPOption_Router_Alert(), IPOption_NOP(),
                        IPOption_RR(pointer=8, routers=["203.0.113.9", "0.0.0.0"])]) / ICMP(id=7, seq=1) / Raw(body)
    icmp6 = IPv6(src=a6, dst=b6, tc=0x28, fl=0x12345, hlim=64) / ICMPv6EchoRequest(id=7, seq=1, data=body)
    ext6 = (IPv6(src=a6, dst=b6, tc=0xb8, fl=0xabcde, hlim=33)
            / IPv6ExtHdrHopByHop(options=[RouterAlert(), HBHOptUnknown(otype=0x3e, optdata=b"\x01\x02\x03\x04")])
            / IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x1e, optdata=b"\x05\x06"),
                                         HBHOptUnknown(otype=0x3f, optdata=b"\x07\x08\x09")])
            / IPv6ExtHdrRouting(addresses=["2001:db8::10", "2001:db8::11"], segleft=2)
            / IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x3e, optdata=b"\x0a\x0b")])
            / UDP(sport=4000, dport=5000) / Raw(body))
    hbh6 = (IPv6(src=a6, dst=b6, hlim=64)
            / IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=0x3e, optdata=b"\x01\x02\x03\x04\x05\x06")])
            / UDP(sport=4000, dport=5000) / Raw(body))
    pkts = {"udp4": udp4, "opts4": opts4, "icmp6": icmp6, "ext6": ext6, "hbh6": hbh6}
    return {name: raw(p.__class__(raw(p))).hex() for name, p in pkts.items()}


def handle(req):
    op = req["op"]
    if op == "packets":
        return {"packets": packets()}
    old = req.get("old", False)
    if op == "sign":
        plain = parse(bytes.fromhex(req["plain"]))
        out = old_sign(req, plain) if old else _sa(req).encrypt(plain)
        return {"wire": raw(out).hex()}
    if op == "verify":
        pkt = parse(bytes.fromhex(req["wire"]))
        if req.get("transit"):
            pkt = travel(pkt)
        try:
            res = old_verify(req, pkt) if old else _sa(req).decrypt(pkt)
        except IPSecIntegrityError as e:
            return {"ok": False, "error": str(e)}
        return {"ok": True, "plain": raw(res).hex()}
    raise ValueError("unknown op " + op)


def main():
    _check_xcbc()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line))
        except Exception:
            answer = {"exception": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
