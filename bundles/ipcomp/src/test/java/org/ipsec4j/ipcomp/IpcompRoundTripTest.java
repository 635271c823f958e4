package org.ipsec4j.ipcomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.zip.Inflater;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * IPComp out and back in, in every layout: the header and its place, a payload that really is smaller and inflates
 * back (checked with the JDK's {@link Inflater} directly), the packets that must not be compressed (short, or not
 * shrinking), the CPIs, the modes, and the counters.
 */
class IpcompRoundTripTest {
    private static final Fixtures.Registry REGISTRY = new Fixtures.Registry();

    /** Where the packet comes from and how it is carried. */
    enum Layout {
        TRANSPORT4(false, false), TRANSPORT6(true, false), TRANSPORT6_EXTENSIONS(true, false), TUNNEL44(false, true),
        TUNNEL66(true, true), TUNNEL46(true, true), TUNNEL64(false, true);

        final boolean outer6;
        final boolean tunnel;

        Layout(boolean outer6, boolean tunnel) {
            this.outer6 = outer6;
            this.tunnel = tunnel;
        }

        byte[] packet(byte[] udp) {
            return switch (this) {
                case TRANSPORT4, TUNNEL44, TUNNEL46 -> Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, udp);
                case TRANSPORT6, TUNNEL66, TUNNEL64 -> Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.UDP, udp);
                case TRANSPORT6_EXTENSIONS -> Fixtures.ipv6(Fixtures.A6, Fixtures.B6, IpProtocol.HOPOPT,
                        Fixtures.concat(Fixtures.hex("2b00" + "3e0401020304"), // hop-by-hop
                                Fixtures.hex("1100" + "0000" + "00000000"), // routing, no segments left
                                udp));
            };
        }

        /** The bytes in front of the IPComp header (the outer header in tunnel mode). */
        int headers() {
            return switch (this) {
                case TRANSPORT4, TUNNEL44, TUNNEL64 -> 20;
                case TRANSPORT6, TUNNEL66, TUNNEL46 -> 40;
                case TRANSPORT6_EXTENSIONS -> 56;
            };
        }

        InetAddress src() {
            return outer6 ? Fixtures.A6 : Fixtures.A4;
        }

        InetAddress dst() {
            return outer6 ? Fixtures.B6 : Fixtures.B4;
        }

        SecurityAssociation sa() {
            return Fixtures.ipcomp(src(), dst(), tunnel ? IpsecMode.TUNNEL : IpsecMode.TRANSPORT).build();
        }
    }

    private static IpcompTransform transform() {
        return new IpcompTransform(REGISTRY, IpcompOptions.DEFAULTS);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void compressedOutAndBackIn(Layout layout) throws Exception {
        SecurityAssociation cfg = layout.sa();
        SaEntry out = new SaTable().add(cfg);
        SaEntry in = new SaTable().add(cfg);
        byte[] plain = layout.packet(Fixtures.text(1000));
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, transform().output(pkt, out));
        byte[] wire = pkt.toByteArray();
        int at = layout.headers();
        assertTrue(wire.length < plain.length / 2, "compressed: " + wire.length + " of " + plain.length);
        assertEquals(IpProtocol.IPCOMP, layout.outer6 ? wire[layout == Layout.TRANSPORT6_EXTENSIONS ? 48 : 6]
                : wire[9]);
        int nextHeader = wire[at] & 0xff;
        assertEquals(layout.tunnel ? (plain[0] >>> 4 == 4 ? IpProtocol.IPV4 : IpProtocol.IPV6) : IpProtocol.UDP,
                nextHeader);
        assertEquals(0, wire[at + 1], "flags");
        assertEquals(Fixtures.CPI, ((wire[at + 2] & 0xff) << 8) | (wire[at + 3] & 0xff));
        int original = layout.tunnel ? 0 : at;
        assertEquals(Fixtures.hex(Arrays.copyOfRange(plain, original, plain.length)),
                Fixtures.hex(inflate(Arrays.copyOfRange(wire, at + 4, wire.length))), "raw deflate of the payload");
        if (!layout.tunnel) {
            int addresses = layout.outer6 ? 8 : 12;
            assertEquals(Fixtures.hex(Arrays.copyOfRange(plain, addresses, layout.outer6 ? 40 : 20)),
                    Fixtures.hex(Arrays.copyOfRange(wire, addresses, layout.outer6 ? 40 : 20)), "addresses");
        }

        assertEquals(Verdict.OK, transform().input(pkt, in));
        assertEquals(Fixtures.hex(plain), Fixtures.hex(pkt.toByteArray()));
        assertEquals(1, out.counters().packets());
        assertEquals(plain.length, out.counters().bytes());
        assertEquals(1, in.counters().packets());
        assertEquals(plain.length, in.counters().bytes());
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void whatDoesNotShrinkGoesAsItIs(Layout layout) {
        for (byte[] udp : new byte[][] {Fixtures.text(40), Fixtures.noise(1200)}) {
            SaEntry out = new SaTable().add(layout.sa());
            byte[] plain = layout.packet(udp);
            PacketBuffer pkt = Fixtures.buffer(plain);
            assertEquals(Verdict.OK, transform().output(pkt, out));
            byte[] wire = pkt.toByteArray();
            if (layout.tunnel) {
                // IP in IP: the outer header, then the packet as it was
                int outer = layout.outer6 ? 40 : 20;
                assertEquals(plain.length + outer, wire.length);
                assertEquals(plain[0] >>> 4 == 4 ? IpProtocol.IPV4 : IpProtocol.IPV6,
                        layout.outer6 ? wire[6] : wire[9]);
                assertEquals(Fixtures.hex(plain), Fixtures.hex(Arrays.copyOfRange(wire, outer, wire.length)));
            } else {
                assertEquals(Fixtures.hex(plain), Fixtures.hex(wire), "no IPComp header at all");
            }
            assertEquals(1, out.counters().packets(), "still carried by the SA");
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"89,false", "90,true", "91,true"})
    void theThresholdIsNinetyBytesOfPayload(int payload, boolean compressed) {
        SaEntry out = new SaTable().add(Layout.TRANSPORT4.sa());
        byte[] zeros = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, new byte[payload]);
        PacketBuffer pkt = Fixtures.buffer(zeros);
        assertEquals(Verdict.OK, transform().output(pkt, out));
        assertEquals(compressed, pkt.length() < zeros.length);
        assertEquals(compressed ? IpProtocol.IPCOMP : IpProtocol.UDP, pkt.array()[pkt.start() + 9]);

        IpcompTransform lower = new IpcompTransform(REGISTRY, new IpcompOptions(20, 65535, 64, 64));
        pkt = Fixtures.buffer(zeros);
        assertEquals(Verdict.OK, lower.output(pkt, out));
        assertTrue(pkt.length() < zeros.length, "a lower threshold compresses it");
    }

    @Test
    void theCpiIsTheSpiOnOutputAndEitherItOrTheWellKnownOneOnInput() {
        SecurityAssociation cfg = Layout.TRANSPORT4.sa();
        SaEntry in = new SaTable().add(cfg);
        byte[] plain = Layout.TRANSPORT4.packet(Fixtures.text(500));
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, transform().output(pkt, new SaTable().add(cfg)));
        byte[] wire = pkt.toByteArray();
        assertEquals(Verdict.OK, transform().input(Fixtures.buffer(wire), in));
        byte[] wellKnown = wire.clone();
        wellKnown[22] = 0;
        wellKnown[23] = 2; // deflate's well-known CPI, as KAME sends it without -R
        assertEquals(Verdict.OK, transform().input(Fixtures.buffer(wellKnown), in));
        byte[] other = wire.clone();
        other[23] = 0x22;
        assertEquals(Verdict.NO_SA, transform().input(Fixtures.buffer(other), in));
        byte[] flags = wire.clone();
        flags[21] = (byte) 0xff;
        assertEquals(Verdict.OK, transform().input(Fixtures.buffer(flags), in), "flags are ignored on receipt");

        // a well-known CPI as the SA's own (-R with a CPI below 256)
        SecurityAssociation raw = SecurityAssociation.builder(Fixtures.A4, Fixtures.B4,
                org.ipsec4j.api.sa.SaProtocol.IPCOMP, 2).compression(cfg.compression().orElseThrow()).rawCpi(true)
                .build();
        pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, transform().output(pkt, new SaTable().add(raw)));
        assertEquals(2, pkt.array()[pkt.start() + 23]);
    }

    @Test
    void modeAnyFollowsTheRuleOnOutputAndTheNextHeaderOnInput() {
        SecurityAssociation cfg = Fixtures.ipcomp(Fixtures.A4, Fixtures.B4, IpsecMode.ANY).build();
        SaEntry out = new SaTable().add(cfg);
        SaEntry in = new SaTable().add(cfg);
        byte[] inner = Fixtures.ipv4(Fixtures.ip("10.0.1.1"), Fixtures.ip("10.0.2.2"), IpProtocol.UDP,
                Fixtures.text(400));
        PacketBuffer pkt = Fixtures.buffer(inner);
        assertEquals(Verdict.OK, transform().output(pkt, out, IpsecMode.TUNNEL));
        assertEquals(IpProtocol.IPV4, pkt.array()[pkt.start() + 20]);
        assertEquals(Verdict.OK, transform().input(pkt, in));
        assertEquals(Fixtures.hex(inner), Fixtures.hex(pkt.toByteArray()));

        SaEntry transportOnly = new SaTable().add(Layout.TRANSPORT4.sa());
        assertEquals(Verdict.BAD_STATE, transform().output(Fixtures.buffer(inner), transportOnly, IpsecMode.TUNNEL));
        assertEquals(1, transportOnly.counters().drops(Verdict.BAD_STATE));
    }

    @Test
    void tunnelEcnAndOuterHeader() {
        SaEntry out = new SaTable().add(Layout.TUNNEL44.sa());
        SaEntry in = new SaTable().add(Layout.TUNNEL44.sa());
        byte[] inner = Layout.TUNNEL44.packet(Fixtures.text(300)); // TOS 0x29: DSCP 10, ECT(1)
        PacketBuffer pkt = Fixtures.buffer(inner);
        assertEquals(Verdict.OK, transform().output(pkt, out));
        byte[] wire = pkt.toByteArray();
        assertEquals(0x29, wire[1] & 0xff, "DSCP and ECN copied");
        assertEquals(0x40, wire[6] & 0xe0, "DF copied");
        assertEquals(64, wire[8]);
        pkt.array()[pkt.start() + 1] |= 3; // congestion experienced on the way
        new org.ipsec4j.api.packet.Ipv4Header().bind(pkt.array(), pkt.start()).fillChecksum();
        assertEquals(Verdict.OK, transform().input(pkt, in));
        byte[] back = pkt.toByteArray();
        assertEquals(0x2b, back[1] & 0xff, "CE carried into the inner header");
        org.ipsec4j.api.packet.Ipv4Header ip = new org.ipsec4j.api.packet.Ipv4Header();
        assertEquals(Verdict.OK, ip.wrap(back, 0, back.length));
        assertTrue(ip.verifyChecksum());
    }

    private static byte[] inflate(byte[] raw) throws Exception {
        Inflater inflater = new Inflater(true);
        inflater.setInput(raw);
        byte[] out = new byte[70000];
        int n = inflater.inflate(out);
        assertTrue(inflater.finished());
        inflater.end();
        return Arrays.copyOf(out, n);
    }
}
