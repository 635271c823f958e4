package org.ipsec4j.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * {@code gateway.ready} in the run directory: exists, holding the control socket's path, while the gateway is up,
 * that is, once every bundle has started ({@link #arm()}) and as long as the control socket is open.
 * {@code bin/ipsec4j-gateway --daemon} waits for it. It follows the control bundle's
 * {@code org.ipsec4j.control.server.ControlSocketOpen} service, which is registered while the socket listens.
 */
final class ReadyFile implements ServiceListener {
    /** The service the control bundle registers while its socket is open. */
    static final String FILTER = "(objectClass=org.ipsec4j.control.server.ControlSocketOpen)";
    static final String NAME = "gateway.ready";

    private final Path file;
    private String socket;
    private boolean armed;

    ReadyFile(Path runDir) {
        this.file = runDir.resolve(NAME);
    }

    @Override
    public synchronized void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED) {
            socket = String.valueOf(event.getServiceReference().getProperty("ipsec4j.control.socket"));
            update();
        } else if (event.getType() == ServiceEvent.UNREGISTERING) {
            socket = null;
            update();
        }
    }

    /** The gateway has started completely: from now on the file follows the control socket. */
    synchronized void arm() {
        armed = true;
        update();
    }

    /** Removes the file: the gateway is not, or no longer, up. */
    synchronized void disarm() {
        armed = false;
        update();
    }

    private void update() {
        try {
            if (armed && socket != null) {
                Path tmp = file.resolveSibling(NAME + ".tmp");
                Files.writeString(tmp, socket + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("ipsec4j-gateway: cannot update " + file + ": " + e.getMessage());
        }
    }
}
