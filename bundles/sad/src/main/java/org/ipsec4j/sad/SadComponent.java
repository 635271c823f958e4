package org.ipsec4j.sad;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The {@link SecurityAssociationDatabase} service: an {@link SaTable} on the system clock whose events go to
 * EventAdmin ({@code postEvent}, when one is present), with an {@link ExpiryTimer} ticking once a second. On
 * deactivation the timer stops and every SA's keys are zeroed.
 *
 * <p>Outbound sequence numbers persist across restarts in the gateway's run directory ({@code ipsec4j.run.dir}, or
 * {@code ipsec4j.sad.sequence.dir}; see {@link SequenceStoreSettings} and docs/SECURITY.md); deactivation writes the
 * exact last numbers.
 */
@Component(service = SecurityAssociationDatabase.class)
public final class SadComponent implements SecurityAssociationDatabase {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final SaTable table;
    private final ExpiryTimer timer;

    @Activate
    public SadComponent(BundleContext context) {
        this(context::getProperty);
    }

    /** A SAD configured by {@code properties} (framework properties, in tests a map). */
    SadComponent(UnaryOperator<String> properties) {
        TickingClock useClock = new TickingClock(Clock.systemUTC());
        this.table = new SaTable(Clock.systemUTC(), useClock, this::post, SequenceStoreSettings.open(properties));
        this.timer = new ExpiryTimer(table, Duration.ofSeconds(1), useClock, Duration.ofMillis(100));
    }

    @Deactivate
    void deactivate() {
        timer.close();
        table.close();
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
        }
    }

    @Override
    public SaEntry add(SecurityAssociation sa) {
        return table.add(sa);
    }

    @Override
    public SaEntry update(SecurityAssociation sa) {
        return table.update(sa);
    }

    @Override
    public Optional<SaEntry> get(SaId id) {
        return table.get(id);
    }

    @Override
    public SaEntry delete(SaId id) {
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
        return table.dump();
    }

    @Override
    public List<SaEntry> dump(SaProtocol protocol) {
        return table.dump(protocol);
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

    @Override
    public boolean acquire(SaProtocol protocol, IpsecMode mode, byte[] src, int srcOff, byte[] dst, int dstOff,
            int addrLen, int reqid) {
        return table.acquire(protocol, mode, src, srcOff, dst, dstOff, addrLen, reqid);
    }
}
