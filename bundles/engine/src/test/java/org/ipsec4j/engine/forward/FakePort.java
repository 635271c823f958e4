package org.ipsec4j.engine.forward;

import java.util.List;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.route.Addresses;

/**
 * A port that does nothing but count: the test hands packets to the gateway itself, on its own thread, and looks at
 * what the gateway sent (the last packet's length and first bytes, the last next hop's first byte).
 */
final class FakePort implements PacketPort {
    final String name;
    final int mtu;
    final List<IpPrefix> addresses;
    PacketReceiver receiver;
    long sent;
    int lastLength;
    int lastProtocol;
    int lastTtl;
    int lastNextHopFirstByte;

    FakePort(String name, int mtu, String addresses) {
        this.name = name;
        this.mtu = mtu;
        this.addresses = Addresses.prefixes(addresses);
    }

    @Override public String name() { return name; }
    @Override public int mtu() { return mtu; }
    @Override public List<IpPrefix> addresses() { return addresses; }
    @Override public void start(PacketReceiver r) { receiver = r; }
    @Override public void stop() { receiver = null; }

    @Override
    public boolean send(PacketBuffer packet, byte[] nextHop, int nextHopOffset) {
        sent++;
        byte[] b = packet.array();
        int s = packet.start();
        lastLength = packet.length();
        boolean v4 = (b[s] & 0xf0) == 0x40;
        lastProtocol = v4 ? b[s + 9] & 0xff : b[s + 6] & 0xff;
        lastTtl = v4 ? b[s + 8] & 0xff : b[s + 7] & 0xff;
        lastNextHopFirstByte = nextHop[nextHopOffset] & 0xff;
        return true;
    }

    @Override
    public PortCounters counters() {
        return new PortCounters(0, 0, sent, 0, 0);
    }
}
