package org.ipsec4j.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SAD service persists sequence numbers where the framework properties say. */
class SadComponentSequenceTest {
    @TempDir
    Path run;

    private static SecurityAssociation sa() {
        return SecurityAssociation.builder(Sas.ip("192.0.2.1"), Sas.ip("192.0.2.2"), SaProtocol.ESP, 0x2000)
                .encryption(new AlgorithmKey("chacha20-poly1305", Sas.filled(36, 3))).build();
    }

    private static long send(SadComponent sad, int packets) {
        SaEntry e = sad.get(sa().id()).orElseGet(() -> sad.add(sa()));
        long last = 0;
        for (int i = 0; i < packets; i++) {
            last = e.nextSequence();
        }
        return last;
    }

    @Test
    void theRunDirectoryHoldsTheStateAndADeactivationResumesExactly() {
        Map<String, String> props = Map.of("ipsec4j.run.dir", run.toString(), "ipsec4j.sad.sequence.block", "100");
        SadComponent first = new SadComponent(props::get);
        assertEquals(1000, send(first, 1000));
        first.deactivate();
        assertTrue(Files.exists(run.resolve("sad/sequence.log")));
        SadComponent second = new SadComponent(props::get);
        try {
            assertEquals(1001, send(second, 1));
        } finally {
            second.deactivate();
        }
    }

    @Test
    void anExplicitDirectoryWinsAndPersistCanBeTurnedOff() {
        Path elsewhere = run.resolve("var/lib/ipsec4j");
        SadComponent sad = new SadComponent(Map.of("ipsec4j.run.dir", run.toString(), "ipsec4j.sad.sequence.dir",
                elsewhere.toString())::get);
        send(sad, 1);
        sad.deactivate();
        assertTrue(Files.exists(elsewhere.resolve("sequence.log")));
        assertFalse(Files.exists(run.resolve("sad")));

        SadComponent off = new SadComponent(Map.of("ipsec4j.run.dir", run.toString(), "ipsec4j.sad.sequence.persist",
                "false")::get);
        assertEquals(1, send(off, 1));
        off.deactivate();
        assertFalse(Files.exists(run.resolve("sad")));
    }

    @Test
    void withoutARunDirectoryNothingIsPersisted() {
        SadComponent sad = new SadComponent(name -> null);
        assertEquals(5, send(sad, 5));
        sad.deactivate();
        SadComponent again = new SadComponent(name -> null);
        assertEquals(1, send(again, 1));
        again.deactivate();
    }

    @Test
    void aDirectoryThatCannotBeUsedRefusesOutboundRatherThanStartingFromOne() throws Exception {
        Path file = Files.writeString(run.resolve("not-a-directory"), "x");
        SadComponent sad = new SadComponent(Map.of("ipsec4j.sad.sequence.dir", file.toString())::get);
        try {
            assertEquals(-1, send(sad, 1));
        } finally {
            sad.deactivate();
        }
    }
}
