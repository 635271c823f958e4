package org.ipsec4j.io.pcap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ipsec4j-pcap}: {@code --config SETKEY_FILE --in IN.pcap --out OUT.pcap [--local ADDR ...]}.
 * {@code --local} may be repeated or followed by several addresses; addresses are numeric (no name lookups).
 *
 * @param config setkey(8) statements, applied as {@code setkey -f}
 * @param in     the capture to read
 * @param out    the capture to write
 * @param locals the addresses the gateway owns
 */
record PcapToolOptions(String config, String in, String out, List<InetAddress> locals) {
    static final String USAGE = "usage: ipsec4j-pcap --config SETKEY_FILE --in IN.pcap --out OUT.pcap [--local ADDR ...]";

    /** Thrown for a command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static PcapToolOptions parse(List<String> args) throws UsageException {
        String config = null;
        String in = null;
        String out = null;
        List<InetAddress> locals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--config" -> config = value(args, ++i, a);
                case "--in" -> in = value(args, ++i, a);
                case "--out" -> out = value(args, ++i, a);
                case "--local" -> {
                    locals.add(address(value(args, ++i, a)));
                    while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                        locals.add(address(args.get(++i)));
                    }
                }
                default -> throw new UsageException("unknown argument \"" + a + "\"");
            }
        }
        if (config == null) throw new UsageException("--config is required");
        if (in == null) throw new UsageException("--in is required");
        if (out == null) throw new UsageException("--out is required");
        return new PcapToolOptions(config, in, out, List.copyOf(locals));
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) throw new UsageException(option + " needs a value");
        return args.get(i);
    }

    /** A numeric IPv4 (dotted quad) or IPv6 address; names are refused rather than looked up. */
    static InetAddress address(String s) throws UsageException {
        try {
            if (s.indexOf(':') >= 0) return InetAddress.getByName(s); // an IPv6 literal is never looked up
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) throw new UsageException("not a numeric address: \"" + s + "\"");
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                String p = parts[i];
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                        || Integer.parseInt(p) > 255) {
                    throw new UsageException("not a numeric address: \"" + s + "\"");
                }
                b[i] = (byte) Integer.parseInt(p);
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new UsageException("not a numeric address: \"" + s + "\"");
        }
    }
}
