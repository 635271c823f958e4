package org.ipsec4j.engine.component;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.transform.IpsecTransform;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.TransformTable;
import org.ipsec4j.engine.admin.EchoRequest;
import org.ipsec4j.engine.admin.EchoResult;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.Pinger;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.engine.admin.StatSection;
import org.ipsec4j.engine.forward.Gateway;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The running data plane: an {@link IpsecEngine} over the SAD and SPD, inside a {@link Gateway} that is the receiver
 * of every {@link PacketPort} service (bound dynamically, greedily: ports come and go while packets flow) and
 * dispatches to every {@link IpsecTransform} service by its {@link IpsecTransform#PROTOCOL} (esp, ah, ipcomp, ...).
 * Sysctls and routes come from their components. Offers the gateway's status and ping to the shell.
 */
@Component(immediate = true, service = {GatewayStatus.class, Pinger.class})
public final class EngineComponent implements GatewayStatus, Pinger {
    private static final Logger LOG = Logger.getLogger(EngineComponent.class.getName());

    private final TransformTable transforms = new TransformTable();
    private final Gateway gateway;

    @Activate
    public EngineComponent(@Reference SecurityAssociationDatabase sad, @Reference SecurityPolicyDatabase spd,
            @Reference SysctlComponent sysctl, @Reference RoutingComponent routing) {
        IpsecEngine engine = new IpsecEngine(sad, spd, transforms, new LocalAddresses(), sysctl.settings());
        gateway = new Gateway(engine, routing.table());
    }

    @Deactivate
    void deactivate() {
        gateway.close();
    }

    /** The gateway (tests). */
    public Gateway gateway() {
        return gateway;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTransform")
    void addTransform(IpsecTransform t, Map<String, Object> props) {
        for (SaProtocol p : protocols(t, props.get(IpsecTransform.PROTOCOL))) transforms.register(p, t);
    }

    void removeTransform(IpsecTransform t) {
        transforms.unregister(t);
    }

    /** The SA protocols a transform serves: its {@code ipsec4j.protocol} names (one or several), else its own. */
    static List<SaProtocol> protocols(IpsecTransform t, Object names) {
        List<String> list = names instanceof String[] a ? List.of(a)
                : names instanceof Iterable<?> it ? java.util.stream.StreamSupport.stream(it.spliterator(), false)
                        .map(Object::toString).toList()
                : names != null ? List.of(names.toString().split(",")) : List.of();
        List<SaProtocol> out = list.stream().map(String::trim).map(SaProtocol::fromSetkeyName)
                .flatMap(java.util.Optional::stream).toList();
        return out.isEmpty() ? List.of(t.protocol()) : out;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removePort", updated = "updatedPort")
    void addPort(PacketPort port, Map<String, Object> props) {
        String name = props.get(PacketPort.NAME) instanceof String n && !n.isBlank() ? n : port.name();
        String role = PacketPort.ROLE_HOST.equals(props.get(PacketPort.ROLE)) ? PacketPort.ROLE_HOST
                : PacketPort.ROLE_NETWORK;
        try {
            gateway.attach(port, name, role);
            LOG.info("port " + name + " attached: role " + role + ", mtu " + port.mtu() + ", addresses "
                    + port.addresses());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot attach port " + name, e);
        }
    }

    void updatedPort(PacketPort port, Map<String, Object> props) {
        addPort(port, props);
    }

    void removePort(PacketPort port) {
        gateway.detach(port);
        LOG.info("port " + port.name() + " detached");
    }

    @Override
    public List<PortInfo> ports() {
        return gateway.ports();
    }

    @Override
    public List<StatSection> statistics() {
        return gateway.statistics();
    }

    @Override
    public EchoResult echo(EchoRequest request) throws InterruptedException {
        return gateway.echo(request);
    }
}
