package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.setkey.Main;
import org.ipsec4j.setkey.command.Gateway.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -cp ipsec4j-api.jar:ipsec4j-setkey.jar org.ipsec4j.setkey.Main ...}, in a JVM of its own. */
class MainTest {
    @TempDir
    Path dir;

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private Result main(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                location(SecurityAssociation.class) + File.pathSeparator + location(Main.class),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Path in = dir.resolve("in.txt");
        Files.writeString(in, stdin);
        Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Main did not end");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void checksAFileOffline() throws Exception {
        Path good = dir.resolve("good.conf");
        Files.writeString(good, "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
                + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n");
        assertEquals(new Result(0, "", ""), main("", "-n", "-f", good.toString()));
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
                + "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n");
        assertEquals(new Result(1, "", "setkey: " + bad + ": line 2, column 1: add 10.1.1.1 10.2.2.2 esp 9998: SA"
                + " already exists" + System.lineSeparator()), main("", "-n", "-f", bad.toString()));
    }

    @Test
    void checksStandardInputOfflineAndNeedsAGatewayForTheRest() throws IOException, Exception {
        assertEquals(new Result(0, "", ""), main("spdadd 10.1.1.1 10.2.2.2 any -P out none;", "-nc"));
        assertEquals(new Result(1, "", "setkey: -c needs a running gateway; offline, only -n (check) and -h work"
                + System.lineSeparator()), main("spdadd 10.1.1.1 10.2.2.2 any -P out none;", "-c"));
        Result help = main("", "-h");
        assertEquals(0, help.status());
        assertEquals(SetkeyOptions.USAGE, help.out().replace(System.lineSeparator(), "\n"));
    }
}
