package org.ipsec4j.bench;

import java.security.GeneralSecurityException;

/**
 * The baseline of {@link EspBenchmark}: the raw JCE ({@link RawAead}, {@link RawCbcHmac}) doing the cryptographic work
 * of ESP for the same packet, with {@code Cipher}, {@code Mac} and key objects made once and reused, in place with the
 * offset APIs: the ceiling ESP can reach.
 */
public class RawCipherBenchmark extends PacketCryptoBenchmark {
    @Override
    PacketCrypto crypto(Suite s) throws GeneralSecurityException {
        return PacketCrypto.raw(s, false);
    }
}
