package org.ipsec4j.demo.netns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The address family of one run of a scenario, and the commands that differ by family. */
public enum Family {
    IPV4, IPV6;

    public boolean isIpv6() {
        return this == IPV6;
    }

    /** {@code addr/len} of an address of this family in a /24 or /64. */
    public String withPrefix(String address) {
        return address + (isIpv6() ? "/64" : "/24");
    }

    /** {@code addr/32} or {@code addr/128}. */
    public String host(String address) {
        return address + (isIpv6() ? "/128" : "/32");
    }

    /** Adds an address to a kernel interface (IPv6 without duplicate address detection). */
    public void addAddress(Netns ns, String address, String dev) throws IOException {
        if (isIpv6()) {
            ns.ip("-6", "addr", "add", withPrefix(address), "dev", dev, "nodad");
        } else {
            ns.ip("addr", "add", withPrefix(address), "dev", dev);
        }
    }

    /** {@code ping} from {@code ns}: whether all {@code count} echoes came back (each waited for 2 s). */
    public boolean ping(Netns ns, String to, int count) throws IOException {
        Netns.Result r = ns.status(pingCommand(to, count, 2));
        return r.ok() && r.output().contains(" " + count + " received");
    }

    /** Whether no echo at all came back from {@code count} tries of one second. */
    public boolean pingFails(Netns ns, String to, int count) throws IOException {
        Netns.Result r = ns.status(pingCommand(to, count, 1));
        return r.status() == 1 && r.output().contains(" 0 received");
    }

    private String[] pingCommand(String to, int count, int wait) {
        List<String> cmd = new ArrayList<>(List.of("ping"));
        if (isIpv6()) cmd.add("-6");
        cmd.addAll(List.of("-n", "-c", String.valueOf(count), "-i", "0.2", "-W", String.valueOf(wait), to));
        return cmd.toArray(String[]::new);
    }
}
