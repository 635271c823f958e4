package org.ipsec4j.demo.netns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A capture on one interface of a test namespace with {@code dumpcap} (pcap format), and what it saw: each frame's IP
 * packet summarised as an {@link IpPacket}.
 */
public final class Capture implements AutoCloseable {
    private final Process dumpcap;
    private final Path file;
    private final Path log;
    private List<IpPacket> packets;

    private Capture(Process dumpcap, Path file, Path log) {
        this.dumpcap = dumpcap;
        this.file = file;
        this.log = log;
    }

    /** Starts capturing on {@code iface} in {@code ns} into {@code file}; returns once dumpcap captures. */
    public static Capture start(Netns ns, String iface, Path file) throws IOException, InterruptedException {
        Path log = file.resolveSibling(file.getFileName() + ".log");
        Process p = ns.start(log, "dumpcap", "-q", "-P", "-B", "64", "-i", iface, "-w", file.toString());
        long deadline = System.currentTimeMillis() + 20_000;
        while (!(Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Capturing on"))) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("dumpcap did not start on " + iface + " in " + ns + ": "
                        + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : ""));
            }
            Thread.sleep(50);
        }
        return new Capture(p, file, log);
    }

    /** Stops capturing (dumpcap writes what it has) and reads the capture. */
    public List<IpPacket> stop() throws IOException, InterruptedException {
        if (packets != null) return packets;
        Thread.sleep(300); // frames in flight reach dumpcap
        dumpcap.destroy();
        if (!dumpcap.waitFor(20, TimeUnit.SECONDS)) {
            dumpcap.destroyForcibly();
            throw new IllegalStateException("dumpcap did not stop: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        packets = read(file);
        return packets;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (dumpcap.isAlive()) {
            dumpcap.destroy();
            dumpcap.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /**
     * One frame of the capture: its ethertype and, for IP, version, addresses, protocol (the IPv6 next header), the SPI
     * of ESP, the type of ICMP or ICMPv6.
     */
    public record IpPacket(int ethertype, int version, String source, String destination, int protocol, long spi,
            int icmpType) {
        public boolean isIp() {
            return version == 4 || version == 6;
        }

        public boolean isEsp() {
            return protocol == 50;
        }

        /** ICMPv6 neighbour and router discovery (133..137): link-layer control, no payload. */
        public boolean isNeighbourDiscovery() {
            return version == 6 && protocol == 58 && icmpType >= 133 && icmpType <= 137;
        }

        /** Whether it goes from {@code a} to {@code b} or back (addresses as literals in any IPv6 notation). */
        public boolean between(String a, String b) {
            String x = canonical(a);
            String y = canonical(b);
            return source.equals(x) && destination.equals(y) || source.equals(y) && destination.equals(x);
        }

        public boolean from(String a) {
            return source.equals(canonical(a));
        }
    }

    /**
     * The IP flows of a capture, one line each with its packet count, e.g.
     * {@code 192.0.2.1 > 192.0.2.2 ESP spi 9998: 7782}; neighbour discovery is left out.
     */
    public static List<String> flows(List<IpPacket> packets) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (IpPacket p : packets) {
            if (!p.isIp() || p.isNeighbourDiscovery()) continue;
            String what = p.isEsp() ? "ESP spi " + p.spi()
                    : switch (p.protocol()) {
                        case 1 -> "ICMP";
                        case 6 -> "TCP";
                        case 17 -> "UDP";
                        case 58 -> "ICMPv6";
                        default -> "protocol " + p.protocol();
                    };
            counts.merge(p.source() + " > " + p.destination() + " " + what, 1L, Long::sum);
        }
        return counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    /** The form addresses of {@link IpPacket} have: dotted quads, IPv6 as RFC 5952 writes it ({@code 2001:db8::1}). */
    public static String canonical(String literal) {
        try {
            byte[] a = java.net.InetAddress.getByName(literal).getAddress();
            return address(a, 0, a.length);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Reads a pcap file (microsecond or nanosecond, either byte order) of Ethernet frames. */
    public static List<IpPacket> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24) throw new IOException(file + " is no pcap file");
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) throw new IOException(file + " is no pcap file");
        }
        if (b.getInt(20) != 1) throw new IOException(file + " is not Ethernet (link type " + b.getInt(20) + ")");
        List<IpPacket> out = new ArrayList<>();
        int at = 24;
        while (at + 16 <= b.limit()) {
            int caplen = b.getInt(at + 8);
            at += 16;
            if (caplen < 0 || at + caplen > b.limit()) break;
            byte[] frame = new byte[caplen];
            b.get(at, frame);
            out.add(summarise(frame));
            at += caplen;
        }
        return out;
    }

    public static IpPacket summarise(byte[] f) {
        if (f.length < 14) return new IpPacket(-1, 0, "", "", -1, -1, -1);
        int type = u16(f, 12);
        int ip = 14;
        if (type == 0x0800 && f.length >= ip + 20) {
            int ihl = (f[ip] & 0x0f) * 4;
            int proto = f[ip + 9] & 0xff;
            return new IpPacket(type, 4, address(f, ip + 12, 4), address(f, ip + 16, 4), proto,
                    proto == 50 && f.length >= ip + ihl + 4 ? u32(f, ip + ihl) : -1,
                    proto == 1 && f.length > ip + ihl ? f[ip + ihl] & 0xff : -1);
        }
        if (type == 0x86dd && f.length >= ip + 40) {
            int nh = f[ip + 6] & 0xff;
            return new IpPacket(type, 6, address(f, ip + 8, 16), address(f, ip + 24, 16), nh,
                    nh == 50 && f.length >= ip + 44 ? u32(f, ip + 40) : -1,
                    nh == 58 && f.length > ip + 40 ? f[ip + 40] & 0xff : -1);
        }
        return new IpPacket(type, 0, "", "", -1, -1, -1);
    }

    private static String address(byte[] f, int off, int len) {
        if (len == 4) return (f[off] & 0xff) + "." + (f[off + 1] & 0xff) + "." + (f[off + 2] & 0xff) + "." + (f[off + 3] & 0xff);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = u16(f, off + 2 * i);
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }
}
