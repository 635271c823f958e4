package org.ipsec4j.cipher.bc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.ipsec4j.algorithms.support.OfferedAlgorithm;
import org.ipsec4j.algorithms.testing.ProviderContractTest;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.IntegrityContext;
import org.ipsec4j.api.crypto.StandardAlgorithms;

/** The provider contract (known answers, in-place use, refusals) for every Bouncy Castle algorithm. */
class BcProviderTest extends ProviderContractTest {
    private static final Map<String, Supplier<Digest>> HMACS = Map.of("hmac-md5", MD5Digest::new, "hmac-sha1",
            SHA1Digest::new, "hmac-sha256", SHA256Digest::new, "hmac-sha384", SHA384Digest::new, "hmac-sha512",
            SHA512Digest::new, "hmac-ripemd160", RIPEMD160Digest::new, "hmac-sha256-96", SHA256Digest::new);

    @Override
    protected List<OfferedAlgorithm> offered() {
        return BcAlgorithms.all();
    }

    @Override
    protected Optional<IntegrityContext> anyKeyMac(String algorithm, byte[] key) {
        return Optional.ofNullable(HMACS.get(algorithm)).map(digest -> BcAlgorithms.hmacContext(
                StandardAlgorithms.find(AlgorithmKind.INTEGRITY, algorithm).orElseThrow(), digest, key));
    }
}
