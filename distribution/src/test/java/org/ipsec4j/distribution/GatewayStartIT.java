package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code conf/setkey.conf} at start, and several gateways from one installation. */
class GatewayStartIT {
    @Test
    void setkeyConfIsAppliedAtStart() throws Exception {
        try (Gateway gateway = new Gateway()) {
            gateway.setkeyConf("flush;\nspdflush;\n" + GatewaySetkeyIT.KAME_SAD + GatewaySetkeyIT.KAME_SPD_A).started();
            Command.Result sad = gateway.setkey("", "-D");
            assertTrue(sad.out().contains("esp mode=any spi=9998(0x0000270e)")
                    && sad.out().contains("esp mode=any spi=9999(0x0000270f)"), sad.out());
            assertTrue(gateway.setkey("", "-DP").out().startsWith("10.1.1.1[any] 10.2.2.2[any] any\n\tout ipsec\n"));
            assertTrue(gateway.log().contains("applied " + gateway.conf.resolve("setkey.conf")), gateway.log());
        }
    }

    @Test
    void brokenSetkeyConfStopsTheStartWithTheError() throws Exception {
        try (Gateway gateway = new Gateway()) {
            gateway.setkeyConf(GatewaySetkeyIT.KAME_SAD + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transprt//use;\n");
            Command.Result start = gateway.start();
            assertEquals(1, start.status(), start::toString);
            assertTrue(start.err().startsWith("ipsec4j-gateway: the gateway failed to start (exit status 1)"),
                    start.err());
            assertTrue(start.err().contains(gateway.conf.resolve("setkey.conf") + ": line 3"), start.err());
            assertFalse(start.err().contains("686f6765") || start.err().contains("hogehoge"),
                    "no key material in the error or the log: " + start.err());
            assertFalse(gateway.log().contains("hogehoge"));
            assertFalse(Files.exists(gateway.socket()));
            assertEquals(-1, gateway.pid(), "no pid file is left");
        }
    }

    @Test
    void missingConfigurationDirectoryIsAnError() throws Exception {
        Command.Result result = Command.run(List.of(Gateway.HOME.resolve("bin/ipsec4j-gateway").toString(),
                "--daemon", "--conf", "/nonexistent/conf"), Map.of(), null, "", 30);
        assertEquals(1, result.status());
        assertEquals("ipsec4j-gateway: configuration directory /nonexistent/conf does not exist\n", result.err());
    }

    @Test
    void twoGatewaysFromOneInstallationKeepTheirOwnState() throws Exception {
        try (Gateway a = new Gateway(); Gateway b = new Gateway()) {
            a.started();
            b.started();
            assertEquals(0, a.setkey(GatewaySetkeyIT.KAME_SAD, "-c").status());
            assertEquals(0, b.setkey(GatewaySetkeyIT.KAME_SPD_B, "-c").status());
            assertEquals(2, a.setkey("", "-D").out().split("\tesp mode=", -1).length - 1);
            assertEquals("No SPD entries.\n", a.setkey("", "-DP").out());
            assertEquals("No SAD entries.\n", b.setkey("", "-D").out());
            assertTrue(b.setkey("", "-DP").out().startsWith("10.2.2.2[any] 10.1.1.1[any] any\n"));
            assertEquals(0, a.stop().status());
            assertEquals(0, b.setkey("", "-D").status(), "stopping one leaves the other running");
        }
    }

    @Test
    void aBundleThatDoesNotStartStopsTheStart() throws Exception {
        Path copy = Files.createTempDirectory(Path.of("/tmp"), "ipsec4j-install");
        try {
            copyTree(Gateway.HOME, copy);
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", "test.unresolvable");
            manifest.getMainAttributes().putValue("Import-Package", "no.such.pkg");
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(copy.resolve("bundle/zz-broken.jar")),
                    manifest)) {
                jar.flush();
            }
            Files.createDirectories(copy.resolve("gw/conf"));
            Command.Result start = Command.run(List.of(copy.resolve("bin/ipsec4j-gateway").toString(), "--daemon",
                    "--conf", copy.resolve("gw/conf").toString()), Map.of(), copy, "", 180);
            assertEquals(1, start.status(), start::toString);
            assertTrue(start.err().contains("ipsec4j-gateway: bundles that did not start: test.unresolvable"),
                    start.err());
            assertFalse(Files.exists(copy.resolve("gw/run/gateway.ready")));
            assertFalse(Files.exists(copy.resolve("gw/run/setkey.sock")), "the socket closed with the framework");
        } finally {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (source.toString().contains("/run/")) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
