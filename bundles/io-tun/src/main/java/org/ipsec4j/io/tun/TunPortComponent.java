package org.ipsec4j.io.tun;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.policy.IpPrefix;
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
 * One {@link TunPort} per factory configuration {@value #PID}: opens the device, registers the port as a
 * {@link PacketPort} service with {@link PacketPort#NAME} and {@link PacketPort#ROLE} (default {@code host}); closes
 * it when the configuration goes. A bad configuration or a device that cannot be opened fails the activation (logged
 * by SCR).
 */
@Component(service = {}, immediate = true, configurationPid = TunPortComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TunPortComponent.Config.class, factory = true)
public final class TunPortComponent {
    static final String PID = "org.ipsec4j.io.tun.port";
    private static final System.Logger LOG = System.getLogger(TunPortComponent.class.getName());

    /** A port on a TUN device. */
    @ObjectClassDefinition(id = PID, name = "ipsec4j TUN port", description = "A port on a Linux TUN device: the "
            + "host's own kernel (end-host mode).")
    public @interface Config {
        @AttributeDefinition(description = "the port's name in the gateway, e.g. tun0")
        String name();

        @AttributeDefinition(description = "the TUN device, e.g. ipsec4j0 (attached if it exists, else created)")
        String device();

        @AttributeDefinition(description = "addr/len entries, comma-separated: the host's addresses, e.g. 192.0.2.1/32")
        String[] addresses() default {};

        @AttributeDefinition(description = "the device's MTU to set; 0: keep the device's")
        int mtu() default 0;

        @AttributeDefinition(description = "host (end-host mode) or network")
        String role() default PacketPort.ROLE_HOST;
    }

    private final TunPort port;
    private final ServiceRegistration<PacketPort> registration;

    @Activate
    public TunPortComponent(BundleContext context, Config config) throws IOException {
        TunPort.Settings settings = settings(config);
        String role = role(config);
        try {
            port = TunPort.open(settings);
        } catch (LinkageError e) {
            throw new IOException("port " + settings.name() + ": JNA is not available (" + e + ")", e);
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PacketPort.NAME, settings.name());
        props.put(PacketPort.ROLE, role);
        props.put("ipsec4j.port.device", settings.device());
        registration = context.registerService(PacketPort.class, port, props);
        LOG.log(System.Logger.Level.INFO, "opened {0}", port);
    }

    static TunPort.Settings settings(Config c) {
        String name = c.name() == null ? "" : c.name().trim();
        if (name.isEmpty()) throw new IllegalArgumentException(PID + ": name is missing");
        String device = c.device() == null ? "" : c.device().trim();
        if (device.isEmpty()) throw new IllegalArgumentException(PID + " " + name + ": device is missing");
        List<IpPrefix> addresses;
        try {
            addresses = AddressList.parse(c.addresses());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " " + name + ": " + e.getMessage(), e);
        }
        try {
            return new TunPort.Settings(name, device, addresses, c.mtu());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " " + name + ": " + e.getMessage(), e);
        }
    }

    static String role(Config c) {
        String role = c.role() == null || c.role().isBlank() ? PacketPort.ROLE_HOST : c.role().trim();
        if (!role.equals(PacketPort.ROLE_HOST) && !role.equals(PacketPort.ROLE_NETWORK)) {
            throw new IllegalArgumentException(PID + " " + c.name() + ": role " + role + " is neither host nor network");
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
