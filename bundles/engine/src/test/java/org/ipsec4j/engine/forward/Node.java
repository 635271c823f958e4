package org.ipsec4j.engine.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.Mib;
import org.ipsec4j.engine.TransformTable;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
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
 * One host or gateway of a test, wired in plain Java as the DS components wire it: SAD, SPD, setkey, ESP over the
 * JDK's algorithms, engine, routing table and {@link Gateway}, with in-memory ports.
 */
final class Node implements AutoCloseable {
    final String name;
    final SaTable sad = new SaTable();
    final PolicyTable spd = new PolicyTable();
    final SetkeyCommand setkey = new SetkeyCommand(sad, spd, Clock.systemUTC(), 1);
    final TransformTable transforms = new TransformTable();
    final EngineSettings settings = new EngineSettings();
    final IpsecEngine engine = new IpsecEngine(sad, spd, transforms, new LocalAddresses(), settings);
    final RoutingTable routes = new RoutingTable();
    final Gateway gateway;
    final List<MemoryPort> ports = new ArrayList<>();
    private int sequence;

    Node(String name) {
        this(name, System::nanoTime);
    }

    Node(String name, java.util.function.LongSupplier clock) {
        this.name = name;
        transforms.register(new EspTransform(JceRegistry.INSTANCE));
        gateway = new Gateway(engine, routes, clock);
    }

    /** A port on {@code link} with these addresses ({@code addr/len}), attached and started. */
    MemoryPort port(MemoryLink link, String portName, int mtu, String... addresses) {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String a : addresses) prefixes.add(org.ipsec4j.engine.route.Addresses.prefix(a));
        MemoryPort p = link.attach(MemoryPortConfig.of(portName, prefixes).withMtu(mtu));
        gateway.attach(p, portName, PacketPort.ROLE_NETWORK);
        ports.add(p);
        return p;
    }

    MemoryPort port(MemoryLink link, String portName, String... addresses) {
        return port(link, portName, 1500, addresses);
    }

    Node route(String entry) {
        routes.addStatic(StaticRoute.parse(entry));
        return this;
    }

    Node sysctl(Mib mib, int value) {
        settings.set(mib, value);
        return this;
    }

    Node forwarding() {
        return sysctl(Mib.IP_FORWARDING, 1).sysctl(Mib.IP6_FORWARDING, 1);
    }

    /** Runs {@code setkey -c}; fails the test with setkey's message if it fails. */
    Node setkey(String statements) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = setkey.run(List.of("-c"), new ByteArrayInputStream(statements.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, () -> "setkey failed: " + err.toString(StandardCharsets.UTF_8));
        return this;
    }

    EchoResult ping(String destination) throws InterruptedException {
        return ping(destination, 56, false);
    }

    EchoResult ping(String destination, int dataLength, boolean dontFragment) throws InterruptedException {
        return gateway.echo(new EchoRequest(addr(destination), null, 0x4242, ++sequence, dataLength, dontFragment,
                null, null, Duration.ofSeconds(2)));
    }

    /** A ping that waits only 300 ms: for tests that expect no reply. */
    EchoResult pingBriefly(String destination) throws InterruptedException {
        return gateway.echo(new EchoRequest(addr(destination), null, 0x4242, ++sequence, 56, false, null, null,
                Duration.ofMillis(300)));
    }

    /** The SA with this SPI. */
    SaEntry sa(long spi) {
        return sad.dump().stream().filter(e -> e.sa().spi() == spi).findFirst().orElseThrow();
    }

    long counter(int version, IpCounter c) {
        return gateway.counter(version, c);
    }

    /**
     * A counter that the node's receive thread bumps after sending (forwarded, fragmented): the other end may have
     * answered already, so wait up to two seconds for it to reach {@code expected}; returns its value.
     */
    long counterAfterSend(int version, IpCounter c, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (gateway.counter(version, c) < expected && System.nanoTime() < deadline) Thread.sleep(5);
        return gateway.counter(version, c);
    }

    static InetAddress addr(String s) {
        return org.ipsec4j.engine.route.Addresses.parse(s);
    }

    @Override
    public void close() {
        gateway.close();
        sad.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
