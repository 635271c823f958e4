package org.ipsec4j.sad.persist;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;

/** Test SAs and a look at the state file as the next process would read it. */
final class StateFiles {
    private StateFiles() {
    }

    static SecurityAssociation sa(int spi, int keyByte) {
        try {
            byte[] key = new byte[20];
            Arrays.fill(key, (byte) keyByte);
            return SecurityAssociation.builder(InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.2"),
                    SaProtocol.ESP, spi).encryption(new AlgorithmKey("aes-gcm-16", key)).build();
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Path file(Path dir) {
        return dir.resolve(SequenceLog.FILE);
    }

    /** What a process starting now would read (the file read from disk, not the store's memory). */
    static SequenceLogReader.Loaded read(Path dir) throws IOException {
        return SequenceLogReader.read(ByteBuffer.wrap(Files.readAllBytes(file(dir))), 1000);
    }

    /** The highest value the file holds for the current keys of SA {@code spi}, or -1 when it knows none. */
    static long onDisk(Path dir, int spi) throws IOException {
        SequenceHistory h = read(dir).histories().get(sa(spi, 0).id());
        return h == null ? -1 : h.highest(0);
    }
}
