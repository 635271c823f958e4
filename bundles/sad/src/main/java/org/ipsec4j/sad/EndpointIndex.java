package org.ipsec4j.sad;

import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;

/**
 * The outbound index of an {@link SaTable}: (SA protocol, source, destination) to the SAs between those endpoints, in
 * {@link RecordChains} (lock-free, allocation-free readers; writers serialized by the table's writer lock).
 */
final class EndpointIndex {
    /** The key as it was put: the addresses' bytes are the SA's, never changed. */
    private record Key(SaProtocol protocol, byte[] source, byte[] destination) {
        boolean matches(SaProtocol p, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
            if (protocol != p || source.length != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (source[i] != src[srcOff + i] || destination[i] != dst[dstOff + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private final RecordChains<Key> chains = new RecordChains<>();

    /**
     * The best SA between these endpoints for a rule of {@code mode} and {@code reqid} (0: any): mature before dying,
     * then the newest (highest {@code sadb_seq}). Larval and dead SAs are skipped. Lock-free, allocation-free.
     */
    SaRecord find(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff, int len,
            int reqid) {
        int h = hash(protocol, src, srcOff, dst, dstOff, len);
        SaRecord best = null;
        boolean bestMature = false;
        for (RecordChains.Node<Key> n = chains.chain(h); n != null; n = n.next) {
            if (n.hash != h || !n.key.matches(protocol, src, srcOff, dst, dstOff, len)) {
                continue;
            }
            SaRecord r = n.record;
            SaState state = r.state();
            if (state != SaState.MATURE && state != SaState.DYING) {
                continue;
            }
            var sa = r.sa();
            if (sa.mode() != IpsecMode.ANY && mode != IpsecMode.ANY && sa.mode() != mode) {
                continue;
            }
            if (reqid != 0 && sa.reqid() != reqid) {
                continue;
            }
            boolean mature = state == SaState.MATURE;
            if (best == null || (mature && !bestMature)
                    || (mature == bestMature && r.sadbSeq() > best.sadbSeq())) {
                best = r;
                bestMature = mature;
            }
        }
        return best;
    }

    /** Adds {@code record} under its endpoints. Writers only. */
    void put(SaRecord record) {
        var sa = record.sa();
        byte[] src = sa.source().getAddress();
        byte[] dst = sa.destination().getAddress();
        chains.put(hash(sa.protocol(), src, 0, dst, 0, dst.length), new Key(sa.protocol(), src, dst), record);
    }

    /** Removes {@code record}, indexed under the endpoints of {@code asIndexed} (its configuration when it was put). */
    boolean remove(SaRecord record, SecurityAssociation asIndexed) {
        byte[] src = asIndexed.source().getAddress();
        byte[] dst = asIndexed.destination().getAddress();
        return chains.remove(hash(asIndexed.protocol(), src, 0, dst, 0, dst.length), record);
    }

    /** Empties the index. Writers only. */
    void clear() {
        chains.clear();
    }

    static int hash(SaProtocol protocol, byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int h = protocol.ordinal() * 0x9E3779B9;
        for (int i = 0; i < len; i++) {
            h = h * 31 + src[srcOff + i];
            h = h * 31 + dst[dstOff + i];
        }
        return RecordChains.mix(h);
    }
}
