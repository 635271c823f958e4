package org.ipsec4j.sad.persist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;

/**
 * The bytes of the sequence state file, version 1 (all numbers big-endian; docs/SECURITY.md describes the format for
 * operators).
 *
 * <pre>
 * header, 64 bytes:
 *   0  8  magic "I4JSEQ\r\n"
 *   8  2  version (1)
 *  10  2  flags: bit 0 = damaged (a damaged file was found; SAs the file does not know are refused)
 *  12  4  when the damage was found (epoch seconds), else 0
 *  16 32  fingerprint key (random, per file)
 *  48  8  snapshot: records with serials 1..snapshot follow the header and were on disk before the file got its name
 *  56  4  reserved (0)
 *  60  4  CRC-32C of bytes 0..59
 * records, one after the other:
 *   0  2  body length N (bytes 2 .. 2+N)
 *   2  1  type (1 = state of one SA identity)
 *   3  8  serial (1, 2, 3, ... in file order)
 *  11  8  durable: every record with a serial up to this one was forced to disk before this record was written
 *  19  8  written (epoch milliseconds)
 *  27  1  flags: bit 0 = clean stop (the values are exact, not leases)
 *  28  8  inbound edge: a replay window's highest number under the first keys (or less, never more), 0 if none
 *  36     identity: u8 length + protocol (setkey name, ASCII), u32 SPI, u8 length + destination address (4 or 16)
 *     1   key count K (1..8), then K times: 32-byte key fingerprint, u64 highest counter value used with those keys
 *  2+N 4  CRC-32C of bytes 0 .. 2+N
 * </pre>
 *
 * A state record replaces everything known about its identity. Keys come newest first; the first are the live SA's.
 * The highest value of a key is the end of its last lease (numbers up to it may have been sent) or, after a clean stop,
 * the last number sent.
 */
final class SequenceLogFormat {
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 64;
    static final byte TYPE_STATE = 1;
    static final int FLAG_DAMAGED = 1;
    static final int FLAG_CLEAN = 1;
    /** Bytes of the fixed part of a state record before the identity: length, type, serial, durable, written, flags. */
    static final int STATE_FIXED = 2 + 1 + 8 + 8 + 8 + 1 + 8;
    /** Largest record: fixed part, the longest identity, 8 keys, CRC. */
    static final int MAX_RECORD = STATE_FIXED + (1 + 16 + 4 + 1 + 16) + 1
            + SequenceHistory.MAX_KEYS * (KeyFingerprint.LENGTH + 8) + 4;
    private static final byte[] MAGIC = "I4JSEQ\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_BODY = 1 + 8 + 8 + 8 + 1 + 8 + (1 + 1 + 4 + 1 + 4) + 1 + KeyFingerprint.LENGTH + 8;

    private SequenceLogFormat() {
    }

    /** The header of a file. */
    record Header(int version, boolean damaged, long damagedSeconds, byte[] fingerprintKey, long snapshot) {
    }

    /** One state record as read. */
    record StateRecord(long serial, long durable, long writtenMillis, boolean clean, long inboundEdge, SaId id,
            byte[][] fingerprints, long[] highest) {
    }

