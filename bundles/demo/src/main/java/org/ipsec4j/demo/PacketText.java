package org.ipsec4j.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One line per packet, in the manner of tcpdump: addresses, then what the packet is. ICMP and ICMPv6 show type, id
 * and sequence; ESP shows its SPI and sequence number (all that is readable of it); fragments show their id, offset
 * and whether more follow.
 */
final class PacketText {
    private PacketText() {
    }

    static String describe(byte[] p) {
        if (p.length < 1) return "empty";
        int version = (p[0] & 0xf0) >>> 4;
        if (version == 4 && p.length >= 20) return ipv4(p);
        if (version == 6 && p.length >= 40) return ipv6(p);
        return "not IP, " + p.length + " bytes";
    }

    private static String ipv4(byte[] p) {
        int hl = (p[0] & 0x0f) * 4;
        int total = u16(p, 2);
        int proto = p[9] & 0xff;
        int flags = u16(p, 6);
        int offset = (flags & 0x1fff) * 8;
        boolean more = (flags & 0x2000) != 0;
        StringBuilder b = new StringBuilder();
        b.append(addr(p, 12, 4)).append(" > ").append(addr(p, 16, 4)).append(": ");
        if (offset != 0) {
            b.append(protocol(proto)).append(" fragment (id ").append(u16(p, 4)).append(", offset ").append(offset)
                    .append(more ? ", more" : "").append(")");
        } else {
            b.append(upper(p, proto, hl, false));
            if (more) b.append(" (fragment, id ").append(u16(p, 4)).append(", more)");
        }
        b.append(", length ").append(total).append(", ttl ").append(p[8] & 0xff);
        if ((flags & 0x4000) != 0) b.append(", DF");
        return b.toString();
    }

    private static String ipv6(byte[] p) {
        int next = p[6] & 0xff;
        StringBuilder b = new StringBuilder();
        b.append(addr(p, 8, 16)).append(" > ").append(addr(p, 24, 16)).append(": ");
        b.append(upper(p, next, 40, true));
        b.append(", length ").append(40 + u16(p, 4)).append(", hlim ").append(p[7] & 0xff);
        return b.toString();
    }

    private static String upper(byte[] p, int proto, int off, boolean v6) {
        switch (proto) {
            case 50:
                if (p.length < off + 8) return "ESP (truncated)";
                return String.format("ESP(spi=0x%08x,seq=0x%x)", u32(p, off), u32(p, off + 4));
            case 51:
                if (p.length < off + 12) return "AH (truncated)";
                return String.format("AH(spi=0x%08x,seq=0x%x)", u32(p, off + 4), u32(p, off + 8));
            case 1:
            case 58:
                if (p.length < off + 8) return "ICMP (truncated)";
                int type = p[off] & 0xff;
                String name = icmpName(type, proto == 58);
                boolean echo = proto == 1 ? type == 0 || type == 8 : type == 128 || type == 129;
                return (proto == 58 ? "ICMP6 " : "ICMP ") + name
                        + (echo ? ", id " + u16(p, off + 4) + ", seq " + u16(p, off + 6) : "");
            default:
                return protocol(proto);
        }
    }

    private static String icmpName(int type, boolean v6) {
        if (v6) {
            return switch (type) {
                case 128 -> "echo request";
                case 129 -> "echo reply";
                case 1 -> "destination unreachable";
                case 2 -> "packet too big";
                case 3 -> "time exceeded";
                default -> "type " + type;
            };
        }
        return switch (type) {
            case 8 -> "echo request";
            case 0 -> "echo reply";
            case 3 -> "destination unreachable";
            case 11 -> "time exceeded";
            default -> "type " + type;
        };
    }

    private static String protocol(int proto) {
        return switch (proto) {
            case 1 -> "ICMP";
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 58 -> "ICMP6";
            default -> "proto " + proto;
        };
    }

    static String addr(byte[] p, int off, int len) {
        try {
            InetAddress a = InetAddress.getByAddress(Arrays.copyOfRange(p, off, off + len));
            return a.getHostAddress();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int u16(byte[] p, int off) {
        return ((p[off] & 0xff) << 8) | (p[off + 1] & 0xff);
    }

    private static long u32(byte[] p, int off) {
        return ((long) u16(p, off) << 16) | u16(p, off + 2);
    }
}
