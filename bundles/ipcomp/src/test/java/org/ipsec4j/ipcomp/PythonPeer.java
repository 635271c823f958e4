package org.ipsec4j.ipcomp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A Python process running a peer script (a test resource) that answers one JSON request per line with one JSON object
 * per line: one process for a whole test class. Runs {@code /usr/bin/python3} (Debian's), not
 * whatever {@code python3} comes first on the path.
 */
final class PythonPeer implements AutoCloseable {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path script;

    private PythonPeer(Process process, Path script) {
        this.process = process;
        this.script = script;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Whether {@link #PYTHON} runs and has zlib. */
    static boolean available() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import zlib")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the script {@code resource} (a class-path resource). */
    static PythonPeer start(String resource) throws IOException {
        Path script = Files.createTempFile("ipsec4j-zlib-peer", ".py");
        try (InputStream s = PythonPeer.class.getResourceAsStream(resource)) {
            if (s == null) {
                throw new IOException("no resource " + resource);
            }
            Files.copy(s, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new PythonPeer(p, script);
    }

    /** Sends one request, returns the answer; fails on a Python exception, with its traceback. */
    synchronized JsonObject call(JsonObject request) throws IOException {
        in.write(request.toString());
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the peer exited");
        }
        JsonObject answer = JsonParser.parseString(line).getAsJsonObject();
        if (answer.has("exception")) {
            throw new AssertionError("peer failed on " + request + ":\n" + answer.get("exception").getAsString());
        }
        return answer;
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
