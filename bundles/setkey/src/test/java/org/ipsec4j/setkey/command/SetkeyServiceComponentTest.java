package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.monitor.FakeEventSource;
import org.ipsec4j.setkey.monitor.GrowingOutput;
import org.ipsec4j.spd.PolicyTable;
import org.junit.jupiter.api.Test;

/**
 * The service component is setkey over the services it was given, with this process's id; its configuration
 * ({@code mask.keys}) masks keys in dumps, also when changed while it runs; {@code -x} reads its event source.
 */
class SetkeyServiceComponentTest {
    private static final String ADD = "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n";
    private static final String KEY_LINE = "\tE: des-cbc  686f6765 686f6765\n";
    private static final String MASKED_LINE = "\tE: des-cbc  ******** ********\n";

    /** The configuration as DS would hand it over. */
    static SetkeyServiceComponent.Config config(boolean maskKeys) {
        return new SetkeyServiceComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SetkeyServiceComponent.Config.class;
            }

            @Override
            public boolean mask_keys() {
                return maskKeys;
            }
        };
    }

    private static SetkeyServiceComponent component(SaTable sad, boolean maskKeys) {
        return new SetkeyServiceComponent(new FakeEventSource(), config(maskKeys), sad, new PolicyTable());
    }

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
        SetkeyService service = new SetkeyServiceComponent(new FakeEventSource(), config(false), sad, spd);
        String[] r = run(service, ADD + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n", "-c");
        assertEquals("0", r[0], r[2]);
        assertEquals(1, sad.dump().size());
        assertEquals(1, spd.dump().size());
        String dump = run(service, "", "-D")[1];
        assertTrue(dump.endsWith("\tsadb_seq=1 pid=" + ProcessHandle.current().pid() + " refcnt=0\n"), dump);
    }

    @Test
    void keysShowByDefaultAsOnKame() {
        SaTable sad = new SaTable();
        SetkeyServiceComponent c = component(sad, false);
        assertFalse(c.masksKeys());
        assertEquals("0", run(c, ADD, "-c")[0]);
        assertTrue(run(c, "", "-D")[1].contains(KEY_LINE));
    }

    @Test
    void maskKeysMasksDumpGetAndDumpStatements() {
        SaTable sad = new SaTable();
        SetkeyServiceComponent c = component(sad, true);
        assertTrue(c.masksKeys());
        assertEquals("0", run(c, ADD, "-c")[0]);
        String dump = run(c, "", "-D")[1];
        assertTrue(dump.contains(MASKED_LINE), dump);
        assertFalse(dump.contains("686f6765"), dump);
        String get = run(c, "get 10.1.1.1 10.2.2.2 esp 9998;\ndump esp;\n", "-c")[1];
        assertEquals(2, get.split(MASKED_LINE.replace("*", "\\*"), -1).length - 1, get);
        assertFalse(get.contains("686f6765"), get);
        assertEquals(1, sad.dump().size(), "masking changes only what is shown");
    }

    @Test
    void aChangedConfigurationAppliesToTheNextRun() {
        SaTable sad = new SaTable();
        SetkeyServiceComponent c = component(sad, false);
        run(c, ADD, "-c");
        c.modified(config(true));
        assertTrue(c.masksKeys());
        assertTrue(run(c, "", "-D")[1].contains(MASKED_LINE));
        c.modified(config(false));
        assertTrue(run(c, "", "-D")[1].contains(KEY_LINE));
    }

    @Test
    void monitorReadsTheEventSourceUntilInterrupted() throws Exception {
        FakeEventSource events = new FakeEventSource();
        SaTable sad = new SaTable(events::publish);
        SetkeyServiceComponent c = new SetkeyServiceComponent(events, config(false), sad, new PolicyTable());
        GrowingOutput out = new GrowingOutput();
        AtomicInteger status = new AtomicInteger(-1);
        Thread monitor = new Thread(() -> status.set(c.run(List.of("-x"), new ByteArrayInputStream(new byte[0]),
                out.stream(), System.err)));
        monitor.start();
        events.awaitSubscribers(1);
        assertEquals("0", run(c, ADD, "-c")[0]);
        String text = out.await("spi=9998(0x0000270e)");
        assertTrue(text.contains("] SADB_ADD\n10.1.1.1 10.2.2.2\n"), text);
        monitor.interrupt();
        monitor.join(10_000);
        assertFalse(monitor.isAlive());
        assertEquals(0, status.get());
        assertEquals(0, events.subscribers(), "the subscription ends with the run");
    }

    @Test
    void deactivationEndsRunningMonitors() throws Exception {
        FakeEventSource events = new FakeEventSource();
        SetkeyServiceComponent c = new SetkeyServiceComponent(events, config(false), new SaTable(), new PolicyTable());
        AtomicInteger status = new AtomicInteger(-1);
        Thread monitor = new Thread(() -> status.set(c.run(List.of("-xx"), new ByteArrayInputStream(new byte[0]),
                new GrowingOutput().stream(), System.err)));
        monitor.start();
        events.awaitSubscribers(1);
        c.deactivate();
        monitor.join(10_000);
        assertFalse(monitor.isAlive());
        assertEquals(0, status.get());
        assertEquals(0, events.subscribers());
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
        String[] r = run(new SetkeyServiceComponent(new FakeEventSource(), config(false), sad, new PolicyTable()),
                "", "-D");
        assertEquals("1", r[0]);
        assertEquals("", r[1]);
        assertEquals("setkey: internal error: java.lang.IllegalStateException: SAD unavailable\n", r[2]);
    }
}
