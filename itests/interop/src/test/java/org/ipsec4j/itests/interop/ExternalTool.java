package org.ipsec4j.itests.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the implementations we test against: {@code /usr/bin/python3} with scapy (the Debian interpreter; a python3
 * earlier on the PATH may lack scapy) and {@code tshark}. The checks say why a tool is missing, for the skip message.
 * The system properties {@code interop.python} and {@code interop.tshark} name other executables.
 */
final class ExternalTool {
    static final String PYTHON = System.getProperty("interop.python", "/usr/bin/python3");
    static final String TSHARK = System.getProperty("interop.tshark", "tshark");
    private static final long TIMEOUT_SECONDS = 300;

    /** What a finished command printed. */
    record Output(int status, String stdout, String stderr) {
    }

    private ExternalTool() {
    }

    /** Null when python3 with scapy's IPsec layer can run, otherwise why not. */
    static String scapyMissing() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " is not installed (Debian package python3-scapy)";
        }
        try {
            Output o = run(List.of(PYTHON, "-c", "import scapy, scapy.layers.ipsec; print(scapy.__version__)"),
                    Map.of());
            return o.status() == 0 ? null : "scapy's IPsec layer does not load in " + PYTHON + ": " + o.stderr().strip();
        } catch (IOException e) {
            return PYTHON + " cannot run: " + e.getMessage();
        }
    }

    /** Null when tshark can run, otherwise why not. */
    static String tsharkMissing() {
        try {
            Output o = run(List.of(TSHARK, "--version"), Map.of());
            return o.status() == 0 ? null : "tshark --version failed: " + o.stderr().strip();
        } catch (IOException e) {
            return "tshark is not installed (Debian package tshark): " + e.getMessage();
        }
    }

    /** The script {@code name} from {@code src/test/python}. */
    static Path script(String name) {
        String dir = System.getProperty("interop.python.dir", "src/test/python");
        return Path.of(dir, name).toAbsolutePath();
    }

    /** Runs {@code command} with extra environment variables; fails when it does not end within five minutes. */
    static Output run(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("interop-out", ".txt");
        Path err = Files.createTempFile("interop-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", command) + ": no exit within " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
