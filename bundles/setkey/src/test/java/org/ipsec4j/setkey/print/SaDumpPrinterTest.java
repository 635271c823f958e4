package org.ipsec4j.setkey.print;

import static org.ipsec4j.setkey.print.TestEntries.ip;
import static org.ipsec4j.setkey.print.TestEntries.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.Lifetime;
import org.ipsec4j.api.sa.Padding;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.sa.SecurityContext;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.setkey.print.TestEntries.FixedSa;
import org.junit.jupiter.api.Test;

class SaDumpPrinterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:00:05Z"), ZoneOffset.UTC);
    private static final long CREATED = millis("2026-11-27T10:00:00Z");
    private static final SaDumpPrinter PRINTER = new SaDumpPrinter(CLOCK, 4242);

    private static SecurityAssociation.Builder guideSa() {
        return SecurityAssociation.builder(ip("10.1.1.1"), ip("10.2.2.2"), SaProtocol.ESP, 9998)
                .encryption(new AlgorithmKey("des-cbc", "hogehoge".getBytes(StandardCharsets.US_ASCII)));
    }

    private static FixedSa entry(SecurityAssociation sa) {
        return new FixedSa(sa, SaState.MATURE, CREATED, 1, TestEntries.noCounters());
    }

    @Test
    void theKameGuideSaInTransportMode() {
        // As pfkey_sadump prints it: line 1 and the state line end in a space; "last: " is followed by the
        // 20 blanks of a time that never happened.
        String expected = """
                10.1.1.1 10.2.2.2\s
                \tesp mode=transport spi=9998(0x0000270e) reqid=0(0x00000000)
                \tE: des-cbc  686f6765 686f6765
                \tseq=0x00000000 replay=0 flags=0x00000000 state=mature\s
                \tcreated: Nov 27 10:00:00 2026\tcurrent: Nov 27 10:00:05 2026
                \tdiff: 5(s)\thard: 0(s)\tsoft: 0(s)
                \tlast:                     \thard: 0(s)\tsoft: 0(s)
                \tcurrent: 0(bytes)\thard: 0(bytes)\tsoft: 0(bytes)
                \tallocated: 0\thard: 0\tsoft: 0
                \tsadb_seq=1 pid=4242 refcnt=0
                """;
        assertEquals(expected, PRINTER.dump(List.of(entry(guideSa().mode(IpsecMode.TRANSPORT).build()))));
    }

    @Test
    void anSaWithoutModeShowsModeAny() {
        String out = PRINTER.format(entry(guideSa().build()));
        assertEquals("\tesp mode=any spi=9998(0x0000270e) reqid=0(0x00000000)", out.lines().toList().get(1));
    }

    @Test
    void noEntries() {
        assertEquals("No SAD entries.\n", PRINTER.dump(List.of()));
    }

    @Test
    void authenticationCountersLifetimesAndLastUse() {
        byte[] aesKey = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[] hmacKey = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
        SecurityAssociation sa = SecurityAssociation.builder(ip("192.0.2.1"), ip("192.0.2.2"), SaProtocol.ESP, 0x1000)
                .mode(IpsecMode.TUNNEL).reqid(16385).replayWindowBytes(4)
                .hardLifetime(new Lifetime(3600, 1_000_000)).softLifetime(new Lifetime(3000, 900_000))
                .encryption(new AlgorithmKey("aes-cbc", aesKey))
                .authentication(new AlgorithmKey("hmac-sha256", hmacKey)).build();
        long lastUse = millis("2026-11-27T10:00:04Z");
        FixedSa e = new FixedSa(sa, SaState.DYING, CREATED, 7,
                TestEntries.counters(12, 3456, 0x2a, lastUse, Map.of()));
        String expected = """
                192.0.2.1 192.0.2.2\s
                \tesp mode=tunnel spi=4096(0x00001000) reqid=16385(0x00004001)
                \tE: aes-cbc  00112233 44556677 8899aabb ccddeeff
                \tA: hmac-sha256  01020304 05060708 090a0b0c 0d0e0f10 11121314 15161718 191a1b1c 1d1e1f20
                \tseq=0x0000002a replay=4 flags=0x00000000 state=dying\s
                \tcreated: Nov 27 10:00:00 2026\tcurrent: Nov 27 10:00:05 2026
                \tdiff: 5(s)\thard: 3600(s)\tsoft: 3000(s)
                \tlast: Nov 27 10:00:04 2026\thard: 0(s)\tsoft: 0(s)
                \tcurrent: 3456(bytes)\thard: 1000000(bytes)\tsoft: 900000(bytes)
                \tallocated: 12\thard: 0\tsoft: 0
                \tsadb_seq=7 pid=4242 refcnt=0
                """;
        assertEquals(expected, PRINTER.format(e));
    }

    @Test
    void keysLongerThan32BytesWrapAsIpsecToolsDoes() {
        byte[] key = new byte[36];
        for (int i = 0; i < key.length; i++) key[i] = (byte) i;
        SecurityAssociation sa = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.AH, 300)
                .authentication(new AlgorithmKey("hmac-sha512", key)).build();
        List<String> lines = PRINTER.format(entry(sa)).lines().toList();
        assertEquals("\tah mode=any spi=300(0x0000012c) reqid=0(0x00000000)", lines.get(1));
        assertEquals("\tA: hmac-sha512  00010203 04050607 08090a0b 0c0d0e0f 10111213 14151617 18191a1b 1c1d1e1f",
                lines.get(2));
        assertEquals(" 20212223", lines.get(3));
        assertEquals("\tseq=0x00000000 replay=0 flags=0x00000000 state=mature ", lines.get(4));
    }

    @Test
    void ipcompRunsOnIntoTheSeqLineLikeIpsecTools() {
        SecurityAssociation sa = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.IPCOMP, 2)
                .rawCpi(true).compression(new AlgorithmKey("deflate", new byte[0])).build();
        List<String> lines = PRINTER.format(entry(sa)).lines().toList();
        assertEquals("\tipcomp mode=any spi=2(0x00000002) reqid=0(0x00000000)", lines.get(1));
        assertEquals("\tC: deflate \tseq=0x00000000 replay=0 flags=0x00000080 state=mature ", lines.get(2));
    }

    @Test
    void natTraversalPortsAndEspUdp() {
        SecurityAssociation sa = SecurityAssociation.builder(ip("198.51.100.1"), ip("203.0.113.9"),
                SaProtocol.ESP_UDP, 0x100).ports(4500, 4501)
                .encryption(new AlgorithmKey("null", new byte[0])).build();
        List<String> lines = PRINTER.format(entry(sa)).lines().toList();
        assertEquals("198.51.100.1[4500] 203.0.113.9[4501] ", lines.get(0));
        assertEquals("\tesp-udp mode=any spi=256(0x00000100) reqid=0(0x00000000)", lines.get(1));
        assertEquals("\tE: null ", lines.get(2));
    }

    @Test
    void flagsForPaddingCyclicOldAndEsn() {
        assertEquals("flags=0x00000100", flagsOf(guideSa().padding(Padding.RANDOM)));
        assertEquals("flags=0x00000200", flagsOf(guideSa().padding(Padding.ZERO)));
        assertEquals("flags=0x00010000", flagsOf(guideSa().cyclicSequence(false)));
        SecurityAssociation old = SecurityAssociation.builder(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.ESP_OLD, 9)
                .encryption(new AlgorithmKey("des-cbc", new byte[8])).build();
        assertEquals("\tesp mode=any spi=9(0x00000009) reqid=0(0x00000000)",
                PRINTER.format(entry(old)).lines().toList().get(1));
        assertEquals("flags=0x00000001", flagsOf(old.toBuilder()));
        assertEquals("flags=0x00020280",
                flagsOf(guideSa().extendedSequence(true).padding(Padding.ZERO).rawCpi(true)));
    }

    @Test
    void esnShowsTheWhole64BitSequence() {
        SecurityAssociation sa = guideSa().extendedSequence(true).build();
        FixedSa e = new FixedSa(sa, SaState.MATURE, CREATED, 1,
                TestEntries.counters(5, 500, 0x1_0000_0005L, 0, Map.of()));
        assertEquals("\tseq=0x0000000100000005 replay=0 flags=0x00020000 state=mature ",
                PRINTER.format(e).lines().toList().get(3));
    }

    @Test
    void dropCountersGetOneLineOnlyWhenNonZero() {
        Map<Verdict, Long> drops = new EnumMap<>(Verdict.class);
        drops.put(Verdict.AUTH_FAILED, 1L);
        drops.put(Verdict.REPLAY, 3L);
        drops.put(Verdict.NO_ALGORITHM, 0L);
        FixedSa e = new FixedSa(guideSa().build(), SaState.MATURE, CREATED, 1,
                TestEntries.counters(0, 0, 0, 0, drops));
        List<String> lines = PRINTER.format(e).lines().toList();
        assertEquals("\tallocated: 0\thard: 0\tsoft: 0", lines.get(8));
        assertEquals("\tdropped: replay=3 badauth=1", lines.get(9));
        assertEquals("\tsadb_seq=1 pid=4242 refcnt=0", lines.get(10));
        assertEquals(10, PRINTER.format(entry(guideSa().build())).lines().count());
    }

    @Test
    void securityContextLines() {
        FixedSa e = entry(guideSa().context(new SecurityContext(1, 1, "system_u:object_r:ipsec_spd_t:s0")).build());
        List<String> lines = PRINTER.format(e).lines().toList();
        assertEquals(List.of("\tsecurity context doi: 1", "\tsecurity context algorithm: 1",
                "\tsecurity context length: 33", "\tsecurity context: system_u:object_r:ipsec_spd_t:s0",
                "\tsadb_seq=1 pid=4242 refcnt=0"), lines.subList(9, 14));
    }

    @Test
    void ipv6AddressesAreCompressedAndTimesFollowTheClocksZone() {
        SecurityAssociation sa = SecurityAssociation.builder(ip("2001:db8:0:0:0:0:0:1"), ip("2001:db8:0:1:0:0:0:2"),
                SaProtocol.ESP, 1).encryption(new AlgorithmKey("des-cbc", new byte[8])).build();
        Clock tokyo = Clock.fixed(Instant.parse("2026-11-07T10:00:05Z"), ZoneId.of("Asia/Tokyo"));
        FixedSa e = new FixedSa(sa, SaState.MATURE, millis("2026-11-06T23:59:59Z"), 1, TestEntries.noCounters());
        List<String> lines = new SaDumpPrinter(tokyo, 1).format(e).lines().toList();
        assertEquals("2001:db8::1 2001:db8:0:1::2 ", lines.get(0));
        assertEquals("\tcreated: Nov  7 08:59:59 2026\tcurrent: Nov  7 19:00:05 2026", lines.get(4));
        assertEquals("\tdiff: 36006(s)\thard: 0(s)\tsoft: 0(s)", lines.get(5));
    }

    @Test
    void stateAndSequenceOfSeveralSas() {
        FixedSa a = new FixedSa(guideSa().build(), SaState.LARVAL, CREATED, 1, TestEntries.noCounters());
        FixedSa b = new FixedSa(SecurityAssociation.builder(ip("10.2.2.2"), ip("10.1.1.1"), SaProtocol.ESP, 9999)
                .encryption(new AlgorithmKey("des-cbc", new byte[8])).build(), SaState.DEAD, CREATED, 2,
                TestEntries.noCounters());
        String out = PRINTER.dump(List.of(a, b));
        List<String> lines = out.lines().toList();
        assertEquals(20, lines.size());
        assertEquals("\tseq=0x00000000 replay=0 flags=0x00000000 state=larval ", lines.get(3));
        assertEquals("\tsadb_seq=1 pid=4242 refcnt=0", lines.get(9));
        assertEquals("10.2.2.2 10.1.1.1 ", lines.get(10));
        assertEquals("\tseq=0x00000000 replay=0 flags=0x00000000 state=dead ", lines.get(13));
        assertEquals("\tsadb_seq=2 pid=4242 refcnt=0", lines.get(19));
    }

    private static String flagsOf(SecurityAssociation.Builder b) {
        String line = PRINTER.format(entry(b.build())).lines().filter(l -> l.startsWith("\tseq=")).findFirst()
                .orElseThrow();
        return line.substring(line.indexOf("flags="), line.indexOf(" state="));
    }
}
