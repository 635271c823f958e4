package org.ipsec4j.control.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file-system side of the control socket: where it lives, its owner-only directory, and stale socket files
 * left behind by a gateway that did not stop cleanly.
 */
final class SocketFiles {
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    /** The socket's file name in the run directory when no path is configured. */
    static final String DEFAULT_NAME = "setkey.sock";

    private SocketFiles() {
    }

    /**
     * Where the control socket of a gateway lives.
     *
     * @param socket the configured socket path ({@code ipsec4j.control.socket}), or null/blank
     * @param runDir the configured run directory ({@code ipsec4j.run.dir}), or null/blank
     * @param confDir the configuration directory ({@code ipsec4j.conf}), or null/blank
     * @return the configured socket, else {@code setkey.sock} in the run directory, which defaults to {@code run/}
     *     beside the configuration directory (or {@code run/} in the working directory without one)
     */
    static Path location(String socket, String runDir, String confDir) {
        if (!blank(socket)) {
            return Path.of(socket).toAbsolutePath().normalize();
        }
        Path run;
        if (!blank(runDir)) {
            run = Path.of(runDir);
        } else if (!blank(confDir)) {
            run = Path.of(confDir).toAbsolutePath().normalize().resolveSibling("run");
        } else {
            run = Path.of("run");
        }
        return run.resolve(DEFAULT_NAME).toAbsolutePath().normalize();
    }

    /** Creates the socket's directory if needed and makes it owner-only (0700). */
    static void prepareDirectory(Path socket) throws IOException {
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        }
        if (!Files.getPosixFilePermissions(dir).equals(DIRECTORY_MODE)) {
            Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
        }
    }

    /**
     * Removes a socket file that no gateway listens on any more.
     *
     * @throws IOException when a gateway still listens on {@code socket}, or something that is not a socket is in
     *     the way
     */
    static void removeStale(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!"socket".equals(fileType(socket))) {
            throw new IOException(socket + " exists and is not a socket");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            live = true;
        } catch (IOException e) {
            live = false;
        }
        if (live) {
            throw new IOException("another gateway already listens on " + socket);
        }
        Files.deleteIfExists(socket);
    }

    private static String fileType(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int type = ((Integer) mode) & 0170000;
        return type == 0140000 ? "socket" : "other";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
