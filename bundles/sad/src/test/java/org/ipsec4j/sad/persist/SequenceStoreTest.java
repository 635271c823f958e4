package org.ipsec4j.sad.persist;

import static org.ipsec4j.sad.persist.StateFiles.onDisk;
import static org.ipsec4j.sad.persist.StateFiles.sa;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ipsec4j.api.sa.SadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {
    private static final int BLOCK = 64;

    @TempDir
    Path dir;

    @Test
    void aBlockIsOnDiskBeforeItsFirstNumberIsHandedOut() throws Exception {
        SequenceStore store = SequenceStore.open(dir, BLOCK);
        try {
            FakeCounter c = new FakeCounter(store.attach(sa(1, 1)));
            assertEquals(-1, onDisk(dir, 1), "attaching writes nothing");
            assertEquals(0, c.lease.end());
            assertEquals(1, c.next());
            assertEquals(BLOCK, onDisk(dir, 1), "the first number leased a block, on disk when it was handed out");
            assertEquals(BLOCK, c.lease.end());
            assertEquals(BLOCK / 2, c.lease.renewAt());
            for (int i = 2; i <= BLOCK / 2; i++) {
                assertEquals(i, c.next());
            }
            // the hand-out of renewAt asked the writer thread for the next block; a sender never needs it before the end
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (c.lease.end() == BLOCK && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(2L * BLOCK, c.lease.end(), "renewed in the background");
            assertEquals(2L * BLOCK, onDisk(dir, 1));
            assertEquals(BLOCK + BLOCK / 2, c.lease.renewAt());
            for (long i = BLOCK / 2 + 1; i <= 10L * BLOCK; i++) {
                assertEquals(i, c.next());
                assertTrue(onDisk(dir, 1) >= i || i % 7 != 0, "number " + i + " beyond the file's " + onDisk(dir, 1));
            }
        } finally {
            store.close();
        }
    }

    @Test
    void aCleanStopWritesTheExactLastNumberAndSealsTheCounter() throws IOException {
        SequenceStore store = SequenceStore.open(dir, BLOCK);
        FakeCounter c = new FakeCounter(store.attach(sa(1, 1)));
        for (int i = 0; i < 10; i++) {
            c.next();
        }
        FakeCounter idle = new FakeCounter(store.attach(sa(2, 1)));
        store.close();
        assertEquals(10, onDisk(dir, 1));
        assertTrue(StateFiles.read(dir).histories().get(sa(1, 1).id()).clean);
        assertEquals(-1, onDisk(dir, 2), "an SA that never sent leaves nothing");
        assertEquals(-1, c.next(), "no number after the stop");
        assertEquals(-1, idle.next());
    }

    @Test
    void aTornLastWriteIsSkippedAndNothingIsLost() throws IOException {
        SequenceStore store = SequenceStore.open(dir, BLOCK);
        FakeCounter c = new FakeCounter(store.attach(sa(1, 1)));
        c.next();
        store.abandon();
        long size = Files.size(StateFiles.file(dir));
        // a crash in the middle of appending the next record: half of a copy of the last one, never forced
        byte[] all = Files.readAllBytes(StateFiles.file(dir));
        int recordLength = all.length - SequenceLogFormat.HEADER_LENGTH;
        byte[] torn = java.util.Arrays.copyOfRange(all, all.length - recordLength, all.length - recordLength / 2);
        Files.write(StateFiles.file(dir), torn, java.nio.file.StandardOpenOption.APPEND);
        SequenceLogReader.Loaded loaded = StateFiles.read(dir);
        assertEquals(null, loaded.damage());
        assertEquals(torn.length, loaded.tornBytes());
        assertTrue(Files.size(StateFiles.file(dir)) > size);
        SequenceStore again = SequenceStore.open(dir, BLOCK);
        try {
            assertFalse(again.damaged());
            assertEquals(BLOCK, new FakeCounter(again.attach(sa(1, 1))).lease.resumeAfter());
            assertEquals(List.of(), Files.list(dir).filter(p -> p.toString().contains("damaged")).toList());
        } finally {
            again.close();
        }
    }

    @Test
    void aLostDurableRecordIsDamageAndUnknownSasAreRefusedUntilRekeyed() throws IOException {
        SequenceStore store = SequenceStore.open(dir, BLOCK);
        FakeCounter a = new FakeCounter(store.attach(sa(1, 1)));
        FakeCounter b = new FakeCounter(store.attach(sa(2, 1)));
        b.next(); // record 1: SA 2
        a.next(); // record 2: SA 1, says record 1 was durable
        for (int i = 0; i < BLOCK; i++) {
            a.next(); // record 3 (and maybe 4): SA 1 again
        }
        store.abandon();
        // flip one byte of record 1 (the first after the header): a bad disk, not a crash
        byte[] all = Files.readAllBytes(StateFiles.file(dir));
        all[SequenceLogFormat.HEADER_LENGTH + 40] ^= 0x20;
        Files.write(StateFiles.file(dir), all);

        SequenceStore damaged = SequenceStore.open(dir, BLOCK);
        try {
            assertTrue(damaged.damaged());
            assertEquals(1, Files.list(dir).filter(p -> p.getFileName().toString()
                    .startsWith(SequenceLog.FILE + ".damaged-")).count(), "the damaged file is kept");
            // SA 1's last record follows the lost one: still known exactly
            FakeCounter a2 = new FakeCounter(damaged.attach(sa(1, 1)));
            assertTrue(a2.next() > BLOCK + 1);
            // SA 2's only record precedes the lost one: its numbers are unknown, so it is refused
            FakeCounter b2 = new FakeCounter(damaged.attach(sa(2, 1)));
            assertTrue(b2.lease.refused());
            assertEquals(-1, b2.next());
            // so is an SA the file never knew: it cannot be told from one whose records were lost
            FakeCounter c2 = new FakeCounter(damaged.attach(sa(3, 1)));
            assertEquals(-1, c2.next());
            // new keys (setkey update) lift the refusal; the old keys may never be used again
            damaged.rekey(b2.lease, sa(2, 2));
            assertEquals(1, b2.next());
            damaged.detach(b2.lease);
            FakeCounter old = new FakeCounter(damaged.attach(sa(2, 1)));
            assertEquals(-1, old.next(), "the keys in use when the damage happened stay refused");
            damaged.detach(old.lease);
            damaged.close();

            // the damage is remembered across restarts, with what was learnt since
            SequenceStore later = SequenceStore.open(dir, BLOCK);
            try {
                assertTrue(later.damaged());
                assertEquals(-1, new FakeCounter(later.attach(sa(3, 1))).next());
                assertEquals(BLOCK + 1, new FakeCounter(later.attach(sa(2, 2))).next(), "deleted: resumes after its lease");
                assertEquals(-1, new FakeCounter(later.attach(sa(4, 9))).next());
            } finally {
                later.close();
            }
        } finally {
            damaged.close();
        }
    }

    @Test
    void aRecordCutOutOfTheMiddleIsDamage() throws IOException {
        SequenceStore store = SequenceStore.open(dir, BLOCK);
        FakeCounter a = new FakeCounter(store.attach(sa(1, 1)));
        FakeCounter b = new FakeCounter(store.attach(sa(2, 1)));
        a.next();
        b.next();
        store.abandon();
        byte[] all = Files.readAllBytes(StateFiles.file(dir));
        int length = (all.length - SequenceLogFormat.HEADER_LENGTH) / 2;
        byte[] cut = new byte[all.length - length];
        System.arraycopy(all, 0, cut, 0, SequenceLogFormat.HEADER_LENGTH);
        System.arraycopy(all, SequenceLogFormat.HEADER_LENGTH + length, cut, SequenceLogFormat.HEADER_LENGTH, length);
        Files.write(StateFiles.file(dir), cut);
        SequenceLogReader.Loaded loaded = StateFiles.read(dir);
        assertEquals("records 1..1 were on disk and are lost", loaded.damage());
        assertTrue(loaded.damaged());
        assertEquals(List.of(sa(2, 1).id()), List.copyOf(loaded.histories().keySet()));
    }

    @Test
    void aCorruptHeaderRefusesEverySa() throws IOException {
        SequenceStore store = SequenceStore.open(dir, BLOCK);
        new FakeCounter(store.attach(sa(1, 1))).next();
        store.close();
        byte[] all = Files.readAllBytes(StateFiles.file(dir));
        all[20] ^= 1; // inside the fingerprint key
        Files.write(StateFiles.file(dir), all);
        SequenceStore damaged = SequenceStore.open(dir, BLOCK);
        try {
            assertTrue(damaged.damaged());
            assertEquals(0, damaged.size());
            assertEquals(-1, new FakeCounter(damaged.attach(sa(1, 1))).next());
        } finally {
            damaged.close();
        }
    }

    @Test
    void anUnusableDirectoryRefusesEverySaAndASecondProcessIsKeptOut() throws IOException {
        SequenceStore first = SequenceStore.open(dir, BLOCK);
        try {
            IOException e = assertThrows(IOException.class, () -> SequenceStore.open(dir, BLOCK));
            assertEquals(dir + " is in use by another process", e.getMessage());
        } finally {
            first.close();
        }
        SequenceStore none = SequenceStore.unavailable(dir, "disk on fire");
        FakeCounter c = new FakeCounter(none.attach(sa(1, 1)));
        assertTrue(c.lease.refused());
        assertEquals(-1, c.next());
        none.close();
    }

    @Test
    void aFailedWriteOfNewKeysChangesNothing() throws IOException {
        SequenceStore store = SequenceStore.open(dir, BLOCK);
        FakeCounter c = new FakeCounter(store.attach(sa(1, 1)));
        c.next();
        store.log().close(); // every write fails from now on, as with a lost disk
        SadException e = assertThrows(SadException.class, () -> store.rekey(c.lease, sa(1, 2)));
        assertTrue(e.getMessage().startsWith("cannot record the sequence state of the new keys"), e.getMessage());
        assertEquals(List.of((long) BLOCK), store.knownValues(sa(1, 1).id()));
        for (int i = 2; i <= BLOCK; i++) {
            assertEquals(i, c.next(), "the lease on disk is still good");
        }
        assertEquals(-1, c.next(), "no number beyond what the disk holds");
        store.abandon();
    }

    @Test
    void theStateIsPrivate() throws IOException {
        Path state = dir.resolve("run/sad");
        SequenceStore store = SequenceStore.open(state, BLOCK);
        try {
            new FakeCounter(store.attach(sa(1, 1))).next();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    StateFiles.file(state))));
            byte[] all = Files.readAllBytes(StateFiles.file(state));
            byte[] key = new byte[20];
            java.util.Arrays.fill(key, (byte) 1);
            assertEquals(-1, indexOf(all, java.util.Arrays.copyOf(key, 8)), "no key bytes in the file");
        } finally {
            store.close();
        }
    }

    @Test
    void dormantIdentitiesBeyondTheLimitAreForgottenOldestFirst() throws IOException {
        SequenceStore store = SequenceStore.open(dir, BLOCK, 2);
        try {
            for (int spi = 1; spi <= 4; spi++) {
                FakeCounter c = new FakeCounter(store.attach(sa(spi, 1)));
                c.next();
                store.detach(c.lease);
            }
            assertEquals(2, store.size());
            assertEquals(List.of(), store.knownValues(sa(1, 1).id()));
            assertEquals(List.of((long) BLOCK), store.knownValues(sa(4, 1).id()));
        } finally {
            store.close();
        }
    }

    @Test
    void theFileIsCompactedWhileRunningAndKeepsEveryIdentity() throws Exception {
        SequenceStore store = SequenceStore.open(dir, 16);
        try {
            store.compactAbove(4096);
            FakeCounter[] cs = new FakeCounter[3];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = new FakeCounter(store.attach(sa(10 + i, 1)));
                cs[i].next();
            }
            long most = 0;
            for (int i = 0; i < 16 * 60; i++) {
                most = cs[0].next();
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.size(StateFiles.file(dir)) > 4096 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long size = Files.size(StateFiles.file(dir));
            assertTrue(size <= 4096, "compacted to " + size + " bytes");
            SequenceLogReader.Loaded loaded = StateFiles.read(dir);
            assertEquals(null, loaded.damage());
            assertEquals(3, loaded.histories().size());
            assertTrue(onDisk(dir, 10) >= most);
            assertEquals(16, onDisk(dir, 11));
        } finally {
            store.close();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
