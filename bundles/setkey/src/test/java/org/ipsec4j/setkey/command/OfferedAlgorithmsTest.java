package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.ipsec4j.api.crypto.AlgorithmContext;
import org.ipsec4j.api.crypto.AlgorithmDescriptor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.crypto.StandardAlgorithms;
import org.ipsec4j.setkey.command.Gateway.Result;
import org.junit.jupiter.api.Test;

/** With the gateway's algorithm registry, an SA whose algorithm no provider offers now is refused at add. */
class OfferedAlgorithmsTest {
    /** A registry offering the given standard algorithms (contexts are never made here). */
    static AlgorithmRegistry offering(AlgorithmDescriptor... ds) {
        List<AlgorithmProvider> ps = new ArrayList<>();
        for (AlgorithmDescriptor d : ds) {
            ps.add(new AlgorithmProvider() {
                @Override public AlgorithmDescriptor descriptor() { return d; }
                @Override public String providerName() { return "test"; }
                @Override public AlgorithmContext newContext(byte[] key) { throw new AssertionError("not here"); }
            });
        }
        return new AlgorithmRegistry() {
            @Override
            public Optional<AlgorithmProvider> find(AlgorithmKind kind, String name) {
                return ps.stream().filter(p -> p.descriptor().kind() == kind && p.descriptor().answersTo(name))
                        .findFirst();
            }

            @Override public List<AlgorithmProvider> all() { return ps; }
            @Override public long generation() { return 1; }
        };
    }

    private final Gateway gw = new Gateway();
    private final AtomicReference<AlgorithmRegistry> registry = new AtomicReference<>(offering(
            StandardAlgorithms.AES_CBC, StandardAlgorithms.AES_GCM_16, StandardAlgorithms.HMAC_SHA1,
            StandardAlgorithms.DEFLATE));
    private final SetkeyCommand setkey = new SetkeyCommand(gw.sad, gw.spd, registry::get, gw.clock, Gateway.PID);

    private Result run(String stdin) {
        return Gateway.run(setkey, stdin, "-c");
    }

    @Test
    void anOfferedAlgorithmIsAccepted() {
        assertEquals(0, run("add 192.0.2.1 192.0.2.2 esp 0x1000 -E rijndael-cbc 0x00112233445566778899aabbccddeeff"
                + " -A hmac-sha1 \"01234567890123456789\" ;").status());
        assertEquals(1, gw.sad.dump().size());
    }

    @Test
    void anAlgorithmNoProviderOffersIsRefusedWithWhatIsOffered() {
        Result r = run("add 192.0.2.1 192.0.2.2 esp 0x1000 -E aes-cbc 0x00112233445566778899aabbccddeeff ;\n"
                + "add 192.0.2.2 192.0.2.1 esp 0x1001 -E camellia-cbc 0x00112233445566778899aabbccddeeff ;\n");
        assertEquals(1, r.status());
        assertEquals("setkey: line 2, column 1: add 192.0.2.2 192.0.2.1 esp 4097: encryption algorithm"
                + " \"camellia-cbc\" is not offered by any provider now (offered: aes-cbc, aes-gcm-16; is its cipher"
                + " bundle installed and started?)\n", r.err());
        assertEquals(0, gw.sad.dump().size(), "all or nothing: the first add did not happen either");
    }

    @Test
    void integrityAndCompressionAreCheckedToo() {
        Result auth = run("add 192.0.2.1 192.0.2.2 esp 0x1000 -E aes-cbc 0x00112233445566778899aabbccddeeff"
                + " -A hmac-sha512 0x" + "ab".repeat(64) + " ;");
        assertTrue(auth.err().contains("authentication algorithm \"hmac-sha512\" is not offered by any provider now"
                + " (offered: hmac-sha1;"), auth.err());
        Result comp = run("add 192.0.2.1 192.0.2.2 ipcomp 0x1000 -C lzs ;");
        assertTrue(comp.err().contains("compression algorithm \"lzs\" is not offered by any provider now"
                + " (offered: deflate;"), comp.err());
        assertEquals(0, run("add 192.0.2.1 192.0.2.2 ipcomp 0x1000 -C deflate ;").status());
    }

    @Test
    void updateIsCheckedAndNoRegistryMeansNoCheck() {
        assertEquals(0, run("add 192.0.2.1 192.0.2.2 esp 0x1000 -E aes-gcm-16 0x" + "11".repeat(20) + " ;").status());
        Result r = run("update 192.0.2.1 192.0.2.2 esp 0x1000 -E chacha20-poly1305 0x" + "22".repeat(36) + " ;");
        assertTrue(r.err().contains("\"chacha20-poly1305\" is not offered"), r.err());
        registry.set(null); // the registry went away: algorithms are not checked, as offline
        assertEquals(0, run("update 192.0.2.1 192.0.2.2 esp 0x1000 -E chacha20-poly1305 0x" + "22".repeat(36)
                + " ;").status());
    }
}
