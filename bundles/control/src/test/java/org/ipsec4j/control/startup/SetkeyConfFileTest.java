package org.ipsec4j.control.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.setkey.SetkeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetkeyConfFileTest {
    @TempDir
    Path conf;

    private final List<List<String>> calls = new ArrayList<>();

    @Test
    void missingFileIsNothingToApply() {
        SetkeyService never = (args, in, out, err) -> {
            calls.add(args);
            return 1;
        };
        SetkeyConfFile.Outcome outcome = SetkeyConfFile.apply(never, conf);
        assertTrue(outcome.succeeded());
        assertNull(outcome.file());
        assertTrue(calls.isEmpty());
    }

    @Test
    void fileIsAppliedWithMinusFByItsAbsolutePath() throws IOException {
        Files.writeString(conf.resolve("setkey.conf"), "flush;\n");
        SetkeyService ok = (args, in, out, err) -> {
            calls.add(List.copyOf(args));
            out.println("applied 1 statement");
            return 0;
        };
        SetkeyConfFile.Outcome outcome = SetkeyConfFile.apply(ok, conf);
        assertTrue(outcome.succeeded());
        assertEquals(conf.resolve("setkey.conf").toAbsolutePath(), outcome.file());
        assertEquals(List.of(List.of("-f", conf.resolve("setkey.conf").toAbsolutePath().toString())), calls);
        assertEquals("applied 1 statement", outcome.output());
    }

    @Test
    void failureCarriesSetkeysErrorText() throws IOException {
        Files.writeString(conf.resolve("setkey.conf"), "flush;\nbogus;\n");
        SetkeyService failing = (args, in, out, err) -> {
            err.println("setkey: " + args.get(1) + ":2: unknown statement \"bogus\"");
            return 1;
        };
        SetkeyConfFile.Outcome outcome = SetkeyConfFile.apply(failing, conf);
        assertFalse(outcome.succeeded());
        assertEquals("setkey: " + conf.resolve("setkey.conf").toAbsolutePath() + ":2: unknown statement \"bogus\"",
                outcome.errors());
    }

    @Test
    void setkeyThatThrowsIsAFailureWithoutItsMessage() throws IOException {
        Files.writeString(conf.resolve("setkey.conf"), "flush;\n");
        SetkeyService throwing = (args, in, out, err) -> {
            throw new IllegalStateException("secret 0xdeadbeef");
        };
        SetkeyConfFile.Outcome outcome = SetkeyConfFile.apply(throwing, conf);
        assertEquals(1, outcome.status());
        assertEquals("setkey: internal error: java.lang.IllegalStateException", outcome.errors());
    }
}
