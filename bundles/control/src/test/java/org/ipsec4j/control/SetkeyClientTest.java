package org.ipsec4j.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.server.ControlServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetkeyClientTest {
    private static final String KAME = "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc \"hogehoge\" ;\n";

    @TempDir
    Path tmp;

    private final List<List<String>> gatewayCalls = new ArrayList<>();
    private final List<byte[]> gatewayInputs = new ArrayList<>();
    private final List<List<String>> offlineCalls = new ArrayList<>();
    private ControlServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private final SetkeyService gateway = (args, in, o, e) -> {
        gatewayCalls.add(List.copyOf(args));
        gatewayInputs.add(readAll(in));
        if (args.contains("-D")) {
            o.print("10.1.1.1 10.2.2.2\n\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)\n");
        }
        if (args.contains("-x")) {
            e.println("setkey: line 3: syntax error");
            return 1;
        }
        return 0;
    };

    private final SetkeyService offline = (args, in, o, e) -> {
        offlineCalls.add(List.copyOf(args));
        readAll(in);
        return args.contains("-x") ? 1 : 0;
    };

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void startGateway() throws IOException {
        server = new ControlServer(tmp.resolve("home/run/setkey.sock"), gateway, 2, Duration.ofSeconds(5));
        server.start();
    }

    @AfterEach
    void stopGateway() {
        server.close();
    }

    private int run(Map<String, String> env, String stdin, String... args) {
        SetkeyClient client = new SetkeyClient(env, tmp.resolve("home"), tmp.resolve("cwd"), offline);
        return client.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String stdin, String... args) {
        return run(Map.of(), stdin, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void minusCSendsStandardInputToTheInstallationsGateway() {
        assertEquals(0, run(KAME, "-c"));
        assertEquals(List.of(List.of("-c")), gatewayCalls);
        assertEquals(KAME, new String(gatewayInputs.get(0), StandardCharsets.UTF_8));
        assertEquals("", err());
    }

    @Test
    void dumpIsPrinted() {
        assertEquals(0, run("", "-D"));
        assertEquals("10.1.1.1 10.2.2.2\n\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)\n", out());
        assertArrayEquals(new byte[0], gatewayInputs.get(0));
    }

    @Test
    void fileIsReadByTheClientRelativeToItsDirectory() throws IOException {
        Files.createDirectories(tmp.resolve("cwd/sub"));
        Files.writeString(tmp.resolve("cwd/sub/my.conf"), KAME);
        assertEquals(0, run("ignored stdin", "-f", "sub/my.conf"));
        assertEquals(List.of(List.of("-c")), gatewayCalls);
        assertEquals(KAME, new String(gatewayInputs.get(0), StandardCharsets.UTF_8));
    }

    @Test
    void missingFileIsAnErrorWithoutContactingTheGateway() {
        assertEquals(1, run("", "-f", "nope.conf"));
        assertEquals("setkey: nope.conf: no such file\n", err());
        assertTrue(gatewayCalls.isEmpty());
    }

    @Test
    void gatewayErrorsAndStatusComeThrough() {
        assertEquals(1, run("x", "-c", "-x"));
        assertEquals("setkey: line 3: syntax error\n", err());
    }

    @Test
    void socketFromTheEnvironmentAndFromMinusS() throws IOException {
        Path other = tmp.resolve("other/setkey.sock");
        List<List<String>> otherCalls = new ArrayList<>();
        ControlServer second = new ControlServer(other, (a, i, o, e) -> {
            otherCalls.add(List.copyOf(a));
            return 0;
        }, 1, Duration.ofSeconds(5));
        second.start();
        try {
            assertEquals(0, run(Map.of(SetkeyClient.SOCKET_ENV, other.toString()), "", "-DP"));
            assertEquals(0, run(Map.of(SetkeyClient.SOCKET_ENV, "/nonexistent/x.sock"), "", "-S", other.toString(),
                    "-FP"));
            assertEquals(List.of(List.of("-DP"), List.of("-FP")), otherCalls);
            assertTrue(gatewayCalls.isEmpty());
        } finally {
            second.close();
        }
    }

    @Test
    void noGatewayIsAClearError() {
        server.close();
        Path socket = tmp.resolve("home/run/setkey.sock");
        assertEquals(1, run("", "-D"));
        assertTrue(err().startsWith("setkey: cannot reach the gateway at " + socket + ": "), err());
    }

    @Test
    void checkOnlyRunsLocallyWithoutAGateway() {
        server.close();
        assertEquals(0, run("flush;", "-n", "-c"));
        assertEquals(List.of(List.of("-n", "-c")), offlineCalls);
        assertEquals(1, run("", "-S", "/x.sock", "-n", "-x", "-f", "a.conf"));
        assertEquals(List.of("-n", "-x", "-f", "a.conf"), offlineCalls.get(1));
        assertEquals("", err());
    }

    @Test
    void helpIsLocal() {
        server.close();
        assertEquals(0, run("", "-h"));
        assertEquals(SetkeyClient.USAGE, out());
    }

    @Test
    void usageErrorsExitOne() {
        assertEquals(1, run("", "-c", "-f", "x"));
        assertTrue(err().startsWith("setkey: -c and -f cannot be used together\nusage: setkey"), err());
        assertTrue(gatewayCalls.isEmpty());
    }

    @Test
    void oversizedInputIsRefusedByTheClient() {
        int limit = ControlProtocol.MAX_COMMAND_PAYLOAD - (1 << 20);
        SetkeyClient client = new SetkeyClient(Map.of(), tmp.resolve("home"), tmp, offline);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }
        };
        int status = client.run(List.of("-c"), endless, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertEquals("setkey: standard input larger than " + limit + " bytes\n", err());
        assertTrue(gatewayCalls.isEmpty());
    }
}
