package org.ipsec4j.itests.interop;

import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CBC_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CMAC;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_CTR_256;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_GCM_16_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.AES_GCM_16_256;
import static org.ipsec4j.itests.interop.EspAlgorithm.BLOWFISH_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.CAST_128;
import static org.ipsec4j.itests.interop.EspAlgorithm.CHACHA20_POLY1305;
import static org.ipsec4j.itests.interop.EspAlgorithm.DES;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_MD5;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA1;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA256;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA384;
import static org.ipsec4j.itests.interop.EspAlgorithm.HMAC_SHA512;
import static org.ipsec4j.itests.interop.EspAlgorithm.NULL_AUTH;
import static org.ipsec4j.itests.interop.EspAlgorithm.NULL_ENC;
import static org.ipsec4j.itests.interop.EspAlgorithm.TRIPLE_DES;

import java.util.ArrayList;
import java.util.List;

/**
 * The cases run against scapy: every encryption algorithm with every integrity algorithm (combined modes alone) in
 * every topology; the other key lengths with one integrity algorithm in every topology; extended sequence numbers
 * for a selection, starting fresh, just below 2<sup>32</sup> and just below 6 &middot; 2<sup>32</sup>, so that the
 * packets cross into the next high half.
 */
final class ScapyMatrix {
    /** ESN starts: a fresh SA, the first 2^32 boundary, and a high half above 1. */
    static final long[] ESN_STARTS = {1L, 0xFFFF_FFFEL, (5L << 32) | 0xFFFF_FFFDL};

    private static final List<EspAlgorithm[]> ESN_PAIRS = List.of(
            new EspAlgorithm[] {AES_CBC_128, HMAC_SHA256},
            new EspAlgorithm[] {AES_CBC_128, HMAC_SHA1},
            new EspAlgorithm[] {TRIPLE_DES, HMAC_MD5},
            new EspAlgorithm[] {AES_CTR_256, HMAC_SHA512},
            new EspAlgorithm[] {DES, HMAC_SHA384},
            new EspAlgorithm[] {BLOWFISH_128, HMAC_SHA1},
            new EspAlgorithm[] {CAST_128, AES_CMAC},
            new EspAlgorithm[] {NULL_ENC, HMAC_SHA256},
            new EspAlgorithm[] {AES_CBC_128, NULL_AUTH},
            new EspAlgorithm[] {AES_GCM_16_128, NULL_AUTH},
            new EspAlgorithm[] {AES_GCM_16_256, NULL_AUTH},
            new EspAlgorithm[] {CHACHA20_POLY1305, NULL_AUTH});

    private ScapyMatrix() {
    }

    static List<EspCase> cases() {
        List<EspCase> out = new ArrayList<>();
        for (Topology t : Topology.ALL) {
            for (EspAlgorithm enc : EspAlgorithm.SCAPY_ENCRYPTION) {
                for (EspAlgorithm auth : EspAlgorithm.SCAPY_INTEGRITY) {
                    if (!(enc.isNull() && auth.isNull())) { // RFC 4303 section 3.2: not both null
                        out.add(EspCase.of(out.size() + 1, enc, auth, t, false, 1));
                    }
                }
            }
            for (EspAlgorithm aead : EspAlgorithm.SCAPY_AEAD) {
                out.add(EspCase.of(out.size() + 1, aead, NULL_AUTH, t, false, 1));
            }
            for (EspAlgorithm enc : EspAlgorithm.SCAPY_KEY_LENGTHS) {
                out.add(EspCase.of(out.size() + 1, enc, enc.isAead() ? NULL_AUTH : HMAC_SHA256, t, false, 1));
            }
        }
        for (Topology t : List.of(Topology.TRANSPORT_V4, Topology.TUNNEL_V6_IN_V6, Topology.TUNNEL_V4_IN_V6)) {
            for (EspAlgorithm[] pair : ESN_PAIRS) {
                for (long first : ESN_STARTS) {
                    out.add(EspCase.of(out.size() + 1, pair[0], pair[1], t, true, first));
                }
            }
        }
        return out;
    }
}
