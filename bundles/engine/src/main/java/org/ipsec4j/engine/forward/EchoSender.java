package org.ipsec4j.engine.forward;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;

/**
 * One echo request from the gateway itself (the control plane of {@code ipsec:ping}): built in a buffer of its own,
 * sent through the engine on the calling thread (outbound IPsec under the per-call policy if there is one, routing,
 * fragmentation), then awaited in the {@link EchoClient}. The data is ping's pattern: byte i is i mod 256.
 */
final class EchoSender {
    private final Gateway gateway;

    EchoSender(Gateway gateway) {
        this.gateway = gateway;
    }

    EchoResult echo(EchoRequest r) throws InterruptedException {
        InetAddress dst = r.destination();
        InetAddress src = r.source() != null ? r.source() : gateway.sourceFor(dst);
        if (src == null) return new EchoResult(EchoResult.Status.NOT_SENT, null, 0, 0, 0, "noaddr");
        byte[] d = dst.getAddress();
        byte[] sa = src.getAddress();
        boolean v6 = d.length == 16;
        int id = r.identifier() & 0xffff;
        int seq = r.sequence() & 0xffff;
        int msgLen = 8 + r.dataLength();
        PacketBuffer pkt = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
        int headerLen = v6 ? 40 : 20;
        if (headerLen + msgLen > PacketBuffers.MAX_PACKET) {
            return new EchoResult(EchoResult.Status.NOT_SENT, null, 0, 0, 0, "badlength");
        }
        int at = pkt.append(headerLen + msgLen);
        byte[] b = pkt.array();
        int icmp = at + headerLen;
        b[icmp] = (byte) (v6 ? Icmp.V6_ECHO : Icmp.ECHO);
        b[icmp + 1] = 0;
        Icmp.put16(b, icmp + 4, id);
        Icmp.put16(b, icmp + 6, seq);
        for (int i = 0; i < r.dataLength(); i++) b[icmp + 8 + i] = (byte) i;
        if (v6) {
            Icmp.ipv6Header(b, at, msgLen, IpProtocol.ICMPV6, gateway.settings().get(Mib.IP6_HLIM), sa, 0, d, 0);
            Icmp.put16(b, icmp + 2, Icmp.checksum6(b, at, icmp, msgLen));
        } else {
            Icmp.ipv4Header(b, at, headerLen + msgLen, gateway.nextIpId(), gateway.settings().get(Mib.IP_TTL),
                    IpProtocol.ICMP, sa, 0, d, 0);
            if (r.dontFragment()) b[at + 6] = 0x40;
            b[at + 10] = 0;
            b[at + 11] = 0;
            Icmp.put16(b, at + 10, InternetChecksum.compute(b, at, 20));
            Icmp.put16(b, icmp + 2, InternetChecksum.compute(b, icmp, msgLen));
        }
        EchoClient.Pending p = new EchoClient.Pending(v6 ? 6 : 4, id, seq, d, r.inPolicy(), gateway.now());
        EchoClient client = gateway.echoClient();
        if (!client.register(p)) return new EchoResult(EchoResult.Status.NOT_SENT, null, 0, 0, 0, "nobufs");
        try {
            Verdict v = gateway.sendOwn(pkt, r.outPolicy());
            if (v != Verdict.OK) return new EchoResult(EchoResult.Status.NOT_SENT, null, 0, 0, 0, v.counterName());
            EchoResult result = p.await(TimeUnit.NANOSECONDS.convert(r.timeout()));
            return result != null ? result : new EchoResult(EchoResult.Status.TIMEOUT, null, 0, 0, 0, null);
        } finally {
            client.unregister(p);
        }
    }
}
