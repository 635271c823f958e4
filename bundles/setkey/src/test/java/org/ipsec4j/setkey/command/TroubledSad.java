package org.ipsec4j.setkey.command;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SadException;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.sad.SaTable;

/**
 * A real SAD with trouble on cue: an SA that hard-expires just before setkey deletes or reads it (as the expiry timer
 * may do between check and apply), SPIs whose add or delete the SAD refuses, and dead SAs still in the dump.
 */
class TroubledSad implements SecurityAssociationDatabase {
    private final SaTable table;
    final Set<Long> expireBeforeUse = new HashSet<>();
    final Set<Long> refuseAdd = new HashSet<>();
    final Set<Long> refuseDelete = new HashSet<>();
    final List<SecurityAssociation> refused = new ArrayList<>();
    /** Dead entries that {@link #dump()} still shows, as a SAD may while they are being torn down. */
    final List<SaEntry> ghosts = new ArrayList<>();

    TroubledSad(SaTable table) {
        this.table = table;
    }

    private void expireIfDue(SaId id) {
        if (expireBeforeUse.remove(id.spiUnsigned())) {
            table.delete(id);
        }
    }

    @Override
    public SaEntry add(SecurityAssociation sa) {
        if (refuseAdd.contains(sa.id().spiUnsigned())) {
            refused.add(sa);
            throw new SadException("refused by the SAD");
        }
        return table.add(sa);
    }

    @Override
    public SaEntry update(SecurityAssociation sa) {
        expireIfDue(sa.id());
        return table.update(sa);
    }

    @Override
    public Optional<SaEntry> get(SaId id) {
        expireIfDue(id);
        return table.get(id);
    }

    @Override
    public SaEntry delete(SaId id) {
        if (refuseDelete.contains(id.spiUnsigned())) {
            throw new SadException("delete refused by the SAD");
        }
        expireIfDue(id);
        return table.delete(id);
    }

    @Override
    public List<SaEntry> deleteAll(InetAddress source, InetAddress destination, SaProtocol protocol) {
        return table.deleteAll(source, destination, protocol);
    }

    @Override
    public List<SaEntry> flush() {
        return table.flush();
    }

    @Override
    public List<SaEntry> flush(SaProtocol protocol) {
        return table.flush(protocol);
    }

    @Override
    public List<SaEntry> dump() {
        List<SaEntry> all = new ArrayList<>(table.dump());
        all.addAll(ghosts);
        return all;
    }

    @Override
    public List<SaEntry> dump(SaProtocol protocol) {
        List<SaEntry> all = new ArrayList<>(table.dump(protocol));
        ghosts.stream().filter(e -> e.sa().protocol() == protocol).forEach(all::add);
        return all;
    }

    @Override
    public SaEntry lookupInbound(byte[] buf, int addrOff, int addrLen, int ipProtocol, int spi) {
        return table.lookupInbound(buf, addrOff, addrLen, ipProtocol, spi);
    }

    @Override
    public SaEntry lookupOutbound(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff,
            int addrLen, int reqid) {
        return table.lookupOutbound(protocol, mode, src, srcOff, dst, dstOff, addrLen, reqid);
    }
}
