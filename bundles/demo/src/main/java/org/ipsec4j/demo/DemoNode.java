package org.ipsec4j.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.TransformTable;
import org.ipsec4j.engine.forward.Gateway;
import org.ipsec4j.engine.route.Addresses;
import org.ipsec4j.engine.route.RoutingTable;
import org.ipsec4j.engine.route.StaticRoute;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.io.memory.MemoryLink;
import org.ipsec4j.io.memory.MemoryPort;
import org.ipsec4j.io.memory.MemoryPortConfig;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.command.SetkeyCommand;
import org.ipsec4j.spd.PolicyTable;

/**
 * One host or gateway of the demo, assembled in plain Java as the gateway's components assemble it: SAD, SPD,
 * setkey, ESP over the JDK's algorithms, the engine, the routing table and the {@link Gateway} with in-memory ports.
 */
final class DemoNode implements AutoCloseable {
    final String name;
    final SaTable sad = new SaTable();
    final PolicyTable spd = new PolicyTable();
    final EngineSettings settings = new EngineSettings();
    final RoutingTable routes = new RoutingTable();
    final Gateway gateway;
    private final List<MemoryPort> ports = new ArrayList<>();

    DemoNode(String name, AlgorithmRegistry algorithms) {
        this.name = name;
        TransformTable transforms = new TransformTable();
        transforms.register(new EspTransform(algorithms));
        gateway = new Gateway(new IpsecEngine(sad, spd, transforms, new LocalAddresses(), settings), routes);
    }

    /** Attaches a port on {@code link} with these addresses ({@code addr/len}) in {@code role}. */
    MemoryPort portIn(String role, MemoryLink link, String portName, String... addresses) {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String a : addresses) prefixes.add(Addresses.prefix(a));
        MemoryPort p = link.attach(MemoryPortConfig.of(portName, prefixes).withRole(role));
        gateway.attach(p, portName, role);
        ports.add(p);
        return p;
    }

    MemoryPort port(MemoryLink link, String portName, String... addresses) {
        return portIn(PacketPort.ROLE_NETWORK, link, portName, addresses);
    }

    DemoNode route(String entry) {
        routes.addStatic(StaticRoute.parse(entry));
        return this;
    }

    DemoNode forwarding() {
        settings.set(Mib.IP_FORWARDING, 1);
        return this;
    }

    /** Runs setkey with {@code args} and {@code input}; returns what it printed (errors throw). */
    String setkey(List<String> args, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new SetkeyCommand(sad, spd, Clock.systemDefaultZone(), ProcessHandle.current().pid()).run(args,
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (rc != 0) throw new IllegalStateException("setkey on " + name + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    String setkey(String statements) {
        return setkey(List.of("-c"), statements);
    }

    @Override
    public void close() {
        gateway.close();
        sad.close();
    }
}
