# Generates scapy_esp_vectors.json: ESP packets made by scapy's independent implementation (scapy.layers.ipsec,
# Debian's python3-scapy 2.5.0), for ESP's interoperability tests. Run: /usr/bin/python3 scapy_esp_vectors.py
import hashlib
import hmac
import json
from scapy.all import IP, IPv6, UDP, TCP, ICMP, Raw, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, RouterAlert, PadN, raw
from scapy.layers.ipsec import SecurityAssociation, ESP, AUTH_ALGOS, AuthAlgo
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.hmac import HMAC

# Linux's PF_KEY hmac-sha256: HMAC-SHA-256 with a 96-bit ICV (setkey's hmac-sha256-96); scapy only knows RFC 4868's
AUTH_ALGOS['SHA2-256-96'] = AuthAlgo('SHA2-256-96', mac=HMAC, digestmod=hashes.SHA256, icv_size=12)

def case(name, plain, mode, tunnel_header, crypt, ckey, auth, akey, spi, seq, iv, esn=0, setkey_enc=None, setkey_auth=None):
    sa = SecurityAssociation(ESP, spi=spi, crypt_algo=crypt, crypt_key=ckey, auth_algo=auth, auth_key=akey,
                             tunnel_header=tunnel_header, esn_en=esn != 0, esn=esn)
    enc = raw(sa.encrypt(plain, seq_num=seq, iv=iv))
    back = sa.decrypt(plain.__class__(enc) if mode == "transport" else tunnel_header.__class__(enc))
    assert raw(back) == raw(plain), name
    if esn and auth == "HMAC-SHA1-96":
        # scapy 2.5's ESP sign() leaves the ESN high half out of the ICV: recompute the ICV as RFC 4303 section 2.2.1
        # says, over SPI .. next header followed by the high 32 bits.
        esp_off = len(raw(plain)) - len(raw(plain.payload))
        body = enc[esp_off:-12]
        icv = hmac.new(akey, body + esn.to_bytes(4, "big"), hashlib.sha1).digest()[:12]
        enc = enc[:-12] + icv
    return {"id": name, "mode": mode, "enc": setkey_enc, "enc_key": ckey.hex(), "auth": setkey_auth,
            "auth_key": akey.hex() if akey else "", "spi": spi, "seq": (esn << 32) | seq, "esn": esn != 0,
            "iv": iv.hex(), "plain": raw(plain).hex(), "protected": enc.hex()}

aes = bytes(range(1, 17))
sha256 = bytes(range(0x20, 0x40))
sha1 = bytes(range(0x40, 0x54))
md5 = bytes(range(0x60, 0x70))
des3 = bytes(range(0x70, 0x88))
gcm = bytes(range(0x90, 0xa4))
vectors = []

v6 = (IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=64)
      / IPv6ExtHdrHopByHop(options=[RouterAlert()])
      / IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0\0\0\0")])
      / IPv6ExtHdrRouting(addresses=["2001:db8::3"])
      / IPv6ExtHdrDestOpt()
      / UDP(sport=1000, dport=2000) / Raw(b"extension headers stay where they belong"))
vectors.append(case("ipv6-transport-exthdrs-aes-cbc-hmac-sha256", v6, "transport", None, "AES-CBC", aes,
                    "SHA2-256-128", sha256, 0x1001, 7, bytes(range(0xa0, 0xb0)), setkey_enc="aes-cbc",
                    setkey_auth="hmac-sha256"))

v4 = IP(src="192.0.2.1", dst="198.51.100.2", id=0x4242, ttl=64) / TCP(sport=4321, dport=80, flags="S") / Raw(b"x" * 33)
vectors.append(case("ipv4-transport-esn-aes-cbc-hmac-sha1", v4, "transport", None, "AES-CBC", aes,
                    "HMAC-SHA1-96", sha1, 0x2002, 5, bytes(range(0xb0, 0xc0)), esn=1, setkey_enc="aes-cbc",
                    setkey_auth="hmac-sha1"))

inner = IP(src="10.1.1.1", dst="10.2.2.2", id=7, ttl=63) / ICMP(id=9, seq=1) / Raw(b"tunnelled " * 5)
vectors.append(case("ipv4-in-ipv4-tunnel-3des-hmac-md5", inner, "tunnel",
                    IP(src="192.0.2.1", dst="198.51.100.2", ttl=64, id=1), "3DES", des3, "HMAC-MD5-96", md5,
                    0x3003, 1, bytes(range(0xc0, 0xc8)), setkey_enc="3des-cbc", setkey_auth="hmac-md5"))

inner6 = IPv6(src="2001:db8:1::1", dst="2001:db8:2::2", hlim=63) / UDP(sport=5, dport=6) / Raw(b"six in six")
vectors.append(case("ipv6-in-ipv6-tunnel-aes-gcm", inner6, "tunnel",
                    IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=64), "AES-GCM", gcm, None, None,
                    0x4004, 3, bytes(range(0xd0, 0xd8)), setkey_enc="aes-gcm-16"))

vectors.append(case("ipv4-transport-null-hmac-sha256", v4, "transport", None, "NULL", b"", "SHA2-256-128", sha256,
                    0x5005, 9, b"", setkey_enc="null", setkey_auth="hmac-sha256"))

inner_l = IP(src="10.1.1.1", dst="10.2.2.2", id=11, ttl=63) / UDP(sport=500, dport=4500) / Raw(b"linux peer " * 4)
vectors.append(case("ipv4-in-ipv4-tunnel-aes-cbc-hmac-sha256-96", inner_l, "tunnel",
                    IP(src="192.0.2.1", dst="198.51.100.2", ttl=64, id=2), "AES-CBC", aes, "SHA2-256-96", sha256,
                    0x6006, 4, bytes(range(0xe0, 0xf0)), setkey_enc="aes-cbc", setkey_auth="hmac-sha256-96"))

print(json.dumps({"generator": "scapy 2.5.0 scapy.layers.ipsec (Debian python3-scapy), scapy_esp_vectors.py",
                  "vectors": vectors}, indent=1))
