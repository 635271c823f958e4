package org.ipsec4j.sad.persist;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.ipsec4j.api.sa.SaId;

/**
 * Reads a state file and decides how far it can be trusted.
 *
 * <p>A crash can leave the records written after the last {@code force} torn, missing or in pieces; none of them had
 * been granted, so they are skipped without harm. Every record names, in {@code durable}, the last serial that was on
 * disk before it was written (and the header names the records of the snapshot), so a record that is missing or
 * unreadable although a later record says it was on disk is <em>damage</em>: the file lost something a crash cannot
 * explain (a bad disk, an edited file). Then what the lost records said is unknown: identities whose last record comes
 * after every lost one are still known exactly; every other identity is forgotten, and the file counts as damaged, so
 * that an SA the file does not know is refused rather than started from 1 (see {@link SequenceStore}).
 */
final class SequenceLogReader {
    private SequenceLogReader() {
    }

    /**
     * What a file said.
     *
     * @param fingerprintKey the file's fingerprint key, or null when the header was unreadable
     * @param histories      what is known per identity (only what can be trusted)
     * @param damaged        whether SAs the file does not know must be refused
     * @param damagedSeconds since when (epoch seconds), when damaged
     * @param damage         what was found wrong in this reading, or null
     * @param lastSerial     the highest serial read
     * @param tornBytes      bytes skipped at the end of the file (a torn last write)
     */
    record Loaded(byte[] fingerprintKey, Map<SaId, SequenceHistory> histories, boolean damaged, long damagedSeconds,
            String damage, long lastSerial, int tornBytes) {
    }

    static Loaded read(ByteBuffer file, long nowSeconds) {
        SequenceLogFormat.Header header = SequenceLogFormat.readHeader(file);
        if (header == null) {
            return new Loaded(null, Map.of(), true, nowSeconds, "the header is missing or corrupt", 0, 0);
        }
        if (header.version() != SequenceLogFormat.VERSION) {
            return new Loaded(null, Map.of(), true, nowSeconds, "unknown format version " + header.version(), 0, 0);
        }
        Map<SaId, SequenceHistory> histories = new LinkedHashMap<>();
        Map<SaId, Long> lastRecord = new HashMap<>();
        List<long[]> missing = new ArrayList<>(); // {from, to} serials not found
        long notUnderstood = 0; // the highest serial of an intact record this version cannot read
        String problem = null;
        CRC32C crc = new CRC32C();
        long expected = 1;
        long durable = header.snapshot();
        int junkStart = -1;
        int at = SequenceLogFormat.HEADER_LENGTH;
        while (at < file.limit()) {
            int length = SequenceLogFormat.recordLength(file, at, crc);
            if (length < 0) {
                junkStart = junkStart < 0 ? at : junkStart;
                at++;
                continue;
            }
            junkStart = -1;
            SequenceLogFormat.StateRecord r;
            try {
                r = SequenceLogFormat.decode(file, at);
            } catch (IllegalArgumentException e) {
                long serial = Math.max(expected, file.getLong(at + 3));
                notUnderstood = Math.max(notUnderstood, serial);
                problem = "the record at offset " + at + " is intact but not understood (" + e.getMessage() + ")";
                expected = serial + 1;
                at += length;
                continue;
            }
            if (r.serial() < expected) {
                return new Loaded(null, Map.of(), true, nowSeconds,
                        "serial " + r.serial() + " at offset " + at + " is out of order", 0, 0);
            }
            if (r.serial() > expected) {
                missing.add(new long[] {expected, r.serial() - 1});
            }
            expected = r.serial() + 1;
            durable = Math.max(durable, r.durable());
            SequenceHistory h = new SequenceHistory(r.id());
            for (int i = 0; i < r.fingerprints().length; i++) {
                h.append(r.fingerprints()[i], r.highest()[i]);
            }
            h.clean = r.clean();
            h.inboundEdge = r.inboundEdge();
            histories.remove(r.id());
            histories.put(r.id(), h);
            lastRecord.put(r.id(), r.serial());
            at += length;
        }
        int torn = junkStart < 0 ? 0 : file.limit() - junkStart;
        if (expected - 1 < durable) {
            missing.add(new long[] {expected, durable});
        }
        long lost = notUnderstood; // the highest serial that was on disk (or not understood) and is gone
        for (long[] m : missing) {
            if (m[0] <= durable) {
                lost = Math.max(lost, Math.min(m[1], durable));
                problem = problem != null ? problem
                        : "records " + m[0] + ".." + Math.min(m[1], durable) + " were on disk and are lost";
            }
        }
        if (lost == 0) {
            return new Loaded(header.fingerprintKey(), histories, header.damaged(), header.damagedSeconds(), null,
                    expected - 1, torn);
        }
        // identities whose last record follows every lost one are still known exactly
        final long lastLost = lost;
        histories.keySet().removeIf(id -> lastRecord.get(id) <= lastLost);
        return new Loaded(header.fingerprintKey(), histories, true,
                header.damaged() ? header.damagedSeconds() : nowSeconds, problem, expected - 1, torn);
    }
}