    static void putHeader(ByteBuffer b, Header h) {
        int start = b.position();
        b.put(MAGIC).putShort((short) h.version()).putShort((short) (h.damaged() ? FLAG_DAMAGED : 0))
                .putInt((int) h.damagedSeconds()).put(h.fingerprintKey()).putLong(h.snapshot()).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), b.arrayOffset() + start, 60);
        b.putInt((int) crc.getValue());
    }

    /** The header at the start of {@code file}, or null when it is not one (too short, bad magic or checksum). */
    static Header readHeader(ByteBuffer file) {
        if (file.limit() < HEADER_LENGTH) {
            return null;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (file.get(i) != MAGIC[i]) {
                return null;
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(file.array(), file.arrayOffset(), 60);
        if ((int) crc.getValue() != file.getInt(60)) {
            return null;
        }
        byte[] key = new byte[KeyFingerprint.LENGTH];
        file.get(16, key);
        return new Header(file.getShort(8) & 0xffff, (file.getShort(10) & FLAG_DAMAGED) != 0,
                file.getInt(12) & 0xFFFF_FFFFL, key, file.getLong(48));
    }

    /** The identity of an SA as records carry it. */
    static byte[] identity(SaId id) {
        byte[] proto = id.protocol().setkeyName().getBytes(StandardCharsets.US_ASCII);
        byte[] addr = id.destination().getAddress();
        ByteBuffer b = ByteBuffer.allocate(1 + proto.length + 4 + 1 + addr.length);
        b.put((byte) proto.length).put(proto).putInt(id.spi()).put((byte) addr.length).put(addr);
        return b.array();
    }

    /**
     * Writes a state record for {@code h} (its keys and values as they are now) at the position of {@code b}, which
     * must have room for {@link #MAX_RECORD} bytes, and advances it. Allocates nothing.
     */
    static void putState(ByteBuffer b, CRC32C crc, long serial, long durable, long writtenMillis, boolean clean,
            byte[] identity, SequenceHistory h) {
        int start = b.position();
        b.putShort((short) 0).put(TYPE_STATE).putLong(serial).putLong(durable).putLong(writtenMillis)
                .put((byte) (clean ? FLAG_CLEAN : 0)).putLong(h.inboundEdge).put(identity).put((byte) h.size());
        for (int i = 0; i < h.size(); i++) {
            b.put(h.fingerprint(i)).putLong(h.highest(i));
        }
        int end = b.position();
        b.putShort(start, (short) (end - start - 2));
        int limit = b.limit();
        b.limit(end).position(start);
        crc.reset();
        crc.update(b);
        b.limit(limit);
        b.putInt((int) crc.getValue());
    }

    /**
     * The length of the intact record at {@code at} (with its checksum), or -1 when the bytes there are not one (too
     * short, implausible length, checksum mismatch).
     */
    static int recordLength(ByteBuffer file, int at, CRC32C crc) {
        if (at + 2 > file.limit()) {
            return -1;
        }
        int body = file.getShort(at) & 0xffff;
        int total = 2 + body + 4;
        if (body < MIN_BODY || total > MAX_RECORD || at + total > file.limit()) {
            return -1;
        }
        crc.reset();
        crc.update(file.array(), file.arrayOffset() + at, 2 + body);
        return (int) crc.getValue() == file.getInt(at + 2 + body) ? total : -1;
    }

    /**
     * Decodes the intact record at {@code at} (see {@link #recordLength}); throws {@link IllegalArgumentException} when
     * its content is not a version 1 state record (a record this version does not understand).
     */
    static StateRecord decode(ByteBuffer file, int at) {
        int end = at + 2 + (file.getShort(at) & 0xffff);
        ByteBuffer b = file.duplicate().limit(end).position(at + 2);
        try {
            byte type = b.get();
            if (type != TYPE_STATE) {
                throw new IllegalArgumentException("unknown record type " + type);
            }
            long serial = b.getLong();
            long durable = b.getLong();
            long written = b.getLong();
            boolean clean = (b.get() & FLAG_CLEAN) != 0;
            long inboundEdge = b.getLong();
            if (inboundEdge < 0) {
                throw new IllegalArgumentException("negative inbound edge");
            }
            byte[] proto = new byte[b.get() & 0xff];
            b.get(proto);
            int spi = b.getInt();
            byte[] addr = new byte[b.get() & 0xff];
            b.get(addr);
            int keys = b.get() & 0xff;
            if (keys < 1 || keys > SequenceHistory.MAX_KEYS) {
                throw new IllegalArgumentException("bad key count " + keys);
            }
            byte[][] fps = new byte[keys][KeyFingerprint.LENGTH];
            long[] highest = new long[keys];
            for (int i = 0; i < keys; i++) {
                b.get(fps[i]);
                highest[i] = b.getLong();
                if (highest[i] < 0) {
                    throw new IllegalArgumentException("negative counter");
                }
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes");
            }
            SaProtocol protocol = SaProtocol.fromSetkeyName(new String(proto, StandardCharsets.US_ASCII))
                    .orElseThrow(() -> new IllegalArgumentException("unknown protocol"));
            if (addr.length != 4 && addr.length != 16) {
                throw new IllegalArgumentException("bad address length " + addr.length);
            }
            SaId id = new SaId(InetAddress.getByAddress(addr), protocol, spi);
            return new StateRecord(serial, durable, written, clean, inboundEdge, id, fps, highest);
        } catch (java.nio.BufferUnderflowException | UnknownHostException e) {
            throw new IllegalArgumentException("malformed record", e);
        }
    }
}
