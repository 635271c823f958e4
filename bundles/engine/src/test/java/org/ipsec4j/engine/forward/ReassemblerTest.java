package org.ipsec4j.engine.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

/** Reassembly of crafted IPv4 and IPv6 fragments: order, overlaps, limits, timeouts. */
class ReassemblerTest {
    private final Reassembler r = new Reassembler();
    private final IpView ip = new IpView();
    private final PacketBuffer out = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
    private final byte[] data = new byte[3000];
    private long now = 1_000;

    ReassemblerTest() {
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
    }

    /** An IPv4 fragment of {@code data[off..off+len)}: protocol 50, id, offset and MF as given. */
    static byte[] v4(String src, int id, byte[] data, int off, int len, boolean more) {
        ByteBuffer b = ByteBuffer.allocate(20 + len);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + len)).putShort((short) id)
                .putShort((short) ((off / 8) | (more ? 0x2000 : 0))).put((byte) 64).put((byte) 50).putShort((short) 0)
                .put(Node.addr(src).getAddress()).put(Node.addr("192.0.2.2").getAddress()).put(data, off, len);
        byte[] p = b.array();
        int c = InternetChecksum.compute(p, 0, 20);
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
        return p;
    }

    /** An IPv6 fragment with a fragment header (next header 50) after the fixed header. */
    static byte[] v6(int id, byte[] data, int off, int len, boolean more) {
        ByteBuffer b = ByteBuffer.allocate(48 + len);
        b.putInt(0x60000000).putShort((short) (8 + len)).put((byte) 44).put((byte) 64)
                .put(Node.addr("2001:db8::1").getAddress()).put(Node.addr("2001:db8::2").getAddress())
                .put((byte) 50).put((byte) 0).putShort((short) (off | (more ? 1 : 0))).putInt(id).put(data, off, len);
        return b.array();
    }

    private Reassembler.Outcome add(byte[] fragment) {
        return add(fragment, 64, 64);
    }

    private Reassembler.Outcome add(byte[] fragment, int maxPackets, int maxFragments) {
        PacketBuffer pkt = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM)
                .set(PacketBuffers.HEADROOM, fragment, 0, fragment.length);
        assertEquals(Verdict.OK, ip.parse(pkt));
        return r.add(ip, pkt, out, now, maxPackets, maxFragments);
    }

    private byte[] payloadOfOut(int headerLength) {
        byte[] p = out.toByteArray();
        return Arrays.copyOfRange(p, headerLength, p.length);
    }

    @Test
    void fragmentsInAnyOrderMakeTheDatagram() {
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 7, data, 1480, 1480, true)));
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 7, data, 2960, 40, false)));
        assertEquals(Reassembler.Outcome.COMPLETE, add(v4("192.0.2.1", 7, data, 0, 1480, true)));
        byte[] whole = out.toByteArray();
        assertEquals(3020, whole.length);
        assertEquals(3020, ((whole[2] & 0xff) << 8) | (whole[3] & 0xff));
        assertEquals(0, whole[6] | whole[7], "no fragment flags left");
        assertEquals(0, InternetChecksum.compute(whole, 0, 20), "header checksum");
        assertArrayEquals(data, payloadOfOut(20));
        assertEquals(0, r.inFlight());
    }

    @Test
    void datagramsAreKeptApartBySourceAndId() {
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 1, data, 0, 8, true)));
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.3", 1, data, 0, 8, true)));
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 2, data, 0, 8, true)));
        assertEquals(3, r.inFlight());
        assertEquals(Reassembler.Outcome.COMPLETE, add(v4("192.0.2.3", 1, data, 8, 8, false)));
        assertArrayEquals(Arrays.copyOf(data, 16), payloadOfOut(20));
    }

    @Test
    void overlapsAndDuplicatesDropTheDatagram() {
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 9, data, 0, 16, true)));
        assertEquals(Reassembler.Outcome.DROPPED, add(v4("192.0.2.1", 9, data, 8, 16, true)));
        assertEquals(0, r.inFlight());
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 9, data, 0, 16, true)));
        assertEquals(Reassembler.Outcome.DROPPED, add(v4("192.0.2.1", 9, data, 0, 16, true)), "a duplicate");
    }

    @Test
    void inconsistentLengthsDropTheDatagram() {
        assertEquals(Reassembler.Outcome.DROPPED, add(v4("192.0.2.1", 3, data, 0, 12, true)), "not a multiple of 8");
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 4, data, 16, 8, false)));
        assertEquals(Reassembler.Outcome.DROPPED, add(v4("192.0.2.1", 4, data, 24, 8, true)), "past the end");
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 5, data, 16, 8, true)));
        assertEquals(Reassembler.Outcome.DROPPED, add(v4("192.0.2.1", 5, data, 8, 8, false)), "ends before data");
    }

    @Test
    void oneSourceMayHoldAQuarterOfTheSlots() {
        for (int id = 0; id < 4; id++) {
            assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", id, data, 0, 8, true), 16, 64));
        }
        assertEquals(Reassembler.Outcome.NO_ROOM, add(v4("192.0.2.1", 99, data, 0, 8, true), 16, 64));
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.3", 99, data, 0, 8, true), 16, 64));
        assertEquals(Reassembler.Outcome.COMPLETE, add(v4("192.0.2.1", 0, data, 8, 8, false), 16, 64),
                "fragments of datagrams under way still come in");
    }

    @Test
    void atMostMaxPacketsInFlight() {
        for (int i = 1; i <= 4; i++) {
            assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2." + i, 1, data, 0, 8, true), 4, 64));
        }
        assertEquals(Reassembler.Outcome.NO_ROOM, add(v4("192.0.2.5", 1, data, 0, 8, true), 4, 64));
        assertEquals(Reassembler.Outcome.NO_ROOM, add(v4("192.0.2.5", 1, data, 0, 8, true), 0, 64), "0: none");
    }

    @Test
    void tooManyFragmentsDropTheDatagram() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 1, data, i * 8, 8, true), 64, 3));
        }
        assertEquals(Reassembler.Outcome.DROPPED, add(v4("192.0.2.1", 1, data, 24, 8, false), 64, 3));
    }

    @Test
    void datagramsTimeOut() {
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 1, data, 0, 8, true)));
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 1, data, 8, 8, true)));
        now += Reassembler.TIMEOUT_NANOS + 1;
        assertEquals(Reassembler.Outcome.PENDING, add(v4("192.0.2.1", 1, data, 16, 8, false)),
                "the late fragment starts a new datagram");
        assertEquals(2, r.timedOutFragments(4));
        assertEquals(1, r.inFlight());
    }

    @Test
    void ipv6FragmentsMakeTheDatagramWithoutTheFragmentHeader() {
        assertEquals(Reassembler.Outcome.PENDING, add(v6(0x12345678, data, 1232, 768, false)));
        assertEquals(Reassembler.Outcome.COMPLETE, add(v6(0x12345678, data, 0, 1232, true)));
        byte[] whole = out.toByteArray();
        assertEquals(40 + 2000, whole.length);
        assertEquals(2000, ((whole[4] & 0xff) << 8) | (whole[5] & 0xff), "payload length");
        assertEquals(50, whole[6], "next header: what followed the fragment header");
        assertArrayEquals(Arrays.copyOf(data, 2000), payloadOfOut(40));
        assertEquals(Reassembler.Outcome.PENDING, add(v6(1, data, 0, 8, true)));
        assertEquals(Reassembler.Outcome.DROPPED, add(v6(1, data, 0, 16, true)), "RFC 5722: overlap drops");
    }

    @Test
    void steadyStateReassemblyAllocatesNothing() {
        byte[][] frags = {v4("192.0.2.1", 1, data, 0, 1480, true), v4("192.0.2.1", 1, data, 1480, 1520, false)};
        PacketBuffer pkt = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
        Runnable once = () -> {
            for (byte[] f : frags) {
                pkt.set(PacketBuffers.HEADROOM, f, 0, f.length);
                ip.parse(pkt);
                r.add(ip, pkt, out, now, 64, 64);
            }
        };
        long bytes = Allocations.measure(once, 20_000);
        assertEquals(true, bytes < 4096, "allocated " + bytes + " bytes");
    }
}
