package org.ipsec4j.ipcomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.Ipv4Header;
import org.ipsec4j.api.packet.Ipv6Header;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input: decompression bombs, corrupt and cut streams, lying lengths, wrong CPIs, broken inner
 * packets; each gives its own {@link Verdict}, is counted on the SA, and never throws. IPComp has no integrity check
 * (raw deflate carries no checksum): it relies on the protection outside it, so a payload changed on the way may
 * inflate to other bytes and pass; what it never does is crash, overrun its bounds or keep state.
 */
class IpcompBadInputTest {
    private static final Fixtures.Registry REGISTRY = new Fixtures.Registry();

    private static IpcompTransform transform() {
        return new IpcompTransform(REGISTRY, IpcompOptions.DEFAULTS);
    }

    private static SaEntry sa(IpsecMode mode) {
        return new SaTable().add(Fixtures.ipcomp(Fixtures.A4, Fixtures.B4, mode).build());
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(9, true);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[data.length + 64];
        int n = d.deflate(out);
        d.end();
        return Arrays.copyOf(out, n);
    }

    /** An IPComp packet over IPv4 carrying {@code compressed} with next header {@code nextHeader}. */
    private static byte[] ipcomp4(int nextHeader, byte[] compressed) {
        return Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.IPCOMP,
                Fixtures.concat(new byte[] {(byte) nextHeader, 0, 0x43, 0x21}, compressed));
    }

    private static Verdict input(SaEntry sa, byte[] wire, int capacity) {
        return transform().input(new PacketBuffer(capacity, 64).set(64, wire, 0, wire.length), sa);
    }

    @Test
    void decompressionBombs() {
        SaEntry transport = sa(IpsecMode.TRANSPORT);
        // 200 000 zero bytes in a few hundred: far past any IP packet
        byte[] bomb = deflate(new byte[200_000]);
        assertTrue(bomb.length < 300);
        assertEquals(Verdict.BAD_COMPRESSION, input(transport, ipcomp4(IpProtocol.UDP, bomb), 70_000));
        // in transport mode the IPv4 length field bounds it: 65535 - 20 bytes of payload, not one more
        assertEquals(Verdict.OK, input(transport, ipcomp4(IpProtocol.UDP, deflate(new byte[65515])), 70_000));
        assertEquals(Verdict.BAD_COMPRESSION, input(transport, ipcomp4(IpProtocol.UDP, deflate(new byte[65516])),
                70_000));
        SaEntry tunnel = sa(IpsecMode.TUNNEL);
        assertEquals(Verdict.BAD_COMPRESSION, input(tunnel, ipcomp4(IpProtocol.IPV4, bomb), 70_000));
        // a gateway that wants less: 1500 bytes at most
        IpcompTransform small = new IpcompTransform(REGISTRY, new IpcompOptions(90, 1500, 64, 64));
        byte[] inner = Fixtures.ipv4(Fixtures.ip("10.0.0.1"), Fixtures.ip("10.0.0.2"), IpProtocol.UDP,
                new byte[1480]);
        PacketBuffer ok = Fixtures.buffer(ipcomp4(IpProtocol.IPV4, deflate(inner)));
        assertEquals(Verdict.OK, small.input(ok, tunnel));
        assertEquals(Fixtures.hex(inner), Fixtures.hex(ok.toByteArray()));
        byte[] bigger = Fixtures.ipv4(Fixtures.ip("10.0.0.1"), Fixtures.ip("10.0.0.2"), IpProtocol.UDP,
                new byte[1481]);
        assertEquals(Verdict.BAD_COMPRESSION, small.input(Fixtures.buffer(ipcomp4(IpProtocol.IPV4,
                deflate(bigger))), tunnel));
        assertEquals(2, transport.counters().drops(Verdict.BAD_COMPRESSION));
        assertEquals(2, tunnel.counters().drops(Verdict.BAD_COMPRESSION));
    }

    @Test
    void corruptAndCutStreams() {
        SaEntry sa = sa(IpsecMode.TRANSPORT);
        byte[] compressed = deflate(Fixtures.text(1000));
        Map<Verdict, Long> drops = new EnumMap<>(Verdict.class);
        for (int len = 0; len < compressed.length; len++) {
            // a stream cut short (the IP header agrees): an incomplete stream
            Verdict v = input(sa, ipcomp4(IpProtocol.UDP, Arrays.copyOf(compressed, len)), Fixtures.CAPACITY);
            assertEquals(Verdict.BAD_COMPRESSION, v, "cut at " + len);
            drops.merge(v, 1L, Long::sum);
        }
        byte[] trailing = Fixtures.concat(compressed, new byte[] {1, 2, 3});
        assertEquals(Verdict.BAD_COMPRESSION, input(sa, ipcomp4(IpProtocol.UDP, trailing), Fixtures.CAPACITY),
                "bytes after the end of the stream");
        drops.merge(Verdict.BAD_COMPRESSION, 1L, Long::sum);
        byte[] badBlockType = compressed.clone();
        badBlockType[0] = 0x07; // BFINAL 1, BTYPE 11: reserved
        assertEquals(Verdict.BAD_COMPRESSION, input(sa, ipcomp4(IpProtocol.UDP, badBlockType), Fixtures.CAPACITY));
        drops.merge(Verdict.BAD_COMPRESSION, 1L, Long::sum);
        Random random = new Random(7);
        int passed = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            Verdict v = input(sa, ipcomp4(IpProtocol.UDP, junk), 70_000);
            assertTrue(v == Verdict.OK || v == Verdict.BAD_COMPRESSION, v.toString());
            if (v == Verdict.OK) passed++;
            else drops.merge(v, 1L, Long::sum);
        }
        assertEquals(drops, sa.counters().drops());
        assertEquals(passed, sa.counters().packets(), "junk that happens to inflate goes on: no integrity here");
    }

    @Test
    void truncatedAtEveryOffset() {
        SaEntry out = sa(IpsecMode.TRANSPORT);
        SaEntry in = sa(IpsecMode.TRANSPORT);
        PacketBuffer pkt = Fixtures.buffer(Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP,
                Fixtures.text(600)));
        assertEquals(Verdict.OK, transform().output(pkt, out));
        byte[] wire = pkt.toByteArray();
        for (int len = 0; len < wire.length; len++) {
            assertEquals(Verdict.TRUNCATED, transform().input(Fixtures.buffer(Arrays.copyOf(wire, len)), in),
                    "cut at " + len);
            if (len >= 20) {
                byte[] cut = Arrays.copyOf(wire, len);
                new Ipv4Header().bind(cut, 0).setTotalLength(len).fillChecksum();
                Verdict expected = len < 24 ? Verdict.TRUNCATED : Verdict.BAD_COMPRESSION;
                assertEquals(expected, transform().input(Fixtures.buffer(cut), in), "IPComp cut at " + (len - 20));
            }
        }
        assertEquals(0, in.counters().packets());
        assertEquals(2L * wire.length - 20, in.counters().drops().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(Verdict.OK, transform().input(Fixtures.buffer(wire), in));
    }

    @Test
    void headersThatDoNotFit() {
        SaEntry sa = sa(IpsecMode.TRANSPORT);
        byte[] wire = ipcomp4(IpProtocol.UDP, deflate(Fixtures.text(600)));
        assertEquals(Verdict.BAD_HEADER, input(sa, Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP,
                Fixtures.text(100)), Fixtures.CAPACITY), "not IPComp");
        byte[] badChecksum = wire.clone();
        badChecksum[10] ^= 1;
        assertEquals(Verdict.BAD_HEADER, input(sa, badChecksum, Fixtures.CAPACITY));
        byte[] fragment = wire.clone();
        fragment[6] = 0x20;
        new Ipv4Header().bind(fragment, 0).fillChecksum();
        assertEquals(Verdict.BAD_HEADER, input(sa, fragment, Fixtures.CAPACITY));
        byte[] otherCpi = wire.clone();
        otherCpi[23] = 0x22;
        assertEquals(Verdict.NO_SA, input(sa, otherCpi, Fixtures.CAPACITY));
        byte[] hopByHop = ipcomp4(IpProtocol.HOPOPT, deflate(Fixtures.text(600)));
        assertEquals(Verdict.BAD_NEXT_HEADER, input(sa, hopByHop, Fixtures.CAPACITY));
        assertEquals(Verdict.NO_BUFFER_SPACE, input(sa, wire, 64 + 400), "600 bytes do not fit in 400");
        byte[] six = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.FRAGMENT, Fixtures.concat(
                Fixtures.hex("6c00000100000001"), new byte[] {17, 0, 0x43, 0x21}, deflate(Fixtures.text(300))));
        SaEntry sa6 = new SaTable().add(Fixtures.ipcomp(Fixtures.A6, Fixtures.B6, IpsecMode.TRANSPORT).build());
        assertEquals(Verdict.BAD_HEADER, input(sa6, six, Fixtures.CAPACITY), "a fragment: reassembly first");
        byte[] zero6 = Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.IPCOMP, new byte[] {17, 0, 0x43, 0x21});
        new Ipv6Header().bind(zero6, 0).setPayloadLength(0);
        assertEquals(Verdict.BAD_LENGTH, input(sa6, zero6, Fixtures.CAPACITY));
        assertEquals(0, sa.counters().packets());
    }

    @Test
    void tunnelsWithBrokenInnerPackets() {
        SaEntry sa = sa(IpsecMode.ANY);
        byte[] inner = Fixtures.ipv4(Fixtures.ip("10.0.0.1"), Fixtures.ip("10.0.0.2"), IpProtocol.UDP,
                Fixtures.text(400));
        byte[] claimsMore = inner.clone();
        new Ipv4Header().bind(claimsMore, 0).setTotalLength(inner.length + 1).fillChecksum();
        assertEquals(Verdict.BAD_LENGTH, input(sa, ipcomp4(IpProtocol.IPV4, deflate(claimsMore)), Fixtures.CAPACITY));
        assertEquals(Verdict.BAD_HEADER, input(sa, ipcomp4(IpProtocol.IPV6, deflate(inner)), Fixtures.CAPACITY));
        assertEquals(Verdict.BAD_HEADER, input(sa, ipcomp4(IpProtocol.IPV4, deflate(Fixtures.text(400))),
                Fixtures.CAPACITY), "not an IP packet");
        SaEntry tunnel = sa(IpsecMode.TUNNEL);
        assertEquals(Verdict.BAD_NEXT_HEADER, input(tunnel, ipcomp4(IpProtocol.UDP, deflate(inner)),
                Fixtures.CAPACITY), "a tunnel SA carries IP only");
        byte[] notEct = inner.clone();
        new Ipv4Header().bind(notEct, 0).setTos(0).fillChecksum();
        byte[] ce = ipcomp4(IpProtocol.IPV4, deflate(notEct));
        new Ipv4Header().bind(ce, 0).setTos(3).fillChecksum();
        assertEquals(Verdict.ECN_DROP, input(sa, ce, Fixtures.CAPACITY));
        assertEquals(Map.of(Verdict.BAD_LENGTH, 1L, Verdict.BAD_HEADER, 2L, Verdict.ECN_DROP, 1L),
                sa.counters().drops());
    }

    @Test
    void statesAndAlgorithms() {
        Fixtures.Registry registry = new Fixtures.Registry();
        IpcompTransform ipcomp = new IpcompTransform(registry, IpcompOptions.DEFAULTS);
        SaTable sad = new SaTable();
        SaEntry sa = sad.add(Fixtures.ipcomp(Fixtures.A4, Fixtures.B4, IpsecMode.TRANSPORT).build());
        byte[] plain = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, Fixtures.text(500));
        assertEquals(Verdict.OK, ipcomp.output(Fixtures.buffer(plain), sa));
        AlgorithmProvider deflate = registry.remove(AlgorithmKind.COMPRESSION, "deflate");
        assertEquals(Verdict.NO_ALGORITHM, ipcomp.output(Fixtures.buffer(plain), sa));
        assertEquals(Verdict.NO_ALGORITHM, ipcomp.input(Fixtures.buffer(plain), sa));
        registry.put(deflate);
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, ipcomp.output(pkt, sa));
        assertEquals(Verdict.OK, ipcomp.input(pkt, sa), "the provider is back");
        SaEntry noAlgorithm = new SaTable().add(SecurityAssociation.builder(Fixtures.A4, Fixtures.B4,
                SaProtocol.IPCOMP, 0x1000).build());
        assertEquals(Verdict.BAD_STATE, ipcomp.output(Fixtures.buffer(plain), noAlgorithm), "no -C");
        SaEntry lzs = new SaTable().add(SecurityAssociation.builder(Fixtures.A4, Fixtures.B4, SaProtocol.IPCOMP,
                0x1001).compression(new org.ipsec4j.api.sa.AlgorithmKey("lzs", new byte[0])).build());
        assertEquals(Verdict.NO_ALGORITHM, ipcomp.output(Fixtures.buffer(plain), lzs), "nobody offers LZS");
        SaEntry esp = new SaTable().add(SecurityAssociation.builder(Fixtures.A4, Fixtures.B4, SaProtocol.ESP,
                0x1002).build());
        assertEquals(Verdict.BAD_STATE, ipcomp.output(Fixtures.buffer(plain), esp));
        sad.delete(sa.id());
        assertEquals(Verdict.BAD_STATE, ipcomp.output(Fixtures.buffer(plain), sa));
        assertEquals(Map.of(Verdict.NO_ALGORITHM, 2L, Verdict.BAD_STATE, 1L), sa.counters().drops());
    }
}
