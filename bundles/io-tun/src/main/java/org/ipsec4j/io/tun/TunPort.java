package org.ipsec4j.io.tun;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;

/**
 * A {@link PacketPort} on a Linux TUN device: the host's own kernel on the other side (end-host mode). Applications use
 * the kernel's sockets; the kernel's routes send their packets into the device, this port hands them to the engine
 * (outbound IPsec, then out through a network port); the engine sends what arrives for the host's addresses back
 * here, and the port writes it into the device for the kernel. A TUN device is point to point: {@link #send} ignores
 * the next hop.
 *
 * <h2>Threads</h2>
 * {@link #start} runs one reader thread ({@code ipsec4j-tun-<name>}): it reads each packet into the port's one receive
 * buffer at {@link PacketBuffers#HEADROOM} and hands it to the receiver. {@link #send} may be called from any thread.
 * Nothing is allocated per packet.
 */
public final class TunPort implements PacketPort {
    private static final System.Logger LOG = System.getLogger(TunPort.class.getName());

    /**
     * What a port is.
     *
     * @param name       the port's name in the gateway
     * @param device     the TUN device
     * @param addresses  the port's addresses (in end-host mode the host's own, as {@code addr/32} or {@code addr/128})
     * @param mtu        the device's MTU to set; 0: keep the device's
     */
    public record Settings(String name, String device, List<IpPrefix> addresses, int mtu) {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(device, "device");
            addresses = List.copyOf(addresses);
            if (mtu != 0 && (mtu < 68 || mtu > PacketBuffers.MAX_PACKET)) {
                throw new IllegalArgumentException("mtu " + mtu + " out of range 68.." + PacketBuffers.MAX_PACKET
                        + " (0: the device's)");
            }
        }
    }

    private final String name;
    private final List<IpPrefix> addresses;
    private final TunDevice device;
    private final int mtu;
    private final LongAdder sentPackets = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile long receivedPackets;
    private volatile long receivedBytes;
    private final Object lifecycle = new Object();
    private Thread reader;
    private volatile boolean running;

    private TunPort(Settings s, TunDevice device, int mtu) {
        this.name = s.name();
        this.addresses = s.addresses();
        this.device = device;
        this.mtu = mtu;
    }

    /**
     * Opens the device of {@code s} in the calling thread's network namespace: attaches to it, or creates it (then it
     * lasts as long as the port, without addresses or routes until an administrator adds them), and sets its MTU when
     * {@code s} has one.
     */
    public static TunPort open(Settings s) throws IOException {
        TunDevice d = TunDevice.open(s.device(), PacketBuffers.MAX_PACKET);
        try {
            if (s.mtu() > 0 && Interfaces.mtu(s.device()) != s.mtu()) Interfaces.setMtu(s.device(), s.mtu());
            int mtu = Interfaces.mtu(s.device());
            if (d.created()) {
                LOG.log(Level.WARNING, "port {0}: created TUN device {1}; it needs addresses, routes and "
                        + "ip link set {1} up (it goes away when the port closes)", s.name(), s.device());
            }
            return new TunPort(s, d, Math.min(mtu, PacketBuffers.MAX_PACKET));
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    public String device() {
        return device.name();
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public List<IpPrefix> addresses() {
        return addresses;
    }

    @Override
    public void start(PacketReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        synchronized (lifecycle) {
            if (reader != null) throw new IllegalStateException("port " + name + " is already started");
            running = true;
            reader = new Thread(() -> readLoop(receiver), "ipsec4j-tun-" + name);
            reader.setDaemon(true);
            reader.start();
        }
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (lifecycle) {
            t = reader;
            if (t == null) return;
            running = false;
            reader = null;
        }
        boolean interrupted = false;
        while (t.isAlive() && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Stops the port and closes the device (a device the port created goes away). */
    public void close() {
        stop();
        device.close();
    }

    /** Writes the IP packet into the device for the kernel; the next hop does not matter on a TUN device. */
    @Override
    public boolean send(PacketBuffer packet, byte[] nextHop, int nextHopOffset) {
        int len = packet.length();
        if (len > mtu || len < 1 || !device.write(packet.array(), packet.start(), len)) {
            dropped.increment();
            return false;
        }
        sentPackets.increment();
        sentBytes.add(len);
        return true;
    }

    @Override
    public PortCounters counters() {
        return new PortCounters(receivedPackets, receivedBytes, sentPackets.sum(), sentBytes.sum(), dropped.sum());
    }

    private void readLoop(PacketReceiver receiver) {
        PacketBuffer buf = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);
        boolean failing = false;
        while (running) {
            int n;
            try {
                n = device.read(buf.array(), PacketBuffers.HEADROOM);
                failing = false;
            } catch (IOException e) {
                if (!failing) LOG.log(Level.ERROR, "port {0}: {1}", name, e.getMessage());
                failing = true;
                pause();
                continue;
            }
            if (n <= 0) continue;
            int version = (buf.array()[PacketBuffers.HEADROOM] & 0xf0) >>> 4;
            if (version != 4 && version != 6) {
                dropped.increment();
                continue;
            }
            buf.bounds(PacketBuffers.HEADROOM, PacketBuffers.HEADROOM + n);
            receivedPackets = receivedPackets + 1;
            receivedBytes = receivedBytes + n;
            try {
                receiver.receive(this, buf);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "port " + name + ": the receiver failed on a packet", e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            // only stop() ends the reader, through the running flag
        }
    }

    @Override
    public String toString() {
        return "TUN port " + name + " on " + device.name() + " (" + addresses + ", mtu " + mtu + ")";
    }
}
