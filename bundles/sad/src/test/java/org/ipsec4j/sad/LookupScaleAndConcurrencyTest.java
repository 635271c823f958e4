package org.ipsec4j.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.junit.jupiter.api.Test;

class LookupScaleAndConcurrencyTest {
    private static final int N = 10_000;

    /** 10.x.y.z for i, spread over many /8s so that hashes see varied bytes. */
    private static byte[] v4(int i) {
        return new byte[] {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
    }

    private static byte[] v6(int i) {
        byte[] b = new byte[16];
        b[0] = 0x20;
        b[1] = 0x01;
        b[2] = 0x0d;
        b[3] = (byte) 0xb8;
        b[13] = (byte) (i >>> 16);
        b[14] = (byte) (i >>> 8);
        b[15] = (byte) i;
        return b;
    }

    private static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static SecurityAssociation sa(int i) {
        boolean six = i % 3 == 0;
        byte[] dst = six ? v6(i) : v4(i);
        byte[] src = six ? v6(i + N) : v4(i + N);
        SaProtocol p = i % 5 == 0 ? SaProtocol.AH : SaProtocol.ESP;
        // Many SAs share an SPI (on other destinations), and consecutive SPIs are used too.
        return SecurityAssociation.builder(addr(src), addr(dst), p, 0x1000 + (i % 97)).reqid(i).build();
    }

    @Test
    void tenThousandSasAreEachFoundByTheirOwnKey() {
        SaTable table = new SaTable();
        for (int i = 0; i < N; i++) {
            table.add(sa(i));
        }
        assertEquals(N, table.size());
        byte[] packet = new byte[64];
        for (int i = 0; i < N; i++) {
            SecurityAssociation expected = sa(i);
            byte[] dst = expected.destination().getAddress();
            System.arraycopy(dst, 0, packet, 7, dst.length); // an odd offset inside a larger buffer
            SaEntry in = table.lookupInbound(packet, 7, dst.length, expected.protocol().ipProtocol(),
                    expected.spi());
            assertNotNull(in, "inbound " + i);
            assertEquals(expected.id(), in.id());
            assertNull(table.lookupInbound(packet, 7, dst.length, expected.protocol().ipProtocol(),
                    expected.spi() + 97), "no SA with another SPI on this destination");
            byte[] src = expected.source().getAddress();
            SaEntry out = table.lookupOutbound(expected.protocol(), IpsecMode.TUNNEL, src, 0, dst, 0, dst.length, i);
            assertSame(in, out, "outbound " + i);
        }
        for (int i = 0; i < N; i += 2) {
            table.delete(sa(i).id());
        }
        for (int i = 0; i < N; i++) {
            SecurityAssociation s = sa(i);
            byte[] dst = s.destination().getAddress();
            SaEntry in = table.lookupInbound(dst, 0, dst.length, s.protocol().ipProtocol(), s.spi());
            assertEquals(i % 2 == 1, in != null, "after deleting the even ones: " + i);
        }
        assertEquals(N / 2, table.size());
    }

    /**
     * Readers look up a fixed set of SAs while a writer adds and deletes others and updates the fixed ones: the fixed
     * SAs are always found, a churned SA is found only alive, and nothing throws.
     */
    @Test
    void lookupsStaySafeWhileTheTableChanges() throws InterruptedException {
        SaTable table = new SaTable();
        int stable = 500;
        for (int i = 0; i < stable; i++) {
            table.add(sa(i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lookups = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread[] readers = new Thread[2];
        for (int t = 0; t < readers.length; t++) {
            readers[t] = new Thread(() -> {
                try {
                    byte[][] dsts = new byte[stable][];
                    for (int i = 0; i < stable; i++) {
                        dsts[i] = sa(i).destination().getAddress();
                    }
                    long n = 0;
                    while (!stop.get()) {
                        for (int i = 0; i < stable; i++) {
                            SecurityAssociation s = sa(i);
                            SaEntry e = table.lookupInbound(dsts[i], 0, dsts[i].length, s.protocol().ipProtocol(),
                                    s.spi());
                            if (e == null || !e.id().equals(s.id())) {
                                throw new AssertionError("stable SA " + i + " lost: " + e);
                            }
                            int churned = stable + (int) (n % 2000);
                            SecurityAssociation c = sa(churned);
                            byte[] cd = c.destination().getAddress();
                            SaEntry ce = table.lookupInbound(cd, 0, cd.length, c.protocol().ipProtocol(), c.spi());
                            if (ce != null && (!ce.id().equals(c.id()) || ce.state() == SaState.LARVAL)) {
                                throw new AssertionError("wrong SA for " + churned + ": " + ce);
                            }
                            n++;
                        }
                    }
                    lookups.addAndGet(n);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            readers[t].start();
        }
        long end = System.nanoTime() + 1_500_000_000L;
        int round = 0;
        while (System.nanoTime() < end && failures.isEmpty()) {
            for (int i = stable; i < stable + 2000; i++) {
                table.add(sa(i));
            }
            table.update(sa(round % stable).toBuilder().reqid(round).build());
            for (int i = stable; i < stable + 2000; i++) {
                SaId id = sa(i).id();
                table.delete(id);
            }
            round++;
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join(10_000);
        }
        assertTrue(failures.isEmpty(), () -> "reader failed: " + failures.peek());
        assertTrue(round > 0 && lookups.get() > 0, "both sides ran: " + round + " rounds, " + lookups + " lookups");
        assertEquals(stable, table.size());
        assertEquals(List.of(), table.dump().stream().filter(e -> e.state() != SaState.MATURE).toList());
    }
}
