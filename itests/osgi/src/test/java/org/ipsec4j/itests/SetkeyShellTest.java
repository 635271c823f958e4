package org.ipsec4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The KAME guide's statements typed into the Gogo shell as {@code ipsec:setkey -c}, with the results read back with
 * {@code -D} and {@code -DP}, in a running Felix with the gateway's bundles.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SetkeyShellTest {
    /** The KAME guide's endpoint statements, verbatim. */
    static final String GUIDE = "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc \"hogehoge\" ;\n"
            + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n";

    @Inject
    CommandProcessor processor;

    @Inject
    SecurityAssociationDatabase sad;

    @Inject
    SecurityPolicyDatabase spd;

    @Configuration
    public Option[] config() {
        return GatewayOptions.gateway();
    }

    /** One shell command's outcome. */
    record Run(boolean failed, String out, String err) {
        List<String> lines() {
            // ipsec-tools ends some lines with a space; compare without trailing blanks
            return out.lines().map(String::stripTrailing).collect(Collectors.toList());
        }
    }

    Run gogo(String command, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean failed = false;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CommandSession session = processor.createSession(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), o, e);
            try {
                session.execute(command);
            } catch (Exception ex) {
                failed = true;
                e.println(ex.getMessage());
            } finally {
                session.close();
            }
        }
        return new Run(failed, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Before
    public void emptyDatabases() {
        sad.flush();
        spd.flush();
    }

    @Test
    public void guideStatementsGiveKameDumps() {
        Run apply = gogo("ipsec:setkey -c", GUIDE);
        assertFalse("setkey -c failed: " + apply.err(), apply.failed());
        assertEquals(2, sad.dump().size());
        assertEquals(1, spd.dump().size());

        List<String> sa = gogo("ipsec:setkey -D", "").lines();
        int first = sa.indexOf("10.1.1.1 10.2.2.2");
        assertTrue("SA 9998 in -D output:\n" + String.join("\n", sa), first >= 0);
        assertEquals("\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)", sa.get(first + 1));
        assertEquals("\tE: des-cbc  686f6765 686f6765", sa.get(first + 2));
        assertEquals("\tseq=0x00000000 replay=0 flags=0x00000000 state=mature", sa.get(first + 3));
        assertTrue(sa.get(first + 4).startsWith("\tcreated: "));
        assertTrue(sa.contains("\tcurrent: 0(bytes)\thard: 0(bytes)\tsoft: 0(bytes)"));
        int second = sa.indexOf("10.2.2.2 10.1.1.1");
        assertTrue(second >= 0);
        assertEquals("\tesp mode=any spi=9999(0x0000270f) reqid=0(0x00000000)", sa.get(second + 1));

        List<String> sp = gogo("ipsec:setkey -DP", "").lines();
        assertEquals("10.1.1.1[any] 10.2.2.2[any] any", sp.get(0));
        assertEquals("\tout ipsec", sp.get(1));
        assertEquals("\tesp/transport//use", sp.get(2));
        assertTrue(sp.get(3).startsWith("\tcreated: "));
        assertEquals("\tlifetime: 0(s) validtime: 0(s)", sp.get(4));
        assertTrue(sp.get(5).startsWith("\tspid="));
    }

    @Test
    public void directFormAppliesOneStatement() {
        Run run = gogo("ipsec:setkey 'spdadd 192.0.2.0/24 198.51.100.0/24 tcp -P in ipsec esp/tunnel/203.0.113.1-203.0.113.2/require ;'", "");
        assertFalse(run.err(), run.failed());
        List<String> sp = gogo("ipsec:setkey -DP", "").lines();
        assertEquals("192.0.2.0/24[any] 198.51.100.0/24[any] tcp", sp.get(0));
        assertEquals("\tin ipsec", sp.get(1));
        assertEquals("\tesp/tunnel/203.0.113.1-203.0.113.2/require", sp.get(2));
    }

    @Test
    public void fileWithErrorOnLastLineChangesNothing() throws Exception {
        gogo("ipsec:setkey -c", GUIDE);
        Path file = Files.createTempFile("broken", ".conf");
        Files.writeString(file, "flush ;\nspdflush ;\n"
                + "add 192.0.2.1 192.0.2.2 esp 1000 -E aes-cbc 0x00112233445566778899aabbccddeeff ;\n"
                + "add 192.0.2.2 192.0.2.1 esp 1001 -E des-cbcx \"hogehoge\" ;\n");
        Run run = gogo("ipsec:setkey -f " + file, "");
        assertTrue("a broken file must fail", run.failed());
        assertTrue(run.err(), run.err().contains("line 4, column 37: unknown encryption algorithm \"des-cbcx\""));
        // nothing of the file happened: neither the flushes nor the first add
        assertEquals(2, sad.dump().size());
        assertEquals(1, spd.dump().size());
        assertTrue(sad.dump().stream().noneMatch(e -> e.sa().spi() == 1000));
    }

    @Test
    public void flushEmptiesBothDatabases() {
        gogo("ipsec:setkey -c", GUIDE);
        assertFalse(gogo("ipsec:setkey -F", "").failed());
        assertEquals(0, sad.dump().size());
        assertEquals(1, spd.dump().size());
        assertEquals(List.of("No SAD entries."), gogo("ipsec:setkey -D", "").lines());
        assertFalse(gogo("ipsec:setkey -FP", "").failed());
        assertEquals(0, spd.dump().size());
        assertEquals(List.of("No SPD entries."), gogo("ipsec:setkey -DP", "").lines());
    }

    @Test
    public void guideTunnelExampleIsRejectedWithAHint() {
        Run run = gogo("ipsec:setkey -c",
                "spdadd 10.1.1.0/24 10.2.2.0/24 any -P ipsec esp/tunnel/10.1.1.1-10.2.2.2/use;\n");
        assertTrue(run.failed());
        assertTrue(run.err(), run.err().contains("line 1, column 39: policy direction missing before \"ipsec\""));
        assertTrue(run.err(), run.err().contains("-P out"));
        assertEquals(0, spd.dump().size());
    }

    @Test
    public void checkOnlyChangesNothing() {
        Run run = gogo("ipsec:setkey -n -c", GUIDE);
        assertFalse(run.err(), run.failed());
        assertEquals(0, sad.dump().size());
        assertEquals(0, spd.dump().size());
    }
}
