package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.monitor.FakeEventSource;
import org.ipsec4j.setkey.monitor.GrowingOutput;
import org.ipsec4j.spd.PolicyTable;
import org.junit.jupiter.api.Test;

/** {@code setkey -x} and {@code -xx} over the real SAD and SPD, whose events feed the monitor. */
class MonitorCommandTest {
    /** The KAME guide's statements for host A. */
    private static final String KAME = "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;\n"
            + "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;\n";

    private final Gateway.ManualClock clock = new Gateway.ManualClock();
    private final FakeEventSource events = new FakeEventSource();
    private final SaTable sad = new SaTable(clock, events::publish);
    private final PolicyTable spd = new PolicyTable(clock, events::publish);
    private final SetkeyCommand setkey = new SetkeyCommand(sad, spd, () -> null, clock, Gateway.PID, events,
            () -> false);

    private final AtomicInteger status = new AtomicInteger(-1);

    private Thread monitor(GrowingOutput out, String... args) throws InterruptedException {
        Thread t = new Thread(() -> status.set(setkey.run(List.of(args), new ByteArrayInputStream(new byte[0]),
                out.stream(), System.err)));
        t.start();
        events.awaitSubscribers(1);
        return t;
    }

    private void stop(Thread t) throws InterruptedException {
        t.interrupt();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(0, status.get());
        assertEquals(0, events.subscribers());
    }

    @Test
    void monitorShowsWhatABatchDidInOrder() throws Exception {
        GrowingOutput out = new GrowingOutput();
        Thread t = monitor(out, "-x");
        assertEquals(0, Gateway.run(setkey, KAME, "-c").status());
        String text = out.await("SADB_X_SPDADD");
        assertEquals("""
                [Nov 27 10:00:00] SADB_ADD
                10.1.1.1 10.2.2.2
                \tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)
                [Nov 27 10:00:00] SADB_X_SPDADD
                10.1.1.1/32[any] 10.2.2.2/32[any] any
                \tout ipsec
                \tesp/transport//use
                \tspid=1
                """, text);
        stop(t);
    }

    @Test
    void doubleXShowsTheCurrentEntriesWithKeysMaskedEvenWhenDumpsShowKeys() throws Exception {
        GrowingOutput out = new GrowingOutput();
        Thread t = monitor(out, "-x", "-x");
        assertEquals(0, Gateway.run(setkey, KAME, "-c").status());
        String text = out.await("refcnt=1\n");
        assertTrue(text.startsWith("[" + Gateway.START.getEpochSecond() + ".000] SADB_ADD\n10.1.1.1 10.2.2.2 \n"
                + "\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)\n\tE: des-cbc  ******** ********\n"), text);
        assertTrue(text.contains("\tspid=1 seq=0 pid=4242\n"), text);
        assertFalse(text.contains("686f6765"), text);
        assertTrue(Gateway.run(setkey, "", "-D").out().contains("686f6765"), "-D itself still shows keys");
        stop(t);
    }

    @Test
    void checkOnlyMonitorEndsAtOnce() {
        assertEquals(new Gateway.Result(0, "", ""), Gateway.run(setkey, "", "-nx"));
        assertEquals(0, events.subscribers());
    }

    @Test
    void withoutEventsMonitorNeedsAGateway() {
        SetkeyCommand noEvents = new SetkeyCommand(sad, spd, Clock.systemUTC(), 1);
        assertEquals(new Gateway.Result(1, "", "setkey: -x needs a running gateway; offline, only -n (check) and -h"
                + " work\n"), Gateway.run(noEvents, "", "-x"));
    }
}
