package org.ipsec4j.itests.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.forward.Gateway;
import org.ipsec4j.engine.route.Addresses;
import org.ipsec4j.engine.route.RoutingTable;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target: any bytes arriving on a gateway's network port ({@link Gateway#receive}): IP checks, reassembly,
 * IPsec input with an SA of every family, local delivery (ICMP echo), forwarding with TTL, routes, ICMP errors and
 * fragmentation, and IPsec output of what is forwarded. The gateway turns an exception on a packet into an internal
 * error counter and a log line; here any such exception fails the input. Nothing may take longer than the bound.
 *
 * <p>Input: byte 0 picks the port (even: wan, odd: lan), byte 1 says whether to make the IPv4 header checksum valid
 * (odd: yes), the rest is the packet.
 */
class GatewayPacketFuzzTest {
    private static final Node NODE = new Node();
    private static final Gateway GATEWAY = new Gateway(NODE.engine, new RoutingTable(), () -> 0L);
    private static final Port WAN = new Port("wan0", "192.0.2.2/24", "2001:db8::2/64");
    private static final Port LAN = new Port("lan0", "203.0.113.1/24", "2001:db8:1::1/64");
    private static final ThreadLocal<PacketBuffer> BUFFER = ThreadLocal.withInitial(Packets::buffer);
    private static volatile Throwable internalError;

    static {
        StringBuilder sas = new StringBuilder();
        for (Family f : Family.ALL) {
            sas.append(f.saStatement(0)).append(f.inPolicy());
        }
        NODE.setkey(sas.toString());
        NODE.settings.set(Mib.IP_FORWARDING, 1);
        NODE.settings.set(Mib.IP6_FORWARDING, 1);
        GATEWAY.attach(WAN, "wan0", PacketPort.ROLE_NETWORK);
        GATEWAY.attach(LAN, "lan0", PacketPort.ROLE_NETWORK);
        Logger log = Logger.getLogger(Gateway.class.getName());
        log.setLevel(Level.FINE);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null) {
                    internalError = r.getThrown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void arrivingOnAPort(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        Port port = in.u8() % 2 == 0 ? WAN : LAN;
        boolean fix = in.u8() % 2 == 1;
        byte[] packet = in.rest();
        if (fix) {
            InboundPacketFuzzTest.fixIpv4Checksum(packet);
        }
        if (packet.length == 0) {
            return;
        }
        PacketBuffer b = BUFFER.get();
        b.set(PacketBuffers.HEADROOM, packet, 0, Math.min(packet.length, PacketBuffers.MAX_PACKET));
        internalError = null;
        GATEWAY.receive(port, b);
        Throwable e = internalError;
        if (e != null) {
            throw new AssertionError("the gateway failed on " + Packets.hex(packet), e);
        }
        assertTrue(WAN.sent + LAN.sent >= 0);
    }

    /** A port that takes what the gateway sends and counts it; it never receives by itself. */
    static final class Port implements PacketPort {
        private final String name;
        private final List<IpPrefix> addresses;
        long sent;

        Port(String name, String... prefixes) {
            this.name = name;
            this.addresses = java.util.Arrays.stream(prefixes).map(Addresses::prefix).toList();
        }

        @Override public String name() { return name; }
        @Override public int mtu() { return 1500; }
        @Override public List<IpPrefix> addresses() { return addresses; }
        @Override public void start(PacketReceiver receiver) { }
        @Override public void stop() { }
        @Override public PortCounters counters() { return new PortCounters(0, 0, sent, 0, 0); }

        @Override
        public boolean send(PacketBuffer packet, byte[] nextHop, int nextHopOffset) {
            if (packet.length() > mtu() || packet.length() < 20) {
                throw new AssertionError("the gateway sent a packet of " + packet.length() + " bytes on " + name);
            }
            sent++;
            return true;
        }
    }
}
