package org.ipsec4j.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.EncryptionContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code esp-old} (RFC 1827, RFC 1829): the layout (SPI and IV only, no sequence number, no ICV), the ciphertext
 * checked by decrypting it with the JDK's DES directly, round trips in every mode, the algorithms refused, and broken
 * input. {@code des-32iv}'s 4-byte IV is extended to {@code iv || ~iv} by a provider written here on the JDK's DES, as
 * the Bouncy Castle bundle does it.
 */
class EspOldTest {
    private static final TestRegistry REGISTRY = TestRegistry.withJce().put(des32iv());

    private static SecurityAssociation sa(InetAddress src, InetAddress dst, String enc, IpsecMode mode) {
        int bits = enc.equals("null") ? 0 : enc.contains("des") && !enc.startsWith("3") ? 64
                : enc.startsWith("3") ? 192 : 128;
        byte[] key = new byte[bits / 8];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x31 + 3 * i); // not a weak DES key
        }
        return SecurityAssociation.builder(src, dst, SaProtocol.ESP_OLD, 0x5000).mode(mode)
                .encryption(new AlgorithmKey(enc, key)).build();
    }

    private static byte[] plain4() {
        return Packets.ipv4(TestSas.A4, TestSas.B4, IpProtocol.UDP, Packets.payload(45));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"des-cbc,TRANSPORT,4,8", "des-cbc,TUNNEL,4,8", "des-32iv,TRANSPORT,4,4", "des-32iv,TUNNEL,6,4",
        "3des-cbc,TRANSPORT,6,8", "aes-cbc,TUNNEL,4,16", "aes-cbc,TRANSPORT,6,16", "blowfish-cbc,TUNNEL,6,8",
        "null,TRANSPORT,4,0", "null,TUNNEL,6,0"})
    void outAndBackIn(String enc, IpsecMode mode, int version, int ivSize) {
        boolean six = version == 6;
        SecurityAssociation cfg = sa(six ? TestSas.A6 : TestSas.A4, six ? TestSas.B6 : TestSas.B4, enc, mode);
        EspOldTransform sender = new EspOldTransform(REGISTRY, EspOptions.DEFAULTS);
        EspOldTransform receiver = new EspOldTransform(REGISTRY, EspOptions.DEFAULTS);
        SaEntry out = new SaTable().add(cfg);
        SaEntry in = new SaTable().add(cfg);
        byte[] plain = six ? Packets.ipv6(TestSas.A6, TestSas.B6, IpProtocol.UDP, Packets.payload(45)) : plain4();
        int ipLen = six ? 40 : 20;
        int block = Math.max(4, enc.equals("null") ? 1 : enc.startsWith("aes") ? 16 : 8);
        for (int i = 0; i < 3; i++) {
            PacketBuffer pkt = Packets.buffer(plain);
            assertEquals(Verdict.OK, sender.output(pkt, out));
            byte[] wire = pkt.toByteArray();
            int espOff = ipLen;
            int payload = mode == IpsecMode.TUNNEL ? plain.length : plain.length - ipLen;
            int text = payload + 2 + Math.floorMod(-(payload + 2), block);
            assertEquals((mode == IpsecMode.TUNNEL ? ipLen : ipLen) + 4 + ivSize + text, wire.length);
            assertEquals(IpProtocol.ESP, six ? wire[6] : wire[9]);
            assertEquals(0x5000, ((wire[espOff + 2] & 0xff) << 8) | (wire[espOff + 3] & 0xff), "SPI, then the IV");
            assertEquals(Verdict.OK, receiver.input(pkt, in));
            assertArrayEquals(plain, pkt.toByteArray());
        }
        assertEquals(3, out.counters().packets());
        assertEquals(3, in.counters().packets());
        assertEquals(0, in.counters().sequence(), "no sequence number");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"des-cbc,8", "des-32iv,4"})
    void theCiphertextIsRfc1829sDesCbc(String enc, int ivSize) throws Exception {
        SecurityAssociation cfg = sa(TestSas.A4, TestSas.B4, enc, IpsecMode.TRANSPORT);
        PacketBuffer pkt = Packets.buffer(plain4());
        assertEquals(Verdict.OK, new EspOldTransform(REGISTRY, EspOptions.DEFAULTS).output(pkt,
                new SaTable().add(cfg)));
        byte[] wire = pkt.toByteArray();
        byte[] iv = Arrays.copyOfRange(wire, 24, 24 + ivSize);
        byte[] iv8 = ivSize == 8 ? iv : new byte[] {iv[0], iv[1], iv[2], iv[3], (byte) ~iv[0], (byte) ~iv[1],
            (byte) ~iv[2], (byte) ~iv[3]};
        Cipher des = Cipher.getInstance("DES/CBC/NoPadding");
        des.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cfg.encryption().orElseThrow().key(), "DES"),
                new IvParameterSpec(iv8));
        byte[] text = des.doFinal(wire, 24 + ivSize, wire.length - 24 - ivSize);
        assertArrayEquals(Packets.payload(45), Arrays.copyOf(text, 45));
        assertEquals(1, text[45], "sequential padding, as setkey's default: one byte to reach 48");
        assertEquals(1, text[46], "pad length");
        assertEquals(IpProtocol.UDP, text[47], "next header");
        assertEquals(48, text.length);
    }

    @Test
    void whatEspOldCannotDo() {
        EspOldTransform old = new EspOldTransform(REGISTRY, EspOptions.DEFAULTS);
        byte[] aesKey = new byte[20];
        SecurityAssociation base = sa(TestSas.A4, TestSas.B4, "des-cbc", IpsecMode.TRANSPORT);
        for (SecurityAssociation cfg : new SecurityAssociation[] {
            base.toBuilder().authentication(new AlgorithmKey("hmac-sha1", new byte[20])).build(),
            base.toBuilder().encryption(new AlgorithmKey("aes-gcm-16", aesKey)).build(),
            base.toBuilder().encryption(new AlgorithmKey("aes-ctr", aesKey)).build(),
            SecurityAssociation.builder(TestSas.A4, TestSas.B4, SaProtocol.ESP, 0x5001)
                    .encryption(new AlgorithmKey("des-cbc", base.encryption().orElseThrow().key())).build()}) {
            SaEntry sa = new SaTable().add(cfg);
            assertEquals(Verdict.BAD_STATE, old.output(Packets.buffer(plain4()), sa), cfg.toString());
            assertEquals(0, sa.counters().packets());
        }
        SaEntry oldSa = new SaTable().add(base);
        assertEquals(Verdict.BAD_STATE, new EspTransform(REGISTRY).output(Packets.buffer(plain4()), oldSa),
                "the RFC 4303 transform leaves esp-old SAs alone");
        assertEquals(Verdict.OK, old.output(Packets.buffer(plain4()), oldSa));
    }

    @Test
    void brokenInputNeverThrows() {
        SecurityAssociation cfg = sa(TestSas.A4, TestSas.B4, "des-cbc", IpsecMode.TRANSPORT);
        EspOldTransform old = new EspOldTransform(REGISTRY, EspOptions.DEFAULTS);
        SaEntry in = new SaTable().add(cfg);
        PacketBuffer pkt = Packets.buffer(plain4());
        assertEquals(Verdict.OK, old.output(pkt, new SaTable().add(cfg)));
        byte[] wire = pkt.toByteArray();
        Set<Verdict> seen = EnumSet.noneOf(Verdict.class);
        for (int len = 0; len < wire.length; len++) {
            assertEquals(Verdict.TRUNCATED, old.input(Packets.buffer(Arrays.copyOf(wire, len)), in), "cut at " + len);
            if (len >= 20) {
                byte[] cut = Arrays.copyOf(wire, len);
                new Ipv4Header().bind(cut, 0).setTotalLength(len).fillChecksum();
                Verdict v = old.input(Packets.buffer(cut), in);
                int text = len - 32;
                Verdict expected = text < 2 ? Verdict.TRUNCATED : text % 8 != 0 ? Verdict.BAD_LENGTH : null;
                if (expected != null) {
                    assertEquals(expected, v, "cut at " + len);
                }
                seen.add(v);
            }
        }
        byte[] otherSpi = wire.clone();
        otherSpi[23] ^= 1;
        assertEquals(Verdict.NO_SA, old.input(Packets.buffer(otherSpi), in));
        for (int bit = 32 * 8; bit < wire.length * 8; bit++) {
            byte[] bad = wire.clone();
            bad[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            seen.add(old.input(Packets.buffer(bad), in)); // no integrity: anything but an exception
        }
        assertTrue(seen.contains(Verdict.BAD_PADDING) || seen.contains(Verdict.BAD_NEXT_HEADER), seen.toString());
        assertEquals(Verdict.OK, old.input(Packets.buffer(wire), in), "and no replay protection either");
        assertEquals(Verdict.OK, old.input(Packets.buffer(wire), in));
    }

    /** {@code des-32iv} on the JDK's DES: the 4-byte IV extended to {@code iv || ~iv}. */
    private static AlgorithmProvider des32iv() {
        AlgorithmDescriptor d = StandardAlgorithms.DES_32IV;
        return new AlgorithmProvider() {
            @Override public AlgorithmDescriptor descriptor() { return d; }
            @Override public String providerName() { return "test"; }
            @Override
            public AlgorithmContext newContext(byte[] key) {
                SecretKeySpec k = new SecretKeySpec(key.clone(), "DES");
                return new EncryptionContext() {
                    @Override public AlgorithmDescriptor descriptor() { return d; }
                    @Override public void close() { }
                    @Override public void encrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
                        run(Cipher.ENCRYPT_MODE, iv, ivOff, buf, off, len);
                    }
                    @Override public void decrypt(byte[] iv, int ivOff, byte[] buf, int off, int len) {
                        run(Cipher.DECRYPT_MODE, iv, ivOff, buf, off, len);
                    }

                    private void run(int mode, byte[] iv, int ivOff, byte[] buf, int off, int len) {
                        byte[] iv8 = new byte[8];
                        for (int i = 0; i < 4; i++) {
                            iv8[i] = iv[ivOff + i];
                            iv8[i + 4] = (byte) ~iv[ivOff + i];
                        }
                        try {
                            Cipher c = Cipher.getInstance("DES/CBC/NoPadding");
                            c.init(mode, k, new IvParameterSpec(iv8));
                            c.doFinal(buf, off, len, buf, off);
                        } catch (java.security.GeneralSecurityException e) {
                            throw new IllegalArgumentException(e);
                        }
                    }
                };
            }
        };
    }
}
