package org.ipsec4j.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * {@code gateway.ready} in the run directory: exists, holding the control socket's path, while the gateway's control
 * socket is open. {@code bin/ipsec4j-gateway --daemon} waits for it. It follows the control bundle's
 * {@code org.ipsec4j.control.server.ControlSocketOpen} service, which is registered once the socket listens.
 */
final class ReadyFile implements ServiceListener {
    /** The service the control bundle registers while its socket is open. */
    static final String FILTER = "(objectClass=org.ipsec4j.control.server.ControlSocketOpen)";
    static final String NAME = "gateway.ready";

    private final Path file;

    ReadyFile(Path runDir) {
        this.file = runDir.resolve(NAME);
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        try {
            if (event.getType() == ServiceEvent.REGISTERED) {
                Object socket = event.getServiceReference().getProperty("ipsec4j.control.socket");
                Path tmp = file.resolveSibling(NAME + ".tmp");
                Files.writeString(tmp, socket + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if (event.getType() == ServiceEvent.UNREGISTERING) {
                delete();
            }
        } catch (IOException e) {
            System.err.println("ipsec4j-gateway: cannot update " + file + ": " + e.getMessage());
        }
    }

    /** Removes the file (the gateway is not, or no longer, ready). */
    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
