package org.ipsec4j.engine;

import org.ipsec4j.api.packet.Ecn;

/**
 * The system-wide settings applied to the outer IP header a tunnel-mode transform built: DF from
 * {@code net.inet.ipsec.dfbit} (clear, set, or copied from the inner header: an inner IPv6 packet counts as DF) and the ECN field from
 * {@code net.inet.ipsec.ecn} (not-ECT when forbidden, KAME's default; copied from the inner header when allowed, RFC
 * 6040's normal mode). The DSCP stays as the transform copied it. On the way in, the transform carries the outer ECN
 * field into the inner header as RFC 6040 section 4.2 says, whatever the setting.
 */
final class TunnelOuterHeader {
    private TunnelOuterHeader() {
    }

    /** The outer ECN field for an inner one. */
    static int outerEcn(int innerTrafficClass, EngineSettings s) {
        return outerEcn(innerTrafficClass, s, 4);
    }

    /** The outer ECN field for an inner one, under the {@code ecn} setting of the outer header's IP version. */
    static int outerEcn(int innerTrafficClass, EngineSettings s, int outerVersion) {
        return s.ecnFor(outerVersion) == EngineSettings.ECN_ALLOWED ? Ecn.encapsulate(innerTrafficClass & 3) : Ecn.NOT_ECT;
    }

    /** The outer DF bit for an inner packet's DF (taken as set for an inner IPv6 packet). */
    static boolean outerDontFragment(boolean innerDf, EngineSettings s) {
        return switch (s.dfbit()) {
            case EngineSettings.DF_SET -> true;
            case EngineSettings.DF_COPY -> innerDf;
            default -> false;
        };
    }

    /** Shapes the outer header {@code outer} (parsed) of a packet whose inner header had these fields. */
    static void shape(IpPacket outer, int innerTrafficClass, boolean innerDf, EngineSettings s) {
        outer.setEcnAndDontFragment(outerEcn(innerTrafficClass, s, outer.version()), outerDontFragment(innerDf, s));
    }
}
