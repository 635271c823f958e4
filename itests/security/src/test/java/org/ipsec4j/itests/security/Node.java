package org.ipsec4j.itests.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.ipsec4j.algorithms.RankedProviders;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.ah.AhOptions;
import org.ipsec4j.ah.AhTransform;
import org.ipsec4j.cipher.jce.JceProviders;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.TransformTable;
import org.ipsec4j.esp.EspOldTransform;
import org.ipsec4j.esp.EspOptions;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.esp.IvSource;
import org.ipsec4j.ipcomp.IpcompOptions;
import org.ipsec4j.ipcomp.IpcompTransform;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.command.SetkeyCommand;
import org.ipsec4j.spd.PolicyTable;

/**
 * One IPsec host in plain Java, wired as the gateway's components wire it: the real SAD and SPD, setkey over both
 * (refusing algorithms no provider offers), the JDK's algorithm providers, the ESP, esp-old, AH (and ah-old) and
 * IPComp transforms, and the engine with our addresses.
 */
final class Node implements AutoCloseable {
    /** The JDK's algorithms, as the cipher-jce bundle offers them. */
    static final AlgorithmRegistry ALGORITHMS = RankedProviders.of(JceProviders.all());

    final SaTable sad = new SaTable();
    final PolicyTable spd = new PolicyTable();
    final EngineSettings settings = new EngineSettings();
    final LocalAddresses locals = new LocalAddresses();
    final TransformTable transforms = new TransformTable();
    final IpsecEngine engine;
    private final SetkeyCommand setkey;

    Node(String... localAddresses) {
        this(null, localAddresses);
    }

    /** @param ivs null for ESP's own IVs, or where every ESP IV comes from (reproducible packets) */
    Node(IvSource ivs, String... localAddresses) {
        for (String a : localAddresses) {
            locals.add(address(a));
        }
        transforms.register(new EspTransform(ALGORITHMS, EspOptions.DEFAULTS, ivs));
        transforms.register(SaProtocol.ESP_OLD, new EspOldTransform(ALGORITHMS, EspOptions.DEFAULTS));
        AhTransform ah = new AhTransform(ALGORITHMS, AhOptions.DEFAULTS);
        transforms.register(SaProtocol.AH, ah);
        transforms.register(SaProtocol.AH_OLD, ah);
        transforms.register(new IpcompTransform(ALGORITHMS, IpcompOptions.DEFAULTS));
        engine = new IpsecEngine(sad, spd, transforms, locals, settings);
        setkey = new SetkeyCommand(sad, spd, () -> ALGORITHMS, Clock.systemUTC(), ProcessHandle.current().pid());
    }

    /** Runs {@code setkey -c} with {@code statements}; throws with setkey's error output when it fails. */
    Node setkey(String statements) {
        Result r = run(List.of("-c"), statements);
        if (r.status != 0) {
            throw new IllegalStateException("setkey failed: " + r.err);
        }
        return this;
    }

    /** Runs setkey with {@code args} and {@code input}. */
    Result run(List<String> args, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = setkey.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public void close() {
        sad.close();
    }

    /** IVs made from the sequence number: the same packets in every run (never for anything but tests). */
    static final IvSource REPRODUCIBLE_IVS = (buf, off, len, sequence, counterMode) -> {
        for (int i = 0; i < len; i++) {
            buf[off + i] = (byte) (counterMode ? i < len - 8 ? 0 : sequence >>> (8 * (len - 1 - i)) : sequence * 31 + i);
        }
    };

    /** What a setkey run did. */
    record Result(int status, String out, String err) {
    }
}
