package org.ipsec4j.itests.interop;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One SA of the interoperability matrix: algorithms with fresh random keys, a topology, and the sequence number of its
 * first packet (with ESN, one near a 2<sup>32</sup> boundary, so that the packets cross it).
 *
 * @param id         unique, usable as a file name
 * @param spi        unique across the matrix
 * @param encryption encryption or combined-mode algorithm
 * @param encKey     its key (empty for null)
 * @param auth       integrity algorithm ({@link EspAlgorithm#NULL_AUTH} with a combined mode)
 * @param authKey    its key (empty for null)
 * @param topology   mode and addresses
 * @param esn        extended sequence numbers
 * @param firstSeq   the 64-bit sequence number of the first packet, 1 for a fresh SA
 * @param seed       makes the plaintext payloads
 */
record EspCase(String id, int spi, EspAlgorithm encryption, byte[] encKey, EspAlgorithm auth, byte[] authKey,
        Topology topology, boolean esn, long firstSeq, int seed) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    static EspCase of(int index, EspAlgorithm encryption, EspAlgorithm auth, Topology topology, boolean esn,
            long firstSeq) {
        String id = String.format("%03d-%s-%s-%s%s", index, encryption.label(), auth.label(), topology.label(),
                esn ? "-esn-" + Long.toHexString(firstSeq) : "");
        return new EspCase(id, 0x10000 + index, encryption, key(encryption), auth, key(auth), topology, esn, firstSeq,
                index);
    }

    private static byte[] key(EspAlgorithm a) {
        byte[] k = new byte[a.keyBits() / 8];
        RANDOM.nextBytes(k); // a DES weak key has odds of 2^-52 and would fail the case's setkey loudly
        return k;
    }

    /** The {@code add} statement of this SA. */
    String setkeySa() {
        StringBuilder sb = new StringBuilder("add ").append(topology.src()).append(' ').append(topology.dst())
                .append(" esp 0x").append(Integer.toHexString(spi)).append(" -m ").append(topology.mode())
                .append(" -r 8");
        if (esn) {
            sb.append(" -esn");
        }
        sb.append(" -E ").append(encryption.setkey());
        if (!encryption.isNull()) {
            sb.append(" 0x").append(HEX.formatHex(encKey));
        }
        if (!auth.isNull()) {
            sb.append(" -A ").append(auth.setkey()).append(" 0x").append(HEX.formatHex(authKey));
        }
        return sb.append(";\n").toString();
    }

    /** The setkey configuration of the sending end ({@code out} policy) or the receiving end ({@code in}). */
    String setkey(String dir) {
        return setkeySa() + topology.policy(dir);
    }

    /** The case as the scapy script reads it, with {@code extra} fields (already JSON) appended. */
    String json(String extra) {
        Topology t = topology;
        return "{" + Json.field("id", id) + "," + Json.field("spi", spi) + ","
                + Json.field("crypt", encryption.scapy()) + "," + Json.field("crypt_key", HEX.formatHex(encKey)) + ","
                + Json.field("auth", auth.scapy()) + "," + Json.field("auth_key", HEX.formatHex(authKey)) + ","
                + Json.field("mode", t.mode()) + "," + Json.field("inner", t.inner()) + ","
                + Json.field("src", t.src()) + "," + Json.field("dst", t.dst()) + ","
                + Json.field("inner_src", t.innerSrc()) + "," + Json.field("inner_dst", t.innerDst()) + ","
                + Json.field("esn", esn) + "," + Json.field("first_seq", firstSeq) + "," + Json.field("seed", seed)
                + extra + "}";
    }

    @Override
    public String toString() {
        return id;
    }
}
