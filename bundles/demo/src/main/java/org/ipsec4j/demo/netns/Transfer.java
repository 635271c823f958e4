package org.ipsec4j.demo.netns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** A TCP transfer of a file between two namespaces with socat, checked by SHA-256. */
public final class Transfer {
    private Transfer() {
    }

    /** Writes {@code bytes} pseudo-random bytes (from {@code seed}) to {@code file}; returns their SHA-256. */
    public static String randomFile(Path file, long bytes, long seed) throws IOException {
        MessageDigest sha = sha256();
        Random r = new Random(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                r.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                sha.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest sha = sha256();
        byte[] chunk = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(chunk)) > 0; ) sha.update(chunk, 0, n);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Sends {@code data} from {@code client} to {@code server} listening on {@code address} (IPv4 or IPv6) port
     * {@code port}; the server writes what it receives to {@code received}. Returns the seconds the transfer took.
     */
    public static double tcp(Netns client, Netns server, String address, int port, Path data, Path received)
            throws IOException, InterruptedException {
        boolean v6 = address.contains(":");
        Path log = received.resolveSibling(received.getFileName() + ".socat.log");
        Process listener = server.start(log, "socat", "-u",
                (v6 ? "TCP6-LISTEN:" : "TCP4-LISTEN:") + port + ",reuseaddr", "CREATE:" + received);
        try {
            long t0 = System.nanoTime();
            String target = (v6 ? "TCP6:[" + address + "]:" : "TCP4:" + address + ":") + port
                    + ",retry=50,interval=0.1,connect-timeout=5";
            Netns.Result r = client.status("socat", "-u", "FILE:" + data, target);
            if (!r.ok()) throw new IOException("socat to " + address + " failed: " + r.output());
            if (!listener.waitFor(60, TimeUnit.SECONDS)) throw new IOException("the receiver did not finish");
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (listener.exitValue() != 0) {
                throw new IOException("the receiver failed: " + Files.readString(log));
            }
            return seconds;
        } finally {
            listener.destroy();
        }
    }
}
