package org.ipsec4j.sad;

import static org.ipsec4j.sad.Sas.bytes;
import static org.ipsec4j.sad.Sas.esp;
import static org.ipsec4j.sad.Sas.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.AlgorithmKey;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SadException;
import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.api.transform.Verdict;
import org.junit.jupiter.api.Test;

class SaTableTest {
    private final TestClock clock = new TestClock(1_700_000_000_000L);
    private final RecordingSink sink = new RecordingSink();
    private final SaTable table = new SaTable(clock, sink);

    @Test
    void addThenGetReturnsTheLiveEntry() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 0x1000).build();
        SaEntry e = table.add(sa);
        assertSame(sa, e.sa());
        assertEquals(SaState.MATURE, e.state());
        assertEquals(1, e.sadbSeq());
        assertEquals(clock.millis(), e.createdMillis());
        assertSame(e, table.get(sa.id()).orElseThrow());
        assertEquals(List.of(SadbEvents.TOPIC_ADD), sink.topics());
        var p = sink.last().properties();
        assertEquals("10.0.0.1", p.get(SadbEvents.SOURCE));
        assertEquals("10.0.0.2", p.get(SadbEvents.DESTINATION));
        assertEquals("esp", p.get(SadbEvents.PROTOCOL));
        assertEquals(0x1000L, p.get(SadbEvents.SPI));
        assertEquals("any", p.get(SadbEvents.MODE));
        assertEquals(0, p.get(SadbEvents.REQID));
        assertEquals(clock.millis(), p.get(SadbEvents.TIMESTAMP));
        assertEquals("10.0.0.1 10.0.0.2\n\tesp mode=any spi=4096(0x00001000) reqid=0(0x00000000)",
                p.get(SadbEvents.TEXT));
    }

    @Test
    void addOfAnExistingIdFails() {
        table.add(esp("10.0.0.1", "10.0.0.2", 0x1000).build());
        SadException e = assertThrows(SadException.class,
                () -> table.add(esp("10.9.9.9", "10.0.0.2", 0x1000).build()));
        assertEquals("SA already exists", e.getMessage());
        assertEquals(1, table.size());
    }

    @Test
    void espFlavoursShareProtocol50OnTheWire() {
        table.add(esp("10.0.0.1", "10.0.0.2", 0x1000).build());
        for (SaProtocol p : List.of(SaProtocol.ESP_OLD, SaProtocol.ESP_UDP)) {
            SadException e = assertThrows(SadException.class,
                    () -> table.add(Sas.of(p, "10.0.0.1", "10.0.0.2", 0x1000).build()));
            assertEquals("SA already exists", e.getMessage());
        }
        table.add(Sas.of(SaProtocol.AH, "10.0.0.1", "10.0.0.2", 0x1000).build());
        table.add(Sas.of(SaProtocol.ESP_OLD, "10.0.0.1", "10.0.0.3", 0x1000).build());
        assertThrows(SadException.class, () -> table.add(Sas.of(SaProtocol.AH_OLD, "10.0.0.1", "10.0.0.2", 0x1000)
                .build()));
        assertEquals(3, table.size());
    }

    @Test
    void missingEntriesSayNoEntry() {
        SaId id = new SaId(ip("10.0.0.2"), SaProtocol.ESP, 7);
        assertEquals("No entry.", assertThrows(SadException.class, () -> table.delete(id)).getMessage());
        assertEquals("No entry.", assertThrows(SadException.class, () -> table.require(id)).getMessage());
        assertEquals("No entry.", assertThrows(SadException.class,
                () -> table.update(esp("10.0.0.1", "10.0.0.2", 7).build())).getMessage());
        assertTrue(table.get(id).isEmpty());
        assertTrue(sink.events.isEmpty());
    }

    @Test
    void deleteKillsTheSaZeroesItsKeysAndPublishes() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 0x1000).build();
        SaEntry e = table.add(sa);
        assertSame(e, table.delete(sa.id()));
        assertEquals(SaState.DEAD, e.state());
        assertTrue(sa.encryption().orElseThrow().isDestroyed());
        assertTrue(sa.authentication().orElseThrow().isDestroyed());
        assertEquals(-1, e.nextSequence());
        assertNull(table.lookupInbound(bytes("10.0.0.2"), 0, 4, 50, 0x1000));
        assertEquals(List.of(SadbEvents.TOPIC_ADD, SadbEvents.TOPIC_DELETE), sink.topics());
        assertEquals(0x1000L, sink.last().properties().get(SadbEvents.SPI));
    }

    @Test
    void updateKeepsSequenceReplayAndCountersAndZeroesOnlyDroppedKeys() {
        AlgorithmKey keptAuth = new AlgorithmKey("hmac-sha256", Sas.filled(32, 0x33));
        SecurityAssociation first = esp("10.0.0.1", "10.0.0.2", 0x1000).authentication(keptAuth)
                .replayWindowBytes(8).build();
        SaEntry e = table.add(first);
        assertEquals(1, e.nextSequence());
        assertEquals(2, e.nextSequence());
        assertEquals(5, e.replayCheck(5));
        assertTrue(e.replayCommit(5));
        e.recordInput(100);
        e.recordDrop(Verdict.AUTH_FAILED);
        Object attachment = new Object();
        assertTrue(e.compareAndSetAttachment(null, attachment));

        SecurityAssociation second = first.toBuilder()
                .encryption(new AlgorithmKey("aes-cbc", Sas.filled(32, 0x44))).reqid(9).build();
        SaEntry u = table.update(second);
        assertSame(e, u);
        assertSame(second, u.sa());
        assertEquals(3, u.nextSequence());
        assertEquals(-1, u.replayCheck(5));
        assertEquals(1, u.counters().packets());
        assertEquals(100, u.counters().bytes());
        assertEquals(1, u.counters().drops(Verdict.AUTH_FAILED));
        assertEquals(1, u.sadbSeq());
        assertNull(u.attachment(), "transform state is bound again to the new keys");
        assertTrue(first.encryption().orElseThrow().isDestroyed(), "replaced key zeroed");
        assertFalse(keptAuth.isDestroyed(), "key reused by the update stays");
        assertEquals(List.of(SadbEvents.TOPIC_ADD, SadbEvents.TOPIC_UPDATE), sink.topics());
        assertEquals(9, sink.last().properties().get(SadbEvents.REQID));
    }

    @Test
    void updateCanMoveTheSourceAndTheOutboundLookupFollows() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 0x1000).build();
        table.add(sa);
        table.update(esp("10.0.0.9", "10.0.0.2", 0x1000).build());
        assertNull(out(SaProtocol.ESP, IpsecMode.TRANSPORT, "10.0.0.1", "10.0.0.2", 0));
        assertEquals(0x1000, out(SaProtocol.ESP, IpsecMode.TRANSPORT, "10.0.0.9", "10.0.0.2", 0).sa().spi());
    }

    @Test
    void deleteAllRemovesEveryMatchingSaOnly() {
        table.add(esp("10.0.0.1", "10.0.0.2", 1).build());
        table.add(esp("10.0.0.1", "10.0.0.2", 2).build());
        table.add(esp("10.0.0.2", "10.0.0.1", 3).build());
        table.add(Sas.of(SaProtocol.AH, "10.0.0.1", "10.0.0.2", 4).build());
        List<SaEntry> removed = table.deleteAll(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.ESP);
        assertEquals(List.of(1, 2), removed.stream().map(x -> x.sa().spi()).toList());
        assertEquals(List.of(3, 4), table.dump().stream().map(x -> x.sa().spi()).toList());
        assertEquals(2, sink.topics().stream().filter(SadbEvents.TOPIC_DELETE::equals).count());
        assertTrue(table.deleteAll(ip("10.0.0.1"), ip("10.0.0.2"), SaProtocol.ESP).isEmpty());
    }

    @Test
    void flushAndFlushByProtocol() {
        SecurityAssociation a = esp("10.0.0.1", "10.0.0.2", 1).build();
        table.add(a);
        table.add(Sas.of(SaProtocol.AH, "10.0.0.1", "10.0.0.2", 2).build());
        table.add(Sas.of(SaProtocol.IPCOMP, "10.0.0.1", "10.0.0.2", 3).build());
        assertEquals(1, table.flush(SaProtocol.AH).size());
        assertEquals(SadbEvents.TOPIC_FLUSH, sink.last().topic());
        assertEquals(1, sink.last().properties().get(SadbEvents.COUNT));
        assertEquals("ah", sink.last().properties().get(SadbEvents.PROTOCOL));
        assertEquals(List.of(1, 3), table.dump().stream().map(x -> x.sa().spi()).toList());
        assertEquals(2, table.flush().size());
        assertEquals(2, sink.last().properties().get(SadbEvents.COUNT));
        assertFalse(sink.last().properties().containsKey(SadbEvents.PROTOCOL));
        assertEquals(0, table.size());
        assertTrue(a.encryption().orElseThrow().isDestroyed());
    }

    @Test
    void dumpIsInInsertionOrderAndByProtocol() {
        table.add(esp("10.0.0.1", "10.0.0.2", 30).build());
        table.add(Sas.of(SaProtocol.AH, "10.0.0.1", "10.0.0.2", 10).build());
        table.add(esp("10.0.0.1", "10.0.0.2", 20).build());
        assertEquals(List.of(30, 10, 20), table.dump().stream().map(x -> x.sa().spi()).toList());
        assertEquals(List.of(1L, 2L, 3L), table.dump().stream().map(SaEntry::sadbSeq).toList());
        assertEquals(List.of(30, 20), table.dump(SaProtocol.ESP).stream().map(x -> x.sa().spi()).toList());
    }

    @Test
    void inboundLookupByDestinationProtocolAndSpi() {
        table.add(esp("10.0.0.1", "10.0.0.2", 0x1000).build());
        table.add(Sas.of(SaProtocol.AH, "10.0.0.1", "10.0.0.2", 0x1000).build());
        table.add(esp("2001:db8::1", "2001:db8::2", 0x1000).build());
        table.add(Sas.of(SaProtocol.IPCOMP, "10.0.0.1", "10.0.0.2", 0x4001).build());
        byte[] packet = new byte[40];
        System.arraycopy(bytes("10.0.0.2"), 0, packet, 16, 4);
        assertEquals(SaProtocol.ESP, table.lookupInbound(packet, 16, 4, 50, 0x1000).sa().protocol());
        assertEquals(SaProtocol.AH, table.lookupInbound(packet, 16, 4, 51, 0x1000).sa().protocol());
        assertEquals(SaProtocol.IPCOMP, table.lookupInbound(packet, 16, 4, 108, 0x4001).sa().protocol());
        assertNull(table.lookupInbound(packet, 16, 4, 50, 0x1001));
        assertNull(table.lookupInbound(packet, 12, 4, 50, 0x1000));
        byte[] v6 = new byte[40];
        System.arraycopy(bytes("2001:db8::2"), 0, v6, 24, 16);
        assertEquals("2001:db8:0:0:0:0:0:1", table.lookupInbound(v6, 24, 16, 50, 0x1000).sa().source()
                .getHostAddress());
        assertNull(table.lookupInbound(v6, 24, 4, 50, 0x1000));
    }

    @Test
    void outboundLookupHonoursModeReqidAndPrefersMatureThenNewest() {
        table.add(esp("10.0.0.1", "10.0.0.2", 1).mode(IpsecMode.TUNNEL).build());
        table.add(esp("10.0.0.1", "10.0.0.2", 2).mode(IpsecMode.TRANSPORT).reqid(7).build());
        table.add(esp("10.0.0.1", "10.0.0.2", 3).build()); // mode any
        table.add(esp("10.0.0.1", "10.0.0.2", 4).mode(IpsecMode.TUNNEL).build());
        assertEquals(4, out(SaProtocol.ESP, IpsecMode.TUNNEL, "10.0.0.1", "10.0.0.2", 0).sa().spi());
        assertEquals(3, out(SaProtocol.ESP, IpsecMode.TRANSPORT, "10.0.0.1", "10.0.0.2", 0).sa().spi());
        assertEquals(2, out(SaProtocol.ESP, IpsecMode.TRANSPORT, "10.0.0.1", "10.0.0.2", 7).sa().spi());
        assertNull(out(SaProtocol.ESP, IpsecMode.TUNNEL, "10.0.0.1", "10.0.0.2", 7));
        assertNull(out(SaProtocol.AH, IpsecMode.TUNNEL, "10.0.0.1", "10.0.0.2", 0));
        assertNull(out(SaProtocol.ESP, IpsecMode.TUNNEL, "10.0.0.2", "10.0.0.1", 0));
        // The newest tunnel SA turns dying: the older mature one is preferred.
        ((SaRecord) table.require(new SaId(ip("10.0.0.2"), SaProtocol.ESP, 4)))
                .changeState(SaState.MATURE, SaState.DYING);
        assertEquals(3, out(SaProtocol.ESP, IpsecMode.TUNNEL, "10.0.0.1", "10.0.0.2", 0).sa().spi());
        table.delete(new SaId(ip("10.0.0.2"), SaProtocol.ESP, 1));
        table.delete(new SaId(ip("10.0.0.2"), SaProtocol.ESP, 3));
        assertEquals(4, out(SaProtocol.ESP, IpsecMode.TUNNEL, "10.0.0.1", "10.0.0.2", 0).sa().spi(),
                "a dying SA still serves when no mature one exists");
    }

    @Test
    void countersRecordPacketsBytesDropsAndUse() {
        SaEntry e = table.add(esp("10.0.0.1", "10.0.0.2", 1).build());
        assertEquals(0, e.counters().firstUseMillis());
        e.recordOutput(1000);
        clock.advanceSeconds(5);
        e.recordOutput(500);
        e.recordDrop(Verdict.REPLAY);
        e.recordDrop(Verdict.REPLAY);
        e.recordDrop(Verdict.AUTH_FAILED);
        var c = e.counters();
        assertEquals(2, c.packets());
        assertEquals(1500, c.bytes());
        assertEquals(clock.millis() - 5000, c.firstUseMillis());
        assertEquals(clock.millis(), c.lastUseMillis());
        assertEquals(2, c.drops(Verdict.REPLAY));
        assertEquals(1, c.drops(Verdict.AUTH_FAILED));
        assertEquals(2, c.drops().size());
    }

    @Test
    void tooLargeReplayWindowIsRefused() {
        SadException e = assertThrows(SadException.class,
                () -> table.add(esp("10.0.0.1", "10.0.0.2", 1).replayWindowBytes(4097).build()));
        assertEquals("replay window too large: 4097 bytes (at most 4096)", e.getMessage());
        assertEquals(0, table.size());
        table.add(esp("10.0.0.1", "10.0.0.2", 1).replayWindowBytes(4096).build());
        assertEquals(32768, ((SaRecord) table.dump().get(0)).replayWindow().size());
    }

    @Test
    void closeZeroesKeysWithoutEvents() {
        SecurityAssociation sa = esp("10.0.0.1", "10.0.0.2", 1).build();
        SaEntry e = table.add(sa);
        sink.events.clear();
        table.close();
        assertEquals(SaState.DEAD, e.state());
        assertTrue(sa.encryption().orElseThrow().isDestroyed());
        assertTrue(sink.events.isEmpty());
        assertEquals(0, table.size());
    }

    private SaEntry out(SaProtocol p, IpsecMode mode, String src, String dst, int reqid) {
        byte[] s = bytes(src);
        byte[] d = bytes(dst);
        return table.lookupOutbound(p, mode, s, 0, d, 0, s.length, reqid);
    }
}
