package org.ipsec4j.demo;

import java.io.PrintStream;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.io.memory.MemoryLink;

/**
 * The KAME guide's first example, "transport mode": hosts A and B encrypt what they send each other with ESP in
 * transport mode, the guide's SAs (DES-CBC, key "hogehoge", SPIs 9998 and 9999) and policies, on TEST-NET-1 addresses.
 * Each host runs the gateway in end-host mode: its kernel (a stub answering pings) sits behind the {@code host} port,
 * where a TUN device would be, and the wire is an in-memory link.
 */
final class TransportScenario {
    static final String A = "192.0.2.1";
    static final String B = "192.0.2.2";
    static final String SAS = "add 192.0.2.1 192.0.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 192.0.2.2 192.0.2.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";
    static final String SPD_A = "spdadd 192.0.2.1 192.0.2.2 any -P out ipsec esp/transport//use ;\n";
    static final String SPD_B = "spdadd 192.0.2.2 192.0.2.1 any -P out ipsec esp/transport//use ;\n";

    private TransportScenario() {
    }

    static void run(PrintStream out, AlgorithmRegistry algorithms, int count) throws InterruptedException {
        out.println("== Scenario 1: transport mode between two hosts (KAME guide, \"Transport mode\") ==");
        out.println("Host A " + A + " and host B " + B + " share a link. On each host the gateway runs in end-host mode:");
        out.println("the host's kernel sits behind its host port, so applications ping as usual.");
        out.println();
        MemoryLink wire = new MemoryLink("wire");
        MemoryLink kernelA = new MemoryLink("kernel-a");
        MemoryLink kernelB = new MemoryLink("kernel-b");
        PacketLog log = new PacketLog(out);
        log.tap(kernelA, "A engine -> kernel", "kernel", "A kernel -> engine");
        log.tap(wire, "wire");
        log.tap(kernelB, "B engine -> kernel", "kernel", "B kernel -> engine");
        try (DemoNode a = new DemoNode("A", algorithms); DemoNode b = new DemoNode("B", algorithms)) {
            a.port(wire, "eth0", A + "/24");
            a.portIn(PacketPort.ROLE_HOST, kernelA, "host0");
            b.port(wire, "eth0", B + "/24");
            b.portIn(PacketPort.ROLE_HOST, kernelB, "host0");
            try (KernelStub ka = new KernelStub(kernelA, A); KernelStub kb = new KernelStub(kernelB, B)) {
                Demo.setkey(out, "On both hosts", SAS);
                a.setkey(SAS);
                b.setkey(SAS);
                Demo.setkey(out, "On host A", SPD_A);
                a.setkey(SPD_A);
                Demo.setkey(out, "On host B", SPD_B);
                b.setkey(SPD_B);
                out.println("A$ ping -c " + count + " " + B);
                for (int seq = 0; seq < count; seq++) {
                    log.on(seq < 2);
                    long t0 = System.nanoTime();
                    byte[] reply = ka.ping(B, 0x1234, seq);
                    log.on(false);
                    if (reply == null) {
                        out.println("Request timeout for icmp_seq " + seq);
                    } else {
                        out.println(String.format("%d bytes from %s: icmp_seq=%d ttl=%d time=%.3f ms", reply.length - 20,
                                PacketText.addr(reply, 12, 4), seq, reply[8] & 0xff, (System.nanoTime() - t0) / 1e6));
                    }
                }
                out.println();
                out.println("B# setkey -D");
                out.print(b.setkey(java.util.List.of("-D"), ""));
                out.println();
            }
        }
    }
}
