package org.ipsec4j.sad;

/**
 * The inbound index of an {@link SaTable}: (destination address, IP protocol, SPI) to SA, in {@link RecordChains}
 * (lock-free, allocation-free readers that compare the address bytes in place; writers serialized by the table's
 * writer lock).
 */
final class SpiIndex {
    /** The key as it was put: the destination's bytes are the SA's, never changed. */
    private record Key(int ipProtocol, int spi, byte[] destination) {
        boolean matches(byte[] buf, int off, int len, int proto, int s) {
            if (spi != s || ipProtocol != proto || destination.length != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (destination[i] != buf[off + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final RecordChains<Key> chains = new RecordChains<>();

    /** The SA for this key, or null. Lock-free, allocation-free. */
    SaRecord find(byte[] buf, int off, int len, int ipProtocol, int spi) {
        int h = hash(buf, off, len, ipProtocol, spi);
        for (RecordChains.Node<Key> n = chains.chain(h); n != null; n = n.next) {
            if (n.hash == h && n.key.matches(buf, off, len, ipProtocol, spi)) {
                return n.record;
            }
        }
        return null;
    }

    /** Adds {@code record} under its key; the caller checked that the key is free. Writers only. */
    void put(SaRecord record) {
        byte[] dst = record.sa().destination().getAddress();
        int proto = record.sa().protocol().ipProtocol();
        int spi = record.sa().spi();
        chains.put(hash(dst, 0, dst.length, proto, spi), new Key(proto, spi, dst), record);
    }

    /** Removes {@code record} (by identity) if present. Writers only. */
    boolean remove(SaRecord record) {
        byte[] dst = record.sa().destination().getAddress();
        return chains.remove(hash(dst, 0, dst.length, record.sa().protocol().ipProtocol(), record.sa().spi()),
                record);
    }

    /** Empties the index. Writers only. */
    void clear() {
        chains.clear();
    }

    private static int hash(byte[] buf, int off, int len, int ipProtocol, int spi) {
        int h = spi * 0x9E3779B9 + ipProtocol;
        for (int i = 0; i < len; i++) {
            h = h * 31 + buf[off + i];
        }
        return RecordChains.mix(h);
    }
}
