package org.ipsec4j.bench;

import java.security.GeneralSecurityException;

/**
 * {@link RawCipherBenchmark} with one difference: the cipher writes its output to a scratch array, which is then
 * copied back into the packet, as {@code cipher-jce}'s contexts do (SunJCE copies its input to a new array when input
 * and output overlap, in CBC; the scratch array avoids that allocation). Against {@link RawCipherBenchmark} this
 * measures what the detour costs or saves for each cipher.
 */
public class RawScratchBenchmark extends PacketCryptoBenchmark {
    @Override
    PacketCrypto crypto(Suite s) throws GeneralSecurityException {
        return PacketCrypto.raw(s, true);
    }
}
