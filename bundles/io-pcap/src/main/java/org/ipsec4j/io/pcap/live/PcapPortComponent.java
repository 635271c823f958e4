package org.ipsec4j.io.pcap.live;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.IpPrefix;
import org.ipsec4j.io.pcap.ethernet.EthernetFrames;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One {@link PcapPort} per factory configuration {@value #PID}: opens the interface, registers the port as a
 * {@link PacketPort} service with {@link PacketPort#NAME} and {@link PacketPort#ROLE} (default {@code network}); closes
 * it when the configuration goes. A bad configuration or a missing interface fails the activation (logged by SCR).
 */
@Component(service = {}, immediate = true, configurationPid = PcapPortComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PcapPortComponent.Config.class, factory = true)
public final class PcapPortComponent {
    static final String PID = "org.ipsec4j.io.pcap.port";
    private static final System.Logger LOG = System.getLogger(PcapPortComponent.class.getName());

    /** A port on a real interface. */
    @ObjectClassDefinition(id = PID, name = "ipsec4j pcap port", description = "A port on an Ethernet interface that "
            + "the gateway owns (the kernel has no address there): ARP and neighbour discovery for its addresses, "
            + "frames through libpcap.")
    public @interface Config {
        @AttributeDefinition(description = "the port's name in the gateway, e.g. lan0")
        String name();

        @AttributeDefinition(name = "interface", description = "the Linux interface, e.g. eth1")
        String interface$();

        @AttributeDefinition(description = "addr/len entries, comma-separated, e.g. 192.0.2.1/24, 2001:db8::1/64")
        String[] addresses() default {};

        @AttributeDefinition(description = "the largest IP packet to send; 0: the interface's MTU")
        int mtu() default 0;

        @AttributeDefinition(description = "the port's MAC address; empty: the interface's")
        String mac() default "";

        @AttributeDefinition(description = "network (default) or host")
        String role() default PacketPort.ROLE_NETWORK;
    }

    private final PcapPort port;
    private final ServiceRegistration<PacketPort> registration;

    @Activate
    public PcapPortComponent(BundleContext context, Config config) throws IOException {
        PcapPort.Settings settings = settings(config);
        String role = role(config);
        try {
            port = PcapPort.open(settings);
        } catch (LinkageError e) {
            throw new IOException("port " + settings.name() + ": libpcap or JNA is not available (" + e + ")", e);
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PacketPort.NAME, settings.name());
        props.put(PacketPort.ROLE, role);
        props.put("ipsec4j.port.interface", settings.interfaceName());
        registration = context.registerService(PacketPort.class, port, props);
        LOG.log(System.Logger.Level.INFO, "opened {0}", port);
    }

    static PcapPort.Settings settings(Config c) {
        String name = c.name() == null ? "" : c.name().trim();
        if (name.isEmpty()) throw new IllegalArgumentException(PID + ": name is missing");
        String ifname = c.interface$() == null ? "" : c.interface$().trim();
        if (ifname.isEmpty()) throw new IllegalArgumentException(PID + " " + name + ": interface is missing");
        List<IpPrefix> addresses;
        try {
            addresses = AddressList.parse(c.addresses());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " " + name + ": " + e.getMessage(), e);
        }
        if (c.mtu() < 0) throw new IllegalArgumentException(PID + " " + name + ": mtu " + c.mtu());
        byte[] mac = null;
        if (c.mac() != null && !c.mac().isBlank()) {
            try {
                mac = EthernetFrames.parseMac(c.mac());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PID + " " + name + ": " + e.getMessage(), e);
            }
        }
        return new PcapPort.Settings(name, ifname, addresses, c.mtu(), mac);
    }

    static String role(Config c) {
        String role = c.role() == null || c.role().isBlank() ? PacketPort.ROLE_NETWORK : c.role().trim();
        if (!role.equals(PacketPort.ROLE_HOST) && !role.equals(PacketPort.ROLE_NETWORK)) {
            throw new IllegalArgumentException(PID + " " + c.name() + ": role " + role + " is neither network nor host");
        }
        return role;
    }

    @Deactivate
    public void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        port.close();
        LOG.log(System.Logger.Level.INFO, "closed {0}", port);
    }
}
