package org.ipsec4j.control.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.control.startup.FailedStart;
import org.ipsec4j.control.startup.SetkeyConfApplied;
import org.ipsec4j.control.startup.SetkeyConfApplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Opens the gateway's control socket (see {@link ControlServer}) once the setkey service is there and
 * {@code setkey.conf} was applied. The socket's path is the configuration property (PID {@code org.ipsec4j.control})
 * or framework property {@code ipsec4j.control.socket}; by default it is {@code setkey.sock} in the run directory
 * ({@code ipsec4j.run.dir}, else {@code run/} beside the configuration directory {@code ipsec4j.conf}).
 *
 * <p>While the socket listens, a {@link ControlSocketOpen} service says so (the gateway launcher waits for it).
 *
 * <p>When the socket cannot be opened in a launched gateway (one with {@code ipsec4j.conf} set), the start fails
 * (see {@link FailedStart}): a gateway nobody can reach is of no use.
 */
@Component(configurationPid = "org.ipsec4j.control")
public final class ControlSocketComponent {
    /** Configuration of the control socket. */
    public @interface Config {
        /** Path of the socket; empty for the framework property or the default. */
        String ipsec4j_control_socket() default "";

        /** Most connections served at once. */
        int ipsec4j_control_threads() default 4;

        /** Seconds a client may take to send its request, and to take each response frame. */
        int ipsec4j_control_timeout() default 10;

        /** Most streaming commands ({@code setkey -x}) run at once, besides the connections above; 0: none. */
        int ipsec4j_control_monitors() default ControlServer.DEFAULT_MONITORS;
    }

    /** The framework property run directory. */
    public static final String RUN_DIR_PROPERTY = "ipsec4j.run.dir";
    /** The framework property socket path. */
    public static final String SOCKET_PROPERTY = "ipsec4j.control.socket";

    private static final System.Logger LOG = System.getLogger(ControlSocketComponent.class.getName());

    private final ControlServer server;
    private final ServiceRegistration<ControlSocketOpen> registration;

    /** Opens the socket. */
    @Activate
    public ControlSocketComponent(BundleContext context, Config config, @Reference SetkeyService setkey,
            @Reference SetkeyConfApplied applied) {
        String configured = config.ipsec4j_control_socket();
        Path socket = SocketFiles.location(
                configured.isBlank() ? context.getProperty(SOCKET_PROPERTY) : configured,
                context.getProperty(RUN_DIR_PROPERTY),
                context.getProperty(SetkeyConfApplier.CONF_PROPERTY));
        ControlServer opened = new ControlServer(socket, setkey, Math.max(1, config.ipsec4j_control_threads()),
                Math.max(0, config.ipsec4j_control_monitors()),
                Duration.ofSeconds(Math.max(1, config.ipsec4j_control_timeout())));
        try {
            opened.start();
        } catch (IOException e) {
            opened.close();
            opened = null;
            LOG.log(Level.ERROR, "cannot open the control socket {0}: {1}", socket, e.getMessage());
            String conf = context.getProperty(SetkeyConfApplier.CONF_PROPERTY);
            if (conf != null && !conf.isBlank()) {
                FailedStart.stopFramework(context);
            }
        }
        server = opened;
        registration = opened == null ? null : context.registerService(ControlSocketOpen.class,
                new ControlSocketOpen(socket), FrameworkUtil.asDictionary(Map.of(SOCKET_PROPERTY, socket.toString())));
    }

    /** Closes the socket and removes its file. */
    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        if (server != null) {
            server.close();
        }
    }
}
