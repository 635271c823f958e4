package org.ipsec4j.cipher.jce;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.algorithms.testing.ProviderContractTest;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/** The provider contract (known answers, in-place use, refusals) for every JCE algorithm. */
class JceProviderTest extends ProviderContractTest {
    private static final List<OfferedAlgorithm> OFFERED = JceAlgorithms.available();
    private static final Map<String, String> HMACS = Map.of("hmac-md5", "HmacMD5", "hmac-sha1", "HmacSHA1",
            "hmac-sha256", "HmacSHA256", "hmac-sha256-96", "HmacSHA256", "hmac-sha384", "HmacSHA384", "hmac-sha512",
            "HmacSHA512");

    @Override
    protected List<OfferedAlgorithm> offered() {
        return OFFERED;
    }

    @Override
    protected Optional<IntegrityContext> anyKeyMac(String algorithm, byte[] key) {
        return Optional.ofNullable(HMACS.get(algorithm)).map(jce -> new JceHmacContext(
                StandardAlgorithms.find(org.ipsec4j.api.crypto.AlgorithmKind.INTEGRITY, algorithm).orElseThrow(), jce,
                key));
    }
}
