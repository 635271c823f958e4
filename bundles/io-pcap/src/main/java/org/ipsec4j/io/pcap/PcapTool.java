package org.ipsec4j.io.pcap;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.transform.Verdict;

/**
 * {@code ipsec4j-pcap}: runs the packets of a capture through the same engine as a running gateway, offline.
 *
 * <pre>
 * ipsec4j-pcap --config SETKEY_FILE --in IN.pcap --out OUT.pcap [--local ADDR ...]
 * </pre>
 *
 * The configuration is setkey(8) input, applied as {@code setkey -f} would. ESP, AH and IPComp packets for a
 * {@code --local} address are decapsulated and checked against the inbound policy, so are plaintext packets for a
 * local address; every other packet is processed as outbound. What passes goes to OUT.pcap with IN.pcap's link type
 * (Ethernet, raw IP or Linux cooked). Each dropped packet is listed on standard error ({@code packet 7: dropped
 * (badauth)}), a summary goes to standard output. Exit status 0, or 1 for a bad command line, a configuration setkey
 * refuses (with setkey's error text) or a capture that cannot be read or written.
 */
public final class PcapTool {
    private PcapTool() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the tool; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        PcapToolOptions options;
        try {
            options = PcapToolOptions.parse(args);
        } catch (PcapToolOptions.UsageException e) {
            err.println("ipsec4j-pcap: " + e.getMessage());
            err.println(PcapToolOptions.USAGE);
            return 1;
        }
        try (OfflineGateway gateway = new OfflineGateway(options.locals(), ToolAlgorithms.registry())) {
            int rc = gateway.setkey().run(List.of("-f", options.config()), InputStream.nullInputStream(), out, err);
            if (rc != 0) {
                return 1;
            }
            CaptureProcessor.Summary s = new CaptureProcessor(gateway.engine(), err).run(options.in(), options.out());
            printSummary(out, s);
            out.print(gateway.engine().statistics().format());
            out.flush();
            return 0;
        } catch (CaptureProcessor.CaptureException e) {
            err.println("ipsec4j-pcap: " + e.getMessage());
            return 1;
        }
    }

    private static void printSummary(PrintStream out, CaptureProcessor.Summary s) {
        out.println("ipsec4j-pcap: " + s.read() + " packets read, " + s.written() + " written, " + s.dropped()
                + " dropped (" + s.inbound() + " inbound, " + s.outbound() + " outbound, " + s.notIp() + " not IP)");
        for (Map.Entry<Verdict, Long> e : s.drops().entrySet()) {
            out.println("\t" + e.getValue() + " dropped: " + e.getKey().counterName());
        }
    }
}
