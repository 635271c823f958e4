package org.ipsec4j.io.pcap.ethernet;

import static org.ipsec4j.io.pcap.ethernet.TestFrames.ARP_REPLY;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.ARP_REQUEST;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.GRATUITOUS_ARP;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.NA;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.NEIGHBOUR_MAC;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.NEIGHBOUR_NA;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.NEIGHBOUR_NS;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.NS;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.OTHER_MAC;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.OUR_MAC;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.UNSOLICITED_NA;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.arp;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.ethernet;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.frame;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.hex;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.ipv4;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.ipv6;
import static org.ipsec4j.io.pcap.ethernet.TestFrames.packet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.junit.jupiter.api.Test;

/** The station's ARP, neighbour discovery, neighbour cache and framing, frame by frame on a recording wire. */
class EthernetStationTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 5 * S;
    private static final byte[] NEIGHBOUR_V4 = {(byte) 192, 0, 2, 1};
    private static final byte[] OUR_V4 = {(byte) 192, 0, 2, 2};
    private static final byte[] NEIGHBOUR_V6 = hex("20010db8000000000000000000000001");
    private static final byte[] ZERO_MAC = new byte[6];
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private final TestFrames.Wire wire = new TestFrames.Wire();
    private EthernetStation station = station(EthernetStation.Limits.DEFAULT);

    private EthernetStation station(EthernetStation.Limits limits) {
        return new EthernetStation(OUR_MAC, List.of(prefix("192.0.2.2/24"), prefix("2001:db8::2/64")), 1500, wire,
                EthernetStation.Timers.DEFAULT, limits);
    }

    static IpPrefix prefix(String s) {
        String[] p = s.split("/");
        try {
            return new IpPrefix(InetAddress.getByName(p[0]), Integer.parseInt(p[1]));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean receive(byte[] frame, long now) {
        return station.receive(frame(frame), now);
    }

    private String neighbour(String address) throws Exception {
        return station.neighbour(InetAddress.getByName(address));
    }

    private static byte[] arpReplyFromNeighbour() {
        return arp(2, OUR_MAC, NEIGHBOUR_MAC, NEIGHBOUR_V4, OUR_MAC, OUR_V4);
    }

    // ------------------------------------------------------------------ ARP

    @Test
    void answersArpRequestForItsAddressAndLearnsTheAsker() throws Exception {
        assertFalse(receive(arp(1, BROADCAST, NEIGHBOUR_MAC, NEIGHBOUR_V4, ZERO_MAC, OUR_V4), T0));
        assertEquals(1, wire.frames.size());
        assertEquals(ARP_REPLY, hex(wire.last()));
        assertEquals("02:00:00:00:00:01 STALE", neighbour("192.0.2.1"));
        assertEquals(1, station.linkCounters().arpReplies());
    }

    @Test
    void answersNoArpRequestForAnotherAddressAndLearnsNothing() throws Exception {
        assertFalse(receive(arp(1, BROADCAST, NEIGHBOUR_MAC, NEIGHBOUR_V4, ZERO_MAC, new byte[] {(byte) 192, 0, 2, 9}),
                T0));
        assertTrue(wire.frames.isEmpty());
        assertNull(neighbour("192.0.2.1"));
        assertEquals(1, station.linkCounters().ignored());
    }

    @Test
    void rejectsMalformedArp() {
        byte[] bad = arp(1, BROADCAST, NEIGHBOUR_MAC, NEIGHBOUR_V4, ZERO_MAC, OUR_V4);
        bad[19] = 16; // protocol address length
        assertFalse(receive(bad, T0));
        byte[] shortArp = Arrays.copyOf(arp(1, BROADCAST, NEIGHBOUR_MAC, NEIGHBOUR_V4, ZERO_MAC, OUR_V4), 40);
        assertFalse(receive(shortArp, T0));
        byte[] groupSender = arp(1, BROADCAST, BROADCAST, NEIGHBOUR_V4, ZERO_MAC, OUR_V4);
        groupSender[6] = 2; // Ethernet source unicast, ARP sender broadcast
        assertFalse(receive(groupSender, T0));
        assertTrue(wire.frames.isEmpty());
        assertEquals(3, station.linkCounters().malformed());
        assertEquals(3, station.dropped());
    }

    @Test
    void countsAConflictWhenAnotherStationClaimsOurAddress() {
        assertFalse(receive(arp(1, BROADCAST, OTHER_MAC, OUR_V4, ZERO_MAC, OUR_V4), T0));
        assertTrue(wire.frames.isEmpty());
        assertEquals(1, station.linkCounters().conflicts());
    }

    @Test
    void resolvesANextHopWithArpAndSendsWhatWaited() throws Exception {
        byte[] p1 = ipv4(100, 1);
        byte[] p2 = ipv4(200, 2);
        assertTrue(station.send(packet(p1), NEIGHBOUR_V4, 0, T0));
        assertTrue(station.send(packet(p2), NEIGHBOUR_V4, 0, T0));
        assertEquals(List.of(ARP_REQUEST), wire.take().stream().map(TestFrames::hex).toList());
        assertEquals("incomplete INCOMPLETE", neighbour("192.0.2.1"));
        assertEquals(0, station.sentPackets());

        assertFalse(receive(arpReplyFromNeighbour(), T0 + S / 10));
        List<byte[]> sent = wire.take();
        assertEquals(2, sent.size());
        assertArrayEquals(ethernet(NEIGHBOUR_MAC, OUR_MAC, 0x0800, p1), sent.get(0));
        assertArrayEquals(ethernet(NEIGHBOUR_MAC, OUR_MAC, 0x0800, p2), sent.get(1));
        assertEquals("02:00:00:00:00:01 REACHABLE", neighbour("192.0.2.1"));

        byte[] p3 = ipv4(60, 3);
        PacketBuffer b3 = packet(p3);
        assertTrue(station.send(b3, NEIGHBOUR_V4, 0, T0 + S));
        assertArrayEquals(ethernet(NEIGHBOUR_MAC, OUR_MAC, 0x0800, p3), wire.last());
        assertArrayEquals(p3, b3.toByteArray(), "the caller's packet is left as it was");
        assertEquals(3, station.sentPackets());
        assertEquals(360, station.sentBytes());
        assertEquals(2, station.linkCounters().queued());
    }

    @Test
    void boundsThePacketsWaitingForOneNeighbour() {
        station = station(new EthernetStation.Limits(16, 3, 8));
        for (int i = 0; i < 5; i++) {
            assertEquals(i < 3, station.send(packet(ipv4(80, i)), NEIGHBOUR_V4, 0, T0));
        }
        assertEquals(2, station.dropped());
        wire.take();
        receive(arpReplyFromNeighbour(), T0);
        List<byte[]> sent = wire.take();
        assertEquals(3, sent.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(ethernet(NEIGHBOUR_MAC, OUR_MAC, 0x0800, ipv4(80, i)), sent.get(i));
        }
    }

    @Test
    void boundsThePacketsWaitingForAllNeighbours() {
        station = station(new EthernetStation.Limits(16, 4, 5));
        int accepted = 0;
        for (int n = 1; n <= 3; n++) {
            for (int i = 0; i < 3; i++) {
                if (station.send(packet(ipv4(80, i)), new byte[] {(byte) 192, 0, 2, (byte) (10 + n)}, 0, T0)) {
                    accepted++;
                }
            }
        }
        assertEquals(5, accepted);
        assertEquals(4, station.dropped());
    }

    @Test
    void retriesThenFailsAResolutionAndDropsWhatWaited() throws Exception {
        station.send(packet(ipv4(80, 1)), NEIGHBOUR_V4, 0, T0);
        station.tick(T0 + S / 2);
        assertEquals(1, wire.frames.size(), "no second request before the retransmit time");
        station.tick(T0 + S);
        station.tick(T0 + 2 * S);
        assertEquals(3, wire.frames.size());
        assertTrue(wire.frames.stream().allMatch(f -> hex(f).equals(ARP_REQUEST)));
        station.tick(T0 + 3 * S);
        assertEquals(3, wire.frames.size());
        assertEquals("00:00:00:00:00:00 FAILED", neighbour("192.0.2.1"));
        assertEquals(1, station.dropped());
        assertEquals(1, station.linkCounters().failures());

        wire.take();
        assertTrue(station.send(packet(ipv4(80, 2)), NEIGHBOUR_V4, 0, T0 + 4 * S));
        assertEquals(List.of(ARP_REQUEST), wire.take().stream().map(TestFrames::hex).toList(),
                "a new packet starts a new resolution");
        station.tick(T0 + 30 * S);
        station.tick(T0 + 31 * S);
        station.tick(T0 + 32 * S);
        station.tick(T0 + 60 * S);
        assertNull(neighbour("192.0.2.1"), "a failed neighbour is forgotten");
    }

    @Test
    void probesAStaleNeighbourWhileStillSendingToIt() throws Exception {
        station.send(packet(ipv4(80, 1)), NEIGHBOUR_V4, 0, T0);
        receive(arpReplyFromNeighbour(), T0);
        wire.take();
        station.tick(T0 + 31 * S);
        assertEquals("02:00:00:00:00:01 STALE", neighbour("192.0.2.1"));

        byte[] p = ipv4(90, 2);
        assertTrue(station.send(packet(p), NEIGHBOUR_V4, 0, T0 + 32 * S));
        List<byte[]> sent = wire.take();
        assertEquals(2, sent.size());
        byte[] probe = arp(1, NEIGHBOUR_MAC, OUR_MAC, OUR_V4, ZERO_MAC, NEIGHBOUR_V4);
        assertArrayEquals(probe, Arrays.copyOf(sent.get(0), 42), "a unicast ARP probe");
        assertArrayEquals(ethernet(NEIGHBOUR_MAC, OUR_MAC, 0x0800, p), sent.get(1));
        assertEquals("02:00:00:00:00:01 PROBE", neighbour("192.0.2.1"));

        receive(arpReplyFromNeighbour(), T0 + 32 * S + S / 10);
        assertEquals("02:00:00:00:00:01 REACHABLE", neighbour("192.0.2.1"));
    }

    @Test
    void probesAReachableNeighbourWhoseConfirmationExpiredBeforeTheTick() throws Exception {
        station.send(packet(ipv4(80, 1)), NEIGHBOUR_V4, 0, T0);
        receive(arpReplyFromNeighbour(), T0);
        wire.take();
        assertTrue(station.send(packet(ipv4(80, 2)), NEIGHBOUR_V4, 0, T0 + 31 * S));
        assertEquals(2, wire.take().size());
        assertEquals("02:00:00:00:00:01 PROBE", neighbour("192.0.2.1"));
        station.tick(T0 + 32 * S);
        station.tick(T0 + 33 * S);
        station.tick(T0 + 34 * S);
        assertEquals(2, wire.take().size(), "two more unicast probes");
        assertEquals("02:00:00:00:00:01 FAILED", neighbour("192.0.2.1"));
    }

    @Test
    void aChangedMacInAnArpRequestReplacesTheCachedOne() throws Exception {
        station.send(packet(ipv4(80, 1)), NEIGHBOUR_V4, 0, T0);
        receive(arpReplyFromNeighbour(), T0);
        receive(arp(1, BROADCAST, OTHER_MAC, NEIGHBOUR_V4, ZERO_MAC, new byte[] {(byte) 192, 0, 2, 77}), T0 + S);
        assertEquals("02:00:00:00:00:0a STALE", neighbour("192.0.2.1"));
    }

    @Test
    void forgetsTheLeastRecentlyUsedNeighbourWhenFull() throws Exception {
        station = station(new EthernetStation.Limits(2, 2, 4));
        for (int n = 11; n <= 12; n++) {
            byte[] ip = {(byte) 192, 0, 2, (byte) n};
            receive(arp(1, BROADCAST, NEIGHBOUR_MAC, ip, ZERO_MAC, OUR_V4), T0 + n * S);
        }
        assertTrue(station.send(packet(ipv4(80, 1)), new byte[] {(byte) 192, 0, 2, 11}, 0, T0 + 13 * S));
        receive(arp(1, BROADCAST, NEIGHBOUR_MAC, new byte[] {(byte) 192, 0, 2, 14}, ZERO_MAC, OUR_V4), T0 + 14 * S);
        assertEquals("02:00:00:00:00:01 PROBE", neighbour("192.0.2.11"), "used lately: kept");
        assertNull(neighbour("192.0.2.12"), "least recently used: forgotten");
        assertEquals("02:00:00:00:00:01 STALE", neighbour("192.0.2.14"));
        assertEquals(2, station.linkCounters().neighbours());
    }

    // ------------------------------------------------------------------ neighbour discovery

    @Test
    void answersANeighbourSolicitationForItsAddress() throws Exception {
        assertFalse(receive(hex(NEIGHBOUR_NS), T0));
        assertEquals(List.of(NA), wire.take().stream().map(TestFrames::hex).toList());
        assertEquals("02:00:00:00:00:01 STALE", neighbour("2001:db8::1"));
        assertEquals(1, station.linkCounters().advertisements());
    }

    @Test
    void ignoresInvalidSolicitations() throws Exception {
        byte[] badChecksum = hex(NEIGHBOUR_NS);
        badChecksum[14 + 40 + 3] ^= 1;
        byte[] lowHopLimit = hex(NEIGHBOUR_NS);
        lowHopLimit[14 + 7] = (byte) 254;
        byte[] zeroLengthOption = hex(NEIGHBOUR_NS);
        zeroLengthOption[14 + 40 + 25] = 0;
        for (byte[] f : List.of(badChecksum, lowHopLimit, zeroLengthOption)) {
            assertFalse(receive(f, T0));
        }
        assertTrue(wire.frames.isEmpty());
        assertNull(neighbour("2001:db8::1"));
        assertEquals(3, station.linkCounters().malformed());
    }

    @Test
    void defendsItsAddressAgainstDuplicateAddressDetection() {
        byte[] dad = hex(NEIGHBOUR_NS);
        int ip = 14;
        Arrays.fill(dad, ip + 8, ip + 24, (byte) 0);
        // A DAD probe carries no source link-layer address option: cut it, fix the lengths and checksum.
        dad = Arrays.copyOf(dad, 14 + 40 + 24);
        dad[ip + 5] = 24;
        dad[ip + 42] = 0;
        dad[ip + 43] = 0;
        int c = NdpMessages.checksum(dad, ip, 24);
        dad[ip + 42] = (byte) (c >>> 8);
        dad[ip + 43] = (byte) c;
        assertFalse(receive(dad, T0));
        assertEquals(List.of(UNSOLICITED_NA), wire.take().stream().map(TestFrames::hex).toList());
    }

    @Test
    void resolvesAnIpv6NextHopWithASolicitation() throws Exception {
        byte[] p = ipv6(120, 5);
        assertTrue(station.send(packet(p), NEIGHBOUR_V6, 0, T0));
        assertEquals(List.of(NS), wire.take().stream().map(TestFrames::hex).toList());
        assertFalse(receive(hex(NEIGHBOUR_NA), T0 + S / 10));
        assertEquals(List.of(hex(ethernet(NEIGHBOUR_MAC, OUR_MAC, 0x86dd, p))),
                wire.take().stream().map(TestFrames::hex).toList());
        assertEquals("02:00:00:00:00:01 REACHABLE", neighbour("2001:db8::1"));
    }

    @Test
    void anAdvertisementWithoutOverrideDoesNotReplaceAKnownMac() throws Exception {
        station.send(packet(ipv6(80, 1)), NEIGHBOUR_V6, 0, T0);
        receive(hex(NEIGHBOUR_NA), T0);
        byte[] na = hex(NEIGHBOUR_NA);
        int ip = 14;
        na[ip + 44] = 0; // no flags
        System.arraycopy(OTHER_MAC, 0, na, ip + 66, 6);
        na[ip + 42] = 0;
        na[ip + 43] = 0;
        int c = NdpMessages.checksum(na, ip, 32);
        na[ip + 42] = (byte) (c >>> 8);
        na[ip + 43] = (byte) c;
        receive(na, T0 + S);
        assertEquals("02:00:00:00:00:01 STALE", neighbour("2001:db8::1"));
    }

    @Test
    void announcesItsAddresses() {
        station.announce();
        assertEquals(List.of(GRATUITOUS_ARP, UNSOLICITED_NA), wire.take().stream().map(TestFrames::hex).toList());
    }

    // ------------------------------------------------------------------ IP frames

    @Test
    void deliversIpForItsMacWithoutEthernetPadding() {
        byte[] small = ipv4(28, 9);
        byte[] padded = Arrays.copyOf(ethernet(OUR_MAC, NEIGHBOUR_MAC, 0x0800, small), 60);
        PacketBuffer b = frame(padded);
        assertTrue(station.receive(b, T0));
        assertEquals(PacketBuffers.HEADROOM, b.start());
        assertArrayEquals(small, b.toByteArray());

        byte[] v6 = ipv6(100, 3);
        PacketBuffer b6 = frame(ethernet(OUR_MAC, NEIGHBOUR_MAC, 0x86dd, v6));
        assertTrue(station.receive(b6, T0));
        assertArrayEquals(v6, b6.toByteArray());
        assertEquals(2, station.receivedPackets());
        assertEquals(128, station.receivedBytes());
    }

    @Test
    void leavesFramesThatAreNotForIt() {
        byte[] v4 = ipv4(60, 1);
        assertFalse(receive(ethernet(OTHER_MAC, NEIGHBOUR_MAC, 0x0800, v4), T0), "another host's");
        assertFalse(receive(ethernet(BROADCAST, NEIGHBOUR_MAC, 0x0800, v4), T0), "broadcast IP");
        assertFalse(receive(ethernet(OUR_MAC, OUR_MAC, 0x0800, v4), T0), "our own");
        assertFalse(receive(ethernet(OUR_MAC, NEIGHBOUR_MAC, 0x8100, v4), T0), "VLAN-tagged");
        assertFalse(receive(ethernet(hex("333300000001"), NEIGHBOUR_MAC, 0x86dd, ipv6(60, 1)), T0), "multicast");
        assertEquals(5, station.linkCounters().ignored());
        assertEquals(0, station.dropped());
        assertEquals(0, station.receivedPackets());
    }

    @Test
    void dropsIpFramesWithBadLengths() {
        byte[] v4 = ipv4(60, 1);
        byte[] cut = Arrays.copyOf(ethernet(OUR_MAC, NEIGHBOUR_MAC, 0x0800, v4), 50);
        byte[] badIhl = ethernet(OUR_MAC, NEIGHBOUR_MAC, 0x0800, v4);
        badIhl[14] = 0x44;
        byte[] wrongVersion = ethernet(OUR_MAC, NEIGHBOUR_MAC, 0x0800, ipv6(60, 1));
        byte[] v6cut = Arrays.copyOf(ethernet(OUR_MAC, NEIGHBOUR_MAC, 0x86dd, ipv6(100, 1)), 100);
        byte[] runt = new byte[10];
        for (byte[] f : List.of(cut, badIhl, wrongVersion, v6cut, runt)) {
            assertFalse(receive(f, T0));
        }
        assertEquals(5, station.dropped());
        assertEquals(5, station.linkCounters().malformed());
    }

    @Test
    void dropsWhatItCannotSend() {
        assertFalse(station.send(packet(ipv4(1501, 1)), NEIGHBOUR_V4, 0, T0), "bigger than the MTU");
        byte[] notIp = ipv4(60, 1);
        notIp[0] = 0x35;
        assertFalse(station.send(packet(notIp), NEIGHBOUR_V4, 0, T0), "not IP");
        EthernetStation v4only = new EthernetStation(OUR_MAC, List.of(prefix("192.0.2.2/24")), 1500, wire,
                EthernetStation.Timers.DEFAULT, EthernetStation.Limits.DEFAULT);
        assertFalse(v4only.send(packet(ipv6(80, 1)), NEIGHBOUR_V6, 0, T0), "no IPv6 address to solicit from");
        assertEquals(2, station.dropped());
        assertEquals(1, v4only.dropped());
        assertTrue(wire.frames.isEmpty());
    }

    @Test
    void sendsFromABufferWithoutHeadRoom() {
        station.send(packet(ipv4(80, 1)), NEIGHBOUR_V4, 0, T0);
        receive(arpReplyFromNeighbour(), T0);
        wire.take();
        byte[] p = ipv4(70, 4);
        PacketBuffer noRoom = new PacketBuffer(200, 0).set(0, p, 0, p.length);
        assertTrue(station.send(noRoom, NEIGHBOUR_V4, 0, T0 + S));
        assertArrayEquals(ethernet(NEIGHBOUR_MAC, OUR_MAC, 0x0800, p), wire.last());
    }

    @Test
    void countsFramesTheWireRefused() {
        station.send(packet(ipv4(80, 1)), NEIGHBOUR_V4, 0, T0);
        receive(arpReplyFromNeighbour(), T0);
        wire.up = false;
        assertFalse(station.send(packet(ipv4(80, 2)), NEIGHBOUR_V4, 0, T0 + S));
        assertEquals(1, station.dropped());
        assertEquals(1, station.sentPackets());
    }
}
