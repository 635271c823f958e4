package org.ipsec4j.setkey.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.parse.SetkeyParser;
import org.ipsec4j.setkey.print.SaDumpPrinter;
import org.ipsec4j.setkey.print.SpdDumpPrinter;
import org.ipsec4j.spd.PolicyTable;
import org.junit.jupiter.api.Test;

/** {@code setkey -x} output of the events the real SAD and SPD tables post, at both levels. */
class SadbEventFormatTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String AT = "[Nov 27 10:00:05] ";
    private static final String AT_RAW = "[" + NOW.getEpochSecond() + ".000] ";

    private final List<SadbEvent> events = new ArrayList<>();
    private final SaTable sad = new SaTable(CLOCK, (t, p) -> events.add(new SadbEvent(t, p)));
    private final PolicyTable spd = new PolicyTable(CLOCK, (t, p) -> events.add(new SadbEvent(t, p)));
    private final SadbEventFormat x = format(1);
    private final SadbEventFormat xx = format(2);

    private SadbEventFormat format(int level) {
        return new SadbEventFormat(CLOCK, level, sad, spd, new SaDumpPrinter(CLOCK, 4242, true),
                new SpdDumpPrinter(CLOCK, 4242));
    }

    private static Statement parse(String text) throws SetkeyParseException {
        return SetkeyParser.parse(text).get(0);
    }

    private static SecurityAssociation sa(String text) throws SetkeyParseException {
        Statement s = parse(text);
        return s instanceof Statement.Update u ? u.sa() : ((Statement.Add) s).sa();
    }

    private SadbEvent last() {
        return events.get(events.size() - 1);
    }

    @Test
    void anAddedSaInTheNotationOfDumpWithoutKeys() throws Exception {
        sad.add(sa("add 10.1.1.1 10.2.2.2 esp 9998 -m transport -E des-cbc \"hogehoge\";"));
        assertEquals(AT + "SADB_ADD\n10.1.1.1 10.2.2.2\n\tesp mode=transport spi=9998(0x0000270e)"
                + " reqid=0(0x00000000)\n", x.format(last()));
    }

    @Test
    void atLevelTwoTheSaAsDumpShowsItNowWithKeysMaskedAndRawTimes() throws Exception {
        sad.add(sa("add 10.1.1.1 10.2.2.2 esp 9998 -m transport -E des-cbc \"hogehoge\";"));
        String out = xx.format(last());
        assertEquals(AT_RAW + "SADB_ADD\n10.1.1.1 10.2.2.2 \n\tesp mode=transport spi=9998(0x0000270e)"
                + " reqid=0(0x00000000)\n\tE: des-cbc  ******** ********\n\tseq=0x00000000 replay=0", out.substring(0,
                        out.indexOf(" flags=")));
        assertTrue(out.endsWith("\tsadb_seq=1 pid=4242 refcnt=0\n"), out);
        assertFalse(out.contains("686f"), "no key: " + out);

        // once deleted, the SA is shown as the event has it
        sad.delete(sad.dump().get(0).id());
        assertEquals(AT_RAW + "SADB_DELETE\n10.1.1.1 10.2.2.2\n\tesp mode=transport spi=9998(0x0000270e)"
                + " reqid=0(0x00000000)\n", xx.format(last()));
    }

    @Test
    void aDeadSaIsShownAsTheEventHasIt() throws Exception {
        SaEntry dead = sad.add(sa("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\";"));
        SadbEvent added = last();
        sad.delete(dead.id());
        assertEquals(SaState.DEAD, dead.state());
        SecurityAssociationDatabase stale = (SecurityAssociationDatabase) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {SecurityAssociationDatabase.class},
                (proxy, method, args) -> method.getName().equals("get") ? Optional.of(dead) : null);
        SadbEventFormat format = new SadbEventFormat(CLOCK, 2, stale, spd, new SaDumpPrinter(CLOCK, 4242, true),
                new SpdDumpPrinter(CLOCK, 4242));
        assertEquals(AT_RAW + "SADB_ADD\n10.1.1.1 10.2.2.2\n\tesp mode=any spi=9998(0x0000270e)"
                + " reqid=0(0x00000000)\n", format.format(added));
    }

    @Test
    void updateDeleteAndFlushes() throws Exception {
        sad.add(sa("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\";"));
        sad.add(sa("add 10.1.1.1 10.2.2.2 ah 700 -A hmac-md5 \"1234567890123456\";"));
        sad.update(sa("update 10.1.1.1 10.2.2.2 esp 9998 -u 7 -E des-cbc \"hogehoge\";"));
        assertEquals(AT + "SADB_UPDATE\n10.1.1.1 10.2.2.2\n\tesp mode=any spi=9998(0x0000270e)"
                + " reqid=7(0x00000007)\n", x.format(last()));
        sad.flush(SaProtocol.AH);
        assertEquals(AT + "SADB_FLUSH ah 1 SA\n", x.format(last()));
        sad.flush();
        assertEquals(AT + "SADB_FLUSH 1 SA\n", x.format(last()));
        sad.flush();
        assertEquals(AT + "SADB_FLUSH 0 SAs\n", x.format(last()));
    }

    @Test
    void ipv6AddressesAreCompressedAsDumpWritesThem() throws Exception {
        sad.add(sa("add 2001:db8::1 2001:db8::2 esp 0x1000 -m tunnel -E aes-cbc 0x00112233445566778899aabbccddeeff;"));
        assertEquals(AT + "SADB_ADD\n2001:db8::1 2001:db8::2\n\tesp mode=tunnel spi=4096(0x00001000)"
                + " reqid=0(0x00000000)\n", x.format(last()));
        assertEquals("2001:db8::/32[any] 2001:db8::1[80] tcp\n\tout",
                SadbEventFormat.compressAddresses("2001:db8:0:0:0:0:0:0/32[any] 2001:db8:0:0:0:0:0:1[80] tcp\n\tout"));
        assertEquals("fe80::1%eth0 10.0.0.1", SadbEventFormat.compressAddresses("fe80::1%eth0 10.0.0.1"),
                "what is not a plain literal stays as it is");
    }

    @Test
    void expireShowsKindAndCause() {
        Map<String, Object> p = Map.of(SadbEvents.TIMESTAMP, NOW.toEpochMilli(), SadbEvents.EXPIRE_KIND, "soft",
                SadbEvents.EXPIRE_CAUSE, "bytes", SadbEvents.TEXT,
                "10.1.1.1 10.2.2.2\n\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)");
        assertEquals(AT + "SADB_EXPIRE soft (bytes)\n10.1.1.1 10.2.2.2\n\tesp mode=any spi=9998(0x0000270e)"
                + " reqid=0(0x00000000)\n", x.format(new SadbEvent(SadbEvents.TOPIC_EXPIRE, p)));
    }

    @Test
    void acquireIsWrittenFromItsProperties() throws Exception {
        byte[] src = InetAddress.getByName("10.1.1.1").getAddress();
        byte[] dst = InetAddress.getByName("10.2.2.2").getAddress();
        assertTrue(sad.acquire(SaProtocol.ESP, IpsecMode.TUNNEL, src, 0, dst, 0, 4, 5));
        assertEquals(AT + "SADB_ACQUIRE\n10.1.1.1 10.2.2.2\n\tesp mode=tunnel reqid=5(0x00000005)\n",
                x.format(last()));
        assertEquals(AT_RAW + "SADB_ACQUIRE\n10.1.1.1 10.2.2.2\n\tesp mode=tunnel reqid=5(0x00000005)\n",
                xx.format(last()), "an acquire has no SA to look up");
    }

    @Test
    void policiesWithTheirSpid() throws Exception {
        spd.add(((Statement.SpdAdd) parse("spdadd 10.1.1.0/24 10.2.2.0/24 any -P out ipsec"
                + " esp/tunnel/192.0.2.1-192.0.2.2/require;")).policy());
        assertEquals(AT + "SADB_X_SPDADD\n10.1.1.0/24[any] 10.2.2.0/24[any] any\n\tout ipsec"
                + "\n\tesp/tunnel/192.0.2.1-192.0.2.2/require\n\tspid=1\n", x.format(last()));
        String full = xx.format(last());
        assertEquals(AT_RAW + "SADB_X_SPDADD\n10.1.1.0/24[any] 10.2.2.0/24[any] any\n\tout ipsec"
                + "\n\tesp/tunnel/192.0.2.1-192.0.2.2/require\n\tcreated: Nov 27 10:00:05 2026  lastused: "
                + " ".repeat(20) + "\n\tlifetime: 0(s) validtime: 0(s)\n\tspid=1 seq=0 pid=4242\n\trefcnt=1\n", full);
        spd.flush();
        assertEquals(AT + "SADB_X_SPDFLUSH 1 policy\n", x.format(last()));
    }

    @Test
    void otherTopicsShowTheirTopicAndTimeDefaultsToNow() {
        assertEquals(AT + "org/ipsec4j/sadb/REGISTER\n", x.format(new SadbEvent("org/ipsec4j/sadb/REGISTER",
                Map.of())));
        assertEquals(AT + "(3 events lost: the monitor fell behind)\n", x.lost(3));
        assertEquals(AT_RAW + "(1 event lost: the monitor fell behind)\n", xx.lost(1));
    }

    @Test
    void onlyAMaskingPrinterAndLevelsOneAndTwo() {
        assertThrows(IllegalArgumentException.class, () -> new SadbEventFormat(CLOCK, 1, sad, spd,
                new SaDumpPrinter(CLOCK, 1), new SpdDumpPrinter(CLOCK, 1)));
        assertThrows(IllegalArgumentException.class, () -> new SadbEventFormat(CLOCK, 3, sad, spd,
                new SaDumpPrinter(CLOCK, 1, true), new SpdDumpPrinter(CLOCK, 1)));
    }

    @Test
    void namesAreNeverLookedUp() {
        assertEquals(null, SadbEventFormat.literal("example.com"));
        assertEquals(null, SadbEventFormat.literal("cafe"));
        assertEquals("10.0.0.1", SadbEventFormat.literal("10.0.0.1").getHostAddress());
    }
}
