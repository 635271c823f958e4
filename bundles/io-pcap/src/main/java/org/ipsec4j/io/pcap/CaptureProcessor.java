package org.ipsec4j.io.pcap;

import java.io.EOFException;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.IpsecEngine;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * Runs every IP packet of a capture through an {@link IpsecEngine}, as a gateway would: a packet for one of the
 * engine's local addresses goes through inbound processing, any other through outbound processing. What the engine
 * passes is written to the output capture with the input's link type and timestamp, the link-layer header kept (its
 * ethertype fixed when the IP version changed); frames that carry no IP are copied unchanged. Each drop is reported as
 * {@code packet N: dropped (reason)}, numbered from 1 in capture order.
 *
 * <p>Works on raw frames only: pcap4j's packet factory is never used.
 */
final class CaptureProcessor {
    /** Room in front of and behind a packet for the headers, padding and ICVs IPsec adds. */
    static final int HEADROOM = 256;
    private static final int MAX_PACKET = 65535;
    private static final int SNAPLEN = 262144;

    /** What a run did. */
    record Summary(long read, long written, long notIp, long inbound, long outbound, Map<Verdict, Long> drops) {
        long dropped() {
            return drops.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A capture that cannot be read or written; the message says which and why. */
    static final class CaptureException extends Exception {
        private static final long serialVersionUID = 1L;

        CaptureException(String message) {
            super(message);
        }
    }

    private final IpsecEngine engine;
    private final PrintStream err;
    private final PacketBuffer buf = new PacketBuffer(HEADROOM + MAX_PACKET + HEADROOM, HEADROOM);

    CaptureProcessor(IpsecEngine engine, PrintStream err) {
        this.engine = engine;
        this.err = err;
    }

    Summary run(String inPath, String outPath) throws CaptureException {
        PcapHandle in;
        try {
            in = Pcaps.openOffline(inPath);
        } catch (PcapNativeException | RuntimeException e) {
            throw new CaptureException("cannot read " + inPath + ": " + e.getMessage());
        } catch (LinkageError e) {
            throw new CaptureException("cannot read " + inPath + ": libpcap is not available (" + e + ")");
        }
        try {
            DataLinkType dlt = in.getDlt();
            LinkType link = LinkType.of(dlt.value());
            if (link == null) {
                throw new CaptureException("cannot read " + inPath + ": unsupported link type " + dlt.value() + " ("
                        + dlt.name() + ")");
            }
            return copy(in, dlt, link, outPath);
        } finally {
            in.close();
        }
    }

    private Summary copy(PcapHandle in, DataLinkType dlt, LinkType link, String outPath) throws CaptureException {
        PcapHandle dead;
        PcapDumper out;
        try {
            dead = Pcaps.openDead(dlt, SNAPLEN);
        } catch (PcapNativeException e) {
            throw new CaptureException("cannot write " + outPath + ": " + e.getMessage());
        }
        try {
            try {
                out = dead.dumpOpen(outPath);
            } catch (PcapNativeException | NotOpenException e) {
                throw new CaptureException("cannot write " + outPath + ": " + e.getMessage());
            }
            try {
                return copy(in, link, out);
            } finally {
                out.close();
            }
        } finally {
            dead.close();
        }
    }

    private Summary copy(PcapHandle in, LinkType link, PcapDumper out) throws CaptureException {
        long read = 0, written = 0, notIp = 0, inbound = 0, outbound = 0;
        EnumMap<Verdict, Long> drops = new EnumMap<>(Verdict.class);
        try {
            while (true) {
                byte[] frame;
                try {
                    frame = in.getNextRawPacketEx();
                } catch (EOFException e) {
                    break;
                } catch (TimeoutException e) {
                    continue;
                }
                Timestamp ts = in.getTimestamp();
                read++;
                int ipOff = link.ipOffset(frame);
                if (ipOff < 0 || frame.length - ipOff > MAX_PACKET) {
                    notIp++;
                    out.dumpRaw(frame, ts);
                    written++;
                    continue;
                }
                buf.set(HEADROOM, frame, ipOff, frame.length - ipOff);
                Verdict v;
                if (engine.isForLocalAddress(buf)) {
                    inbound++;
                    v = engine.input(buf);
                } else {
                    outbound++;
                    v = engine.output(buf);
                }
                if (v != Verdict.OK) {
                    drops.merge(v, 1L, Long::sum);
                    err.println("packet " + read + ": dropped (" + v.counterName() + ")");
                    continue;
                }
                byte[] result = new byte[ipOff + buf.length()];
                System.arraycopy(frame, 0, result, 0, ipOff);
                System.arraycopy(buf.array(), buf.start(), result, ipOff, buf.length());
                link.fixEthertype(result, ipOff);
                out.dumpRaw(result, ts);
                written++;
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new CaptureException("capture error after packet " + read + ": " + e.getMessage());
        }
        return new Summary(read, written, notIp, inbound, outbound, drops);
    }
}
