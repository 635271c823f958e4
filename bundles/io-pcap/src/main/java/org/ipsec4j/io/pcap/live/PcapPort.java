package org.ipsec4j.io.pcap.live;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.io.PacketReceiver;
import org.ipsec4j.api.io.PortCounters;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.io.pcap.ethernet.EthernetFrames;
import org.ipsec4j.io.pcap.ethernet.EthernetStation;

/**
 * A {@link PacketPort} on a real Ethernet interface that the gateway owns: libpcap reads and writes its frames, an
 * {@link EthernetStation} answers ARP and neighbour discovery for the port's addresses and resolves next hops. The
 * kernel must have no address on the interface (see the bundle's README for how to keep the kernel off it).
 *
 * <h2>Threads</h2>
 * {@link #start} runs one reader thread ({@code ipsec4j-pcap-<name>}): it reads each frame into the port's one
 * receive buffer (the IP packet lands at {@link PacketBuffers#HEADROOM}), lets the station take ARP and NDP, hands IP
 * packets to the receiver, and runs the neighbour timers every {@value #TICK_MILLIS} ms. {@link #send} may be called
 * from any thread. Nothing is allocated per packet.
 */
public final class PcapPort implements PacketPort {
    private static final System.Logger LOG = System.getLogger(PcapPort.class.getName());
    static final int TICK_MILLIS = 100;

