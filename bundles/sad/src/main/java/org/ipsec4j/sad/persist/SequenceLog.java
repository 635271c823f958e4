package org.ipsec4j.sad.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The state file on disk ({@link SequenceLogFormat}): {@value #FILE} in a directory of its own (mode 0700, the file
 * 0600), held by one process at a time through a lock on {@value #LOCK}.
 *
 * <p>Opening reads the file ({@link SequenceLogReader}) and replaces it with a snapshot: a new file holding one record
 * per identity, written under {@value #TEMP}, forced, then renamed over the old one atomically (and the directory
 * forced), so that a crash leaves either the old or the new file. A file found damaged is kept beside it as
 * {@code sequence.log.damaged-<millis>}. After that records are appended: {@link #stage} encodes one into a buffer,
 * {@link #commit} writes what was staged and forces it ({@code fdatasync}); only then is a record durable, and the
 * next records say so in their {@code durable} field. Not thread-safe: the {@link SequenceStore} serializes calls.
 */
final class SequenceLog implements AutoCloseable {
    static final String FILE = "sequence.log";
    static final String TEMP = "sequence.log.tmp";
    static final String LOCK = "sequence.lock";
    private static final FileAttribute<Set<PosixFilePermission>> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final byte[] fingerprintKey;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private long nextSerial;
    private long durable;
    private long size;
    private long snapshotSize;

    private SequenceLog(Path dir, FileChannel lockChannel, FileLock lock, byte[] fingerprintKey) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.fingerprintKey = fingerprintKey;
    }

    /** An open log and what its file said. */
    record Opened(SequenceLog log, SequenceLogReader.Loaded loaded) {
    }

    /**
     * Opens the state in {@code dir} (created if missing), reads it and writes the snapshot of what can be trusted.
     * Throws when the directory cannot be used or another process holds it.
     */
    static Opened open(Path dir, long nowMillis) throws IOException {
        createPrivateDirectory(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), FILE_MODE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lockChannel.close();
            throw new IOException(dir + " is in use by another process", e);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException(dir + " is in use by another process");
        }
        try {
            Files.deleteIfExists(dir.resolve(TEMP));
            Path file = dir.resolve(FILE);
            SequenceLogReader.Loaded loaded;
            if (Files.exists(file)) {
                loaded = SequenceLogReader.read(ByteBuffer.wrap(Files.readAllBytes(file)), nowMillis / 1000);
                if (loaded.damage() != null) {
                    Files.move(file, dir.resolve(FILE + ".damaged-" + nowMillis));
                }
            } else {
                loaded = new SequenceLogReader.Loaded(null, Map.of(), false, 0, null, 0, 0);
            }
            byte[] key = loaded.fingerprintKey();
            if (key == null) {
                key = new byte[KeyFingerprint.LENGTH];
                new SecureRandom().nextBytes(key);
                loaded = new SequenceLogReader.Loaded(key, loaded.histories(), loaded.damaged(),
                        loaded.damagedSeconds(), loaded.damage(), loaded.lastSerial(), loaded.tornBytes());
            }
            SequenceLog log = new SequenceLog(dir, lockChannel, lock, key);
            log.rewrite(loaded.histories().values(), loaded.damaged(), loaded.damagedSeconds());
            return new Opened(log, loaded);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
            Files.createDirectory(dir, DIR_MODE);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    byte[] fingerprintKey() {
        return fingerprintKey;
    }

    /** Bytes in the file now. */
    long size() {
        return size;
    }

    /** Bytes the file had right after its last snapshot. */
    long snapshotSize() {
        return snapshotSize;
    }

    /**
     * Replaces the file by a snapshot of {@code histories} (one record each, serials from 1), written to
     * {@value #TEMP}, forced and renamed over {@value #FILE}; records are appended to the new file afterwards.
     */
    void rewrite(Collection<SequenceHistory> histories, boolean damaged, long damagedSeconds) throws IOException {
        Path temp = dir.resolve(TEMP);
        long millis = System.currentTimeMillis();
        try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                FILE_MODE)) {
            ByteBuffer header = ByteBuffer.allocate(SequenceLogFormat.HEADER_LENGTH);
            SequenceLogFormat.putHeader(header, new SequenceLogFormat.Header(SequenceLogFormat.VERSION, damaged,
                    damaged ? damagedSeconds : 0, fingerprintKey, histories.size()));
            writeFully(out, header.flip());
            long serial = 0;
            buffer.clear();
            for (SequenceHistory h : histories) {
                if (buffer.remaining() < SequenceLogFormat.MAX_RECORD) {
                    writeFully(out, buffer.flip());
                    buffer.clear();
                }
                serial++;
                SequenceLogFormat.putState(buffer, crc, serial, 0, millis, h.clean, h.identity, h);
            }
            writeFully(out, buffer.flip());
            buffer.clear();
            out.force(true);
            nextSerial = serial + 1;
            durable = serial;
            size = out.size();
            snapshotSize = size;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        if (channel != null) {
            channel.close();
            channel = null;
        }
        try {
            Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory();
        channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Encodes a record of {@code h} as it is now into the pending batch (written out early when the buffer is full, but
     * durable only after {@link #commit}). Allocates nothing.
     */
    void stage(SequenceHistory h, boolean clean) throws IOException {
        if (buffer.remaining() < SequenceLogFormat.MAX_RECORD) {
            writeOut();
        }
        SequenceLogFormat.putState(buffer, crc, nextSerial++, durable, System.currentTimeMillis(), clean,
                h.identity, h);
    }

    /** Writes the staged records and forces them to disk; afterwards they are durable. */
    void commit() throws IOException {
        writeOut();
        channel.force(false);
        durable = nextSerial - 1;
    }

    private void writeOut() throws IOException {
        buffer.flip();
        try {
            size += buffer.remaining();
            writeFully(channel, buffer);
        } finally {
            buffer.clear();
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Closes the file and releases the directory; nothing staged and not committed is written. */
    @Override
    public void close() throws IOException {
        buffer.clear();
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }
}
