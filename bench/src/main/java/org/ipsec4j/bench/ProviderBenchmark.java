package org.ipsec4j.bench;


/**
 * The layer between {@link RawCipherBenchmark} and {@link EspBenchmark}: the same cryptographic work done through the
 * algorithm contexts ESP uses ({@link ProviderCrypto}), from the providers a default gateway's registry picks. What
 * this adds to the raw JCE is the providers' cost; what ESP adds to this is ESP's.
 */
public class ProviderBenchmark extends PacketCryptoBenchmark {
    @Override
    PacketCrypto crypto(Suite s) {
        return new ProviderCrypto(s, GatewayRegistry.create());
    }
}
