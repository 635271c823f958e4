package org.ipsec4j.itests.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code src/test/python/scapy_esp.py}, run once for a whole list of cases: {@code encrypt} (scapy makes plaintext and
 * ESP captures) or {@code decrypt} (scapy verifies and decrypts captures). Its per-case report lines are read back.
 */
final class ScapyScript {
    /** One report line: the case or job id, whether it passed, and the script's details or reason. */
    record Outcome(boolean ok, String detail) {
    }

    private ScapyScript() {
    }

    /**
     * Writes {@code entries} (JSON objects) to {@code dir/<command>.json}, runs the script on them and returns the
     * report by id. Fails when the script itself fails or leaves an entry out of its report.
     */
    static Map<String, Outcome> run(String command, List<String> entries, List<String> ids, Path dir)
            throws IOException {
        Path input = dir.resolve(command + ".json");
        Files.writeString(input, Json.array(entries), StandardCharsets.UTF_8);
        long started = System.nanoTime();
        ExternalTool.Output o = ExternalTool.run(List.of(ExternalTool.PYTHON,
                ExternalTool.script("scapy_esp.py").toString(), command, input.toString(), dir.toString()), Map.of());
        if (o.status() != 0) {
            throw new AssertionError("scapy_esp.py " + command + " exited with " + o.status() + ": " + o.stderr());
        }
        System.err.printf("scapy_esp.py %s: %d entries in %.1f s%n", command, entries.size(),
                (System.nanoTime() - started) / 1e9);
        Map<String, Outcome> report = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve(command + "-report.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 3);
            report.put(f[0], new Outcome(f[1].equals("ok"), f.length > 2 ? f[2] : ""));
        }
        for (String id : ids) {
            if (!report.containsKey(id)) {
                throw new AssertionError("scapy_esp.py " + command + " reported nothing for " + id + "; stderr: "
                        + o.stderr());
            }
        }
        return report;
    }
}
