package org.ipsec4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only the gateway's own user reaches its control socket: the file system keeps others out (directory 0700, socket
 * 0600), and when a test loosens those modes, the peer-credential check still refuses them. The gateway runs as
 * root (as the tests do); the other user is {@code nobody}, through {@code setpriv}.
 */
class ControlSocketAccessIT {
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a client as another user");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        gateway = new Gateway().started();
        Files.setPosixFilePermissions(gateway.base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** {@code bin/setkey -S <socket> ARGS} as user nobody. */
    private Command.Result setkeyAsNobody(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody",
                "--regid=nogroup", "--clear-groups", "--", Gateway.HOME.resolve("bin/setkey").toString(),
                "-S", gateway.socket().toString()));
        command.addAll(List.of(args));
        return Command.run(command, Map.of("HOME", "/tmp"), Path.of("/tmp"), "", 60);
    }

    @Test
    void socketAndItsDirectoryAreOwnerOnly() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.run)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.socket())));
        assertEquals("root", Files.getOwner(gateway.socket()).getName());

        Command.Result denied = setkeyAsNobody("-D");
        assertEquals(1, denied.status(), denied::toString);
        assertTrue(denied.err().startsWith("setkey: cannot reach the gateway at " + gateway.socket() + ": "),
                denied.err());
        assertTrue(denied.err().contains("Permission denied"), denied.err());
    }

    @Test
    void anotherUserIsRefusedByThePeerCredentialCheckEvenWithLooseModes() throws Exception {
        Command.Result added = gateway.setkey(GatewaySetkeyIT.KAME_SAD, "-c");
        assertEquals(0, added.status(), added::toString);
        Files.setPosixFilePermissions(gateway.run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(gateway.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));

        Command.Result flush = setkeyAsNobody("-F");
        assertEquals(1, flush.status(), flush::toString);
        assertEquals("setkey: permission denied: the gateway accepts commands only from its own user\n", flush.err());
        Command.Result dump = setkeyAsNobody("-D");
        assertEquals(1, dump.status(), dump::toString);
        assertEquals("", dump.out(), "no SA reaches another user");

        assertTrue(gateway.log().contains("refused a connection: peer user nobody is not the gateway's user root"),
                gateway.log());
        assertFalse(gateway.log().contains("hogehoge") || gateway.log().contains("686f6765"), gateway.log());
        Command.Result mine = gateway.setkey("", "-D");
        assertEquals(0, mine.status(), mine::toString);
        assertTrue(mine.out().contains("spi=9998(0x0000270e)") && mine.out().contains("spi=9999(0x0000270f)"),
                "the refused -F changed nothing: " + mine.out());
    }
}
