package org.ipsec4j.engine.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.ipsec4j.ah.AhOptions;
import org.ipsec4j.ah.AhTransform;
import org.ipsec4j.algorithms.RankedProviders;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.cipher.jce.JceProviders;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.TransformTable;
import org.ipsec4j.esp.EspOldTransform;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.ipcomp.IpcompOptions;
import org.ipsec4j.ipcomp.IpcompTransform;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.command.SetkeyCommand;
import org.ipsec4j.spd.PolicyTable;

/**
 * One IPsec host or gateway with every transform: ESP, esp-old, AH (for ah and ah-old SAs) and IPComp, on the cipher-jce
 * bundle's algorithms (AES, HMAC, deflate), configured with setkey.
 */
final class BundleHost implements AutoCloseable {
    final SaTable sad = new SaTable();
    final PolicyTable spd = new PolicyTable();
    final SetkeyCommand setkey = new SetkeyCommand(sad, spd, Clock.systemUTC(), 1);
    final TransformTable transforms = new TransformTable();
    final LocalAddresses locals = new LocalAddresses();
    final EngineSettings settings = new EngineSettings();
    final IpsecEngine engine = new IpsecEngine(sad, spd, transforms, locals, settings);

    BundleHost(String... localAddresses) {
        AlgorithmRegistry registry = registry();
        AhTransform ah = new AhTransform(registry, AhOptions.DEFAULTS);
        transforms.register(new EspTransform(registry));
        transforms.register(new EspOldTransform(registry));
        transforms.register(ah);
        transforms.register(SaProtocol.AH_OLD, ah);
        transforms.register(new IpcompTransform(registry, IpcompOptions.DEFAULTS));
        for (String a : localAddresses) {
            locals.add(addr(a));
        }
    }

    private static AlgorithmRegistry registry() {
        RankedProviders providers = new RankedProviders();
        long id = 1;
        for (AlgorithmProvider p : JceProviders.all()) {
            providers.add(p, id++, 0);
        }
        return new AlgorithmRegistry() {
            @Override
            public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
                return providers.find(kind, name);
            }

            @Override
            public List<AlgorithmProvider> all() {
                return providers.all();
            }

            @Override
            public long generation() {
                return providers.generation();
            }
        };
    }

    /** Runs {@code setkey -c} with these statements; fails the test with setkey's error text if it exits non-zero. */
    BundleHost setkey(String statements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = setkey.run(List.of("-c"), new ByteArrayInputStream(statements.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, () -> "setkey failed: " + err.toString(StandardCharsets.UTF_8));
        return this;
    }

    /** The SA of {@code protocol} with {@code spi}. */
    SaEntry sa(SaProtocol protocol, int spi) {
        return sad.dump().stream().filter(e -> e.sa().protocol() == protocol && e.sa().spi() == spi).findFirst()
                .orElseThrow();
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    @Override
    public void close() {
        sad.close();
    }
}
