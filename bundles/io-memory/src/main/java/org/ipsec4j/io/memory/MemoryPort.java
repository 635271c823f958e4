package org.ipsec4j.io.memory;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * A port on a {@link MemoryLink}. What another port of the link sends to it is copied into its {@link PacketRing} and
 * handed to its receiver on its own thread ({@code ipsec4j-memory-NAME}), started by {@link #start} and stopped by
 * {@link #stop}. {@link #send} may be called from any thread; it drops (and counts) packets longer than the MTU, to a
 * next hop no port of the link owns, to a peer whose queue is full or that is not started, and those the link's
 * {@link Impairment} loses.
 */
public final class MemoryPort implements PacketPort {
    private static final Logger LOG = Logger.getLogger(MemoryPort.class.getName());
    private static final long POLL_NANOS = 100_000_000L;

    private final MemoryPortConfig config;
    private final MemoryLink link;
    private final PacketRing ring;
    private final Impairment.Dice dice;
    /** Address bytes of the port's addresses, for next-hop resolution on a switch. */
    final byte[][] addressBytes;
    private final LongAdder receivedPackets = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final LongAdder sentPackets = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder corrupted = new LongAdder();
    private Thread thread;
    private volatile boolean running;

    MemoryPort(MemoryPortConfig config, MemoryLink link) {
        this.config = config;
        this.link = link;
        this.ring = new PacketRing(config.queue());
        this.dice = new Impairment.Dice(config.impairment().seed());
        this.addressBytes = new byte[config.addresses().size()][];
        for (int i = 0; i < addressBytes.length; i++) {
            addressBytes[i] = config.addresses().get(i).address().getAddress();
        }
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public int mtu() {
        return config.mtu();
    }

    @Override
    public List<IpPrefix> addresses() {
        return config.addresses();
    }

    /** {@link PacketPort#ROLE_NETWORK} or {@link PacketPort#ROLE_HOST}. */
    public String role() {
        return config.role();
    }

    public MemoryPortConfig config() {
        return config;
    }

    public MemoryLink link() {
        return link;
    }

    /** Whether it is started. */
    public boolean running() {
        return running;
    }

    @Override
    public synchronized void start(PacketReceiver receiver) {
        if (thread != null) throw new IllegalStateException("port " + name() + " is started already");
        ring.clear();
        running = true;
        thread = new Thread(() -> receiveLoop(receiver), "ipsec4j-memory-" + name());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
            running = false;
        }
        if (t == null) return;
        ring.wake();
        if (t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private void receiveLoop(PacketReceiver receiver) {
        while (running) {
            PacketBuffer b = ring.peek(POLL_NANOS);
            if (b == null) continue;
            try {
                if (!running) break;
                receivedPackets.increment();
                receivedBytes.add(b.length());
                receiver.receive(this, b);
            } catch (RuntimeException e) {
                dropped.increment();
                LOG.log(Level.WARNING, "receiver failed on a packet of port " + name(), e);
            } finally {
                ring.release();
            }
        }
        ring.clear();
    }

    @Override
    public boolean send(PacketBuffer packet, byte[] nextHop, int nextHopOffset) {
        int len = packet.length();
        if (len > config.mtu() || len == 0) {
            dropped.increment();
            return false;
        }
        MemoryPort peer = link.resolve(this, nextHop, nextHopOffset, addressLength(packet));
        if (peer == null) {
            dropped.increment();
            return false;
        }
        int corruptAt = -1;
        Impairment imp = config.impairment();
        if (imp.active()) {
            if (imp.loss() > 0 && dice.next() < imp.loss()) {
                lost.increment();
                sentPackets.increment();
                sentBytes.add(len);
                return true; // lost on the wire: the sender cannot tell
            }
            if (imp.corrupt() > 0 && dice.next() < imp.corrupt()) {
                corruptAt = dice.nextInt(len);
                corrupted.increment();
            }
        }
        LinkTap tap = link.tap();
        if (tap != null) tap.onPacket(this, peer, packet);
        if (!peer.running || !peer.ring.offer(packet, corruptAt)) {
            dropped.increment();
            return false;
        }
        sentPackets.increment();
        sentBytes.add(len);
        return true;
    }

    private static int addressLength(PacketBuffer p) {
        return (p.array()[p.start()] & 0xf0) == 0x60 ? 16 : 4;
    }

    @Override
    public PortCounters counters() {
        return new PortCounters(receivedPackets.sum(), receivedBytes.sum(), sentPackets.sum(), sentBytes.sum(),
                dropped.sum());
    }

    /** Packets the impairment lost, and corrupted. */
    public long lost() {
        return lost.sum();
    }

    public long corrupted() {
        return corrupted.sum();
    }

    /** Whether {@code buf[off..off+len)} is one of this port's addresses. */
    boolean owns(byte[] buf, int off, int len) {
        for (byte[] a : addressBytes) {
            if (a.length == len && java.util.Arrays.equals(a, 0, len, buf, off, off + len)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "memory port " + name() + " on " + link.name();
    }
}
