package org.ipsec4j.itests.interop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.TransformTable;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.sad.SaRecord;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.command.SetkeyCommand;
import org.ipsec4j.spd.PolicyTable;

/**
 * One ipsec4j end, assembled in plain Java as the offline tool {@code ipsec4j-pcap} assembles it (SAD, SPD, setkey,
 * the ESP transform, the engine), with the algorithms of one provider bundle. Configured with setkey(8) statements;
 * packets go through {@link IpsecEngine#output} or {@link IpsecEngine#input} as byte arrays.
 */
final class Gateway implements AutoCloseable {
    private static final int HEADROOM = 256;

    /** What the engine did with one packet: its verdict, and on {@link Verdict#OK} the resulting packet. */
    record Result(Verdict verdict, byte[] packet) {
    }

    private final SaTable sad = new SaTable();
    private final PolicyTable spd = new PolicyTable();
    private final IpsecEngine engine;
    private final PacketBuffer buf = new PacketBuffer(HEADROOM + 65535 + HEADROOM, HEADROOM);

    /** @param local the address this end owns (inbound packets are for it) */
    Gateway(Provider provider, String local) {
        LocalAddresses locals = new LocalAddresses();
        locals.add(address(local));
        TransformTable transforms = new TransformTable();
        transforms.register(new EspTransform(provider.registry()));
        engine = new IpsecEngine(sad, spd, transforms, locals, new EngineSettings());
    }

    /** Applies setkey statements as {@code setkey -c} does; fails the test with setkey's message if it refuses them. */
    Gateway setkey(String statements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new SetkeyCommand(sad, spd, Clock.systemUTC(), ProcessHandle.current().pid()).run(List.of("-c"),
                new ByteArrayInputStream(statements.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new AssertionError("setkey refused the configuration: " + err.toString(StandardCharsets.UTF_8)
                    + "\n" + statements);
        }
        return this;
    }

    Result output(byte[] packet) {
        buf.set(HEADROOM, packet, 0, packet.length);
        return result(engine.output(buf));
    }

    Result input(byte[] packet) {
        buf.set(HEADROOM, packet, 0, packet.length);
        return result(engine.input(buf));
    }

    private Result result(Verdict v) {
        return new Result(v, v == Verdict.OK ? buf.toByteArray() : null);
    }

    /** The ESP SA to {@code destination} with {@code spi}. */
    SaEntry sa(String destination, int spi) {
        return sad.require(new SaId(address(destination), SaProtocol.ESP, spi));
    }

    /**
     * Makes the SA's next outbound sequence number {@code next}, as if {@code next - 1} packets had gone out: the SAD's
     * hook for restoring state ({@code SaRecord.presetSequence}, package-private, reached by reflection).
     */
    void presetOutboundSequence(SaEntry sa, long next) {
        try {
            Method preset = SaRecord.class.getDeclaredMethod("presetSequence", long.class);
            preset.setAccessible(true);
            preset.invoke(sa, next - 1);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot preset the outbound sequence number: " + e, e);
        }
    }

    /** Makes {@code highest} the highest sequence number the SA has accepted, as if that packet had arrived. */
    void presetReplayWindow(SaEntry sa, long highest) {
        if (!((SaRecord) sa).replayWindow().commit(highest)) {
            throw new AssertionError("replay window refused " + Long.toHexString(highest));
        }
    }

    @Override
    public void close() {
        sad.close();
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // numeric literals only: no lookup happens
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