    /**
     * What a port is.
     *
     * @param name           the port's name in the gateway
     * @param interfaceName  the Linux interface
     * @param addresses      the port's addresses and prefix lengths
     * @param mtu            the largest IP packet to send; 0: the interface's MTU
     * @param mac            the port's MAC address; null: the interface's
     */
    public record Settings(String name, String interfaceName, List<IpPrefix> addresses, int mtu, byte[] mac) {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(interfaceName, "interfaceName");
            addresses = List.copyOf(addresses);
            if (mtu < 0) throw new IllegalArgumentException("mtu " + mtu);
            if (mac != null) mac = mac.clone();
        }
    }

    private final String name;
    private final String interfaceName;
    private final List<IpPrefix> addresses;
    private final PcapLink link;
    private final EthernetStation station;
    private final AtomicLong tooLong = new AtomicLong();
    private final Object lifecycle = new Object();
    private Thread reader;
    private volatile boolean running;

    private final int frameRoom;

    private PcapPort(Settings s, PcapLink link, EthernetStation station, int frameRoom) {
        this.frameRoom = frameRoom;
        this.name = s.name();
        this.interfaceName = s.interfaceName();
        this.addresses = s.addresses();
        this.link = link;
        this.station = station;
    }

    /**
     * Opens the interface of {@code s} in the calling thread's network namespace: reads its MTU and MAC, opens the
     * pcap handle with the station's filter. The port receives nothing before {@link #start}.
     *
     * @throws IOException the interface is missing, not Ethernet, or libpcap cannot open it
     */
    public static PcapPort open(Settings s) throws IOException {
        return open(s, EthernetStation.Timers.DEFAULT, EthernetStation.Limits.DEFAULT);
    }

    static PcapPort open(Settings s, EthernetStation.Timers timers, EthernetStation.Limits limits) throws IOException {
        LibC.InterfaceFacts facts;
        try {
            facts = LibC.interfaceFacts(s.interfaceName());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (s.mtu() > facts.mtu()) {
            throw new IOException("mtu " + s.mtu() + " is larger than the MTU of " + s.interfaceName() + " ("
                    + facts.mtu() + ")");
        }
        int mtu = Math.min(s.mtu() > 0 ? s.mtu() : facts.mtu(), PacketBuffers.MAX_PACKET);
        byte[] mac = s.mac() != null ? s.mac() : facts.mac();
        // Frames longer than the interface's MTU cannot arrive; a snap length that fits them keeps libpcap's ring slots
        // small (the ring holds more frames).
        int frameRoom = EthernetFrames.HEADER + Math.min(facts.mtu(), PacketBuffers.MAX_PACKET);
        PcapLink link = PcapLink.open(s.interfaceName(), frameRoom, StationFilter.expression(mac, s.addresses()));
        try {
            // Neighbour discovery's groups pass a real NIC's filter only when joined (the kernel, without IPv6 on
            // the interface, does not join them).
            for (byte[] group : StationFilter.multicastGroups(s.addresses())) link.joinMulticast(facts.index(), group);
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return new PcapPort(s, link, new EthernetStation(mac, s.addresses(), mtu, link, timers, limits), frameRoom);
    }

    @Override
    public String name() {
        return name;
    }

    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public int mtu() {
        return station.mtu();
    }

    @Override
    public List<IpPrefix> addresses() {
        return addresses;
    }

    /** The port's MAC address. */
    public byte[] mac() {
        return station.mac();
    }

    /**
     * Starts the reader thread and announces the port's addresses (gratuitous ARP, unsolicited neighbour
     * advertisements).
     *
     * @throws IllegalStateException when it already runs or the port was closed
     */
    @Override
    public void start(PacketReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        synchronized (lifecycle) {
            if (reader != null) throw new IllegalStateException("port " + name + " is already started");
            running = true;
            reader = new Thread(() -> readLoop(receiver), "ipsec4j-pcap-" + name);
            reader.setDaemon(true);
            reader.start();
        }
        station.announce();
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

    /** Stops the port and closes the interface; the port cannot start again. */
    public void close() {
        stop();
        link.close();
    }

    @Override
    public boolean send(PacketBuffer packet, byte[] nextHop, int nextHopOffset) {
        return station.send(packet, nextHop, nextHopOffset, System.nanoTime());
    }

    @Override
    public PortCounters counters() {
        return new PortCounters(station.receivedPackets(), station.receivedBytes(), station.sentPackets(),
                station.sentBytes(), station.dropped() + tooLong.get());
    }

    /** ARP, neighbour discovery and cache counters. */
    public EthernetStation.LinkCounters linkCounters() {
        return station.linkCounters();
    }

    /** The neighbour cache's entry for {@code address}, as {@link EthernetStation#neighbour} prints it. */
    public String neighbour(java.net.InetAddress address) {
        return station.neighbour(address);
    }

    private void readLoop(PacketReceiver receiver) {
        PacketBuffer buf = new PacketBuffer(PacketBuffers.CAPACITY, 0);
        int frameStart = PacketBuffers.HEADROOM - EthernetFrames.HEADER;
        long tickEvery = TICK_MILLIS * 1_000_000L;
        long nextTick = System.nanoTime();
        boolean failing = false;
        while (running) {
            int n;
            try {
                n = link.read(buf.array(), frameStart, frameRoom);
                if (failing) {
                    LOG.log(Level.INFO, "port {0}: {1} works again", name, interfaceName);
                    failing = false;
                }
            } catch (IOException e) {
                if (!running) break;
                if (!failing) LOG.log(Level.ERROR, "port {0}: reading {1} failed: {2}", name, interfaceName, e.getMessage());
                failing = true;
                pause();
                continue;
            }
            long now = System.nanoTime();
            if (n > 0) {
                buf.bounds(frameStart, frameStart + n);
                if (station.receive(buf, now)) deliver(receiver, buf);
            } else if (n == PcapLink.TOO_LONG) {
                tooLong.incrementAndGet();
            }
            if (now - nextTick >= 0) {
                station.tick(now);
                nextTick = now + tickEvery;
            }
        }
    }

    private void deliver(PacketReceiver receiver, PacketBuffer buf) {
        try {
            receiver.receive(this, buf);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "port " + name + ": the receiver failed on a packet", e);
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
        return "pcap port " + name + " on " + interfaceName + " (" + EthernetFrames.formatMac(station.mac(), 0) + ", "
                + addresses + ", mtu " + mtu() + ")";
    }
}
