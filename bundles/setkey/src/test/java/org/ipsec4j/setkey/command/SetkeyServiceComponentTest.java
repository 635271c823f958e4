package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.spd.PolicyTable;
import org.junit.jupiter.api.Test;

/** The service component is setkey over the services it was given, with this process's id. */
class SetkeyServiceComponentTest {
    private static String[] run(SetkeyService service, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = service.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void delegatesToTheCommandOverItsDatabases() {
        SaTable sad = new SaTable();
        PolicyTable spd = new PolicyTable();
        SetkeyService service = new SetkeyServiceComponent(sad, spd);
        String[] r = run(service, "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
                + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n", "-c");
        assertEquals("0", r[0], r[2]);
        assertEquals(1, sad.dump().size());
        assertEquals(1, spd.dump().size());
        String dump = run(service, "", "-D")[1];
        assertTrue(dump.endsWith("\tsadb_seq=1 pid=" + ProcessHandle.current().pid() + " refcnt=0\n"), dump);
    }

    @Test
    void aFailingDatabaseIsAnErrorNotACrash() {
        SaTable table = new SaTable();
        TroubledSad sad = new TroubledSad(table) {
            @Override
            public List<SaEntry> dump() {
                throw new IllegalStateException("SAD unavailable");
            }
        };
        String[] r = run(new SetkeyServiceComponent(sad, new PolicyTable()), "", "-D");
        assertEquals("1", r[0]);
        assertEquals("", r[1]);
        assertEquals("setkey: internal error: java.lang.IllegalStateException: SAD unavailable\n", r[2]);
    }
}
