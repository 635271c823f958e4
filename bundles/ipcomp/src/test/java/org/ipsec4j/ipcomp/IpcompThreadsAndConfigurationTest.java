package org.ipsec4j.ipcomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.packet.IpProtocol;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.sad.SaTable;
import org.junit.jupiter.api.Test;

/** Many threads and many SAs on one transform, and the configuration of the component. */
class IpcompThreadsAndConfigurationTest {
    @Test
    void manyThreadsManySas() throws Exception {
        Fixtures.Registry registry = new Fixtures.Registry();
        IpcompTransform ipcomp = new IpcompTransform(registry, IpcompOptions.DEFAULTS);
        List<SaEntry> sas = new ArrayList<>();
        for (IpsecMode mode : List.of(IpsecMode.TRANSPORT, IpsecMode.TUNNEL)) {
            sas.add(new SaTable().add(Fixtures.ipcomp(Fixtures.A4, Fixtures.B4, mode).build()));
        }
        int threads = 4;
        int each = 1500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        SaEntry sa = sas.get((i + seed) % 2);
                        byte[] plain = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP,
                                Fixtures.text(300 + (i * 37 + seed) % 1200)); // sizes that always compress
                        PacketBuffer pkt = Fixtures.buffer(plain);
                        if (ipcomp.output(pkt, sa) == Verdict.OK && ipcomp.input(pkt, sa) == Verdict.OK
                                && java.util.Arrays.equals(plain, pkt.toByteArray())) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(each, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        // each SA counts its packets out and in
        assertEquals(2L * threads * each, sas.get(0).counters().packets() + sas.get(1).counters().packets());
    }

    @Test
    void theConfigurationAppliesToTheNextPacket() {
        IpcompTransform ipcomp = new IpcompTransform(new Fixtures.Registry(), config(90, 65535, 64));
        SaEntry sa = new SaTable().add(Fixtures.ipcomp(Fixtures.A4, Fixtures.B4, IpsecMode.TUNNEL).build());
        byte[] plain = Fixtures.ipv4(Fixtures.A4, Fixtures.B4, IpProtocol.UDP, Fixtures.text(1000));
        PacketBuffer pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, ipcomp.output(pkt, sa));
        assertEquals(64, pkt.array()[pkt.start() + 8]);
        assertEquals(IpProtocol.IPCOMP, pkt.array()[pkt.start() + 9]);
        ipcomp.modified(config(2000, 65535, 9));
        pkt = Fixtures.buffer(plain);
        assertEquals(Verdict.OK, ipcomp.output(pkt, sa));
        assertEquals(9, pkt.array()[pkt.start() + 8], "TTL");
        assertEquals(IpProtocol.IPV4, pkt.array()[pkt.start() + 9], "below the new threshold: IP in IP");
        assertEquals(2000, ipcomp.options().minimumPayload());
        assertThrows(IllegalArgumentException.class, () -> new IpcompOptions(90, 70000, 64, 64));
        assertThrows(IllegalArgumentException.class, () -> new IpcompOptions(-1, 1500, 64, 64));
    }

    private static IpcompTransform.Config config(int minimum, int max, int ttl) {
        return new IpcompTransform.Config() {
            @Override public Class<? extends Annotation> annotationType() { return IpcompTransform.Config.class; }
            @Override public int minimumPayload() { return minimum; }
            @Override public int maxDecompressed() { return max; }
            @Override public int ttl() { return ttl; }
            @Override public int hopLimit() { return 64; }
        };
    }
}
