package org.ipsec4j.spd;

import static org.ipsec4j.spd.Policies.flow;
import static org.ipsec4j.spd.Policies.icmp;
import static org.ipsec4j.spd.Policies.policy;
import static org.ipsec4j.spd.Policies.sel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.IpsecRequest;
import org.ipsec4j.api.policy.Level;
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.policy.SpdException;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaProtocol;
import org.junit.jupiter.api.Test;

class PolicyTableTest {
    private static final int ANY = Selector.ANY_PROTOCOL;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int ICMP6 = 58;
    private static final int ANY_PORT = Selector.ANY_PORT;

    private final RecordingSink sink = new RecordingSink();
    private final PolicyTable spd = new PolicyTable(java.time.Clock.systemUTC(), sink);

    @Test
    void addGetDeleteWithSpidsFromOne() {
        Selector s = sel("10.1.0.0/16", "10.2.0.0/16", ANY);
        PolicyEntry a = spd.add(policy(s, Direction.OUT, PolicyAction.IPSEC));
        PolicyEntry b = spd.add(policy(s, Direction.IN, PolicyAction.IPSEC));
        assertEquals(1, a.id());
        assertEquals(2, b.id());
        assertSame(a, spd.get(s, Direction.OUT).orElseThrow());
        assertSame(b, spd.delete(s, Direction.IN));
        assertTrue(spd.get(s, Direction.IN).isEmpty());
        PolicyEntry c = spd.add(policy(s, Direction.IN, PolicyAction.NONE));
        assertEquals(3, c.id(), "spids are never reused");
        assertEquals(List.of(SadbEvents.TOPIC_SPD_ADD, SadbEvents.TOPIC_SPD_ADD, SadbEvents.TOPIC_SPD_DELETE,
                SadbEvents.TOPIC_SPD_ADD), sink.topics());
        var p = sink.last().properties();
        assertEquals(3L, p.get(SadbEvents.POLICY_ID));
        assertEquals("in", p.get(SadbEvents.DIRECTION));
        assertEquals("10.1.0.0/16[any] 10.2.0.0/16[any] any\n\tin none", p.get(SadbEvents.TEXT));
    }

    @Test
    void duplicatesAndMissingPoliciesFail() {
        Selector s = sel("10.1.0.0/16", "10.2.0.0/16", ANY);
        spd.add(policy(s, Direction.OUT, PolicyAction.IPSEC));
        SpdException dup = assertThrows(SpdException.class, () -> spd.add(policy(s, Direction.OUT, PolicyAction.NONE)));
        assertEquals("policy already exists", dup.getMessage());
        // Host bits do not make another selector.
        assertThrows(SpdException.class,
                () -> spd.add(policy(sel("10.1.7.7/16", "10.2.0.0/16", ANY), Direction.OUT, PolicyAction.NONE)));
        Selector other = sel("10.1.0.0/16", "10.2.0.0/16", TCP);
        assertEquals("No entry.",
                assertThrows(SpdException.class, () -> spd.delete(other, Direction.OUT)).getMessage());
        assertEquals("No entry.", assertThrows(SpdException.class,
                () -> spd.update(policy(s, Direction.IN, PolicyAction.NONE))).getMessage());
        assertEquals(1, spd.size());
    }

    @Test
    void lookupOrderIsPriorityThenInsertion() {
        SecurityPolicy wide = policy(sel("10.0.0.0/8", "10.0.0.0/8", ANY), Direction.OUT, PolicyAction.NONE);
        SecurityPolicy narrow = policy(sel("10.1.0.0/16", "10.2.0.0/16", ANY), Direction.OUT, PolicyAction.IPSEC);
        SecurityPolicy high = policy(sel("10.1.1.0/24", "10.2.0.0/16", ANY), Direction.OUT,
                SecurityPolicy.PRIORITY_HIGH, PolicyAction.DISCARD);
        spd.add(wide);
        spd.add(narrow);
        spd.add(high);
        assertSame(wide, spd.lookup(Direction.OUT, flow("10.1.5.5", "10.2.0.1", TCP, 1, 2)).policy(),
                "first added wins among equal priorities, even if less specific");
        assertSame(high, spd.lookup(Direction.OUT, flow("10.1.1.5", "10.2.0.1", TCP, 1, 2)).policy());
        assertNull(spd.lookup(Direction.IN, flow("10.1.1.5", "10.2.0.1", TCP, 1, 2)));
        assertNull(spd.lookup(Direction.OUT, flow("11.1.1.5", "10.2.0.1", TCP, 1, 2)));
        assertEquals(List.of(3L, 1L, 2L), spd.dump().stream().map(PolicyEntry::id).toList());
    }

    @Test
    void ipv4AndIpv6PrefixesMatchTheirOwnFamilyOnly() {
        SecurityPolicy v4 = policy(sel("192.0.2.0/25", "0.0.0.0/0", ANY), Direction.OUT, PolicyAction.DISCARD);
        SecurityPolicy v6 = policy(sel("2001:db8:1::/48", "2001:db8:2::/47", ANY), Direction.OUT,
                PolicyAction.NONE);
        SecurityPolicy odd = policy(sel("2001:db8::/29", "::/0", ANY), Direction.OUT, PolicyAction.BYPASS);
        spd.add(v4);
        spd.add(v6);
        spd.add(odd);
        assertSame(v4, spd.lookup(Direction.OUT, flow("192.0.2.127", "203.0.113.9", UDP, 1, 2)).policy());
        assertNull(spd.lookup(Direction.OUT, flow("192.0.2.128", "203.0.113.9", UDP, 1, 2)));
        assertSame(v6, spd.lookup(Direction.OUT, flow("2001:db8:1:ffff::1", "2001:db8:3::1", UDP, 1, 2)).policy());
        // 2001:db8:4:: is outside 2001:db8:2::/47, but inside 2001:db8::/29.
        assertSame(odd, spd.lookup(Direction.OUT, flow("2001:db8:1::1", "2001:db8:4::1", UDP, 1, 2)).policy());
        assertSame(odd, spd.lookup(Direction.OUT, flow("2001:dbf::1", "::1", UDP, 1, 2)).policy());
        assertNull(spd.lookup(Direction.OUT, flow("2001:dc0::1", "::1", UDP, 1, 2)), "/29 ends at 2001:dbf");
    }

    @Test
    void portsAndUpperLayerProtocol() {
        SecurityPolicy ssh = policy(sel("10.0.0.0/8", ANY_PORT, "10.0.0.0/8", 22, TCP), Direction.IN,
                PolicyAction.IPSEC);
        SecurityPolicy dns = policy(sel("10.0.0.0/8", 53, "10.0.0.0/8", ANY_PORT, UDP), Direction.IN,
                PolicyAction.NONE);
        SecurityPolicy rest = policy(sel("10.0.0.0/8", "10.0.0.0/8", ANY), Direction.IN, PolicyAction.DISCARD);
        spd.add(ssh);
        spd.add(dns);
        spd.add(rest);
        assertSame(ssh, spd.lookup(Direction.IN, flow("10.1.1.1", "10.2.2.2", TCP, 40000, 22)).policy());
        assertSame(rest, spd.lookup(Direction.IN, flow("10.1.1.1", "10.2.2.2", TCP, 22, 40000)).policy());
        assertSame(rest, spd.lookup(Direction.IN, flow("10.1.1.1", "10.2.2.2", UDP, 40000, 22)).policy());
        assertSame(dns, spd.lookup(Direction.IN, flow("10.1.1.1", "10.2.2.2", UDP, 53, 1234)).policy());
        assertSame(rest, spd.lookup(Direction.IN, flow("10.1.1.1", "10.2.2.2", TCP, 53, 1234)).policy());
    }

    @Test
    void icmpTypeAndCode() {
        SecurityPolicy echo = policy(new Selector(Policies.prefix("0.0.0.0/0"), ANY_PORT,
                Policies.prefix("0.0.0.0/0"), ANY_PORT, ICMP, 8, Selector.ANY_ICMP), Direction.OUT,
                PolicyAction.NONE);
        SecurityPolicy unreachPort = policy(new Selector(Policies.prefix("0.0.0.0/0"), ANY_PORT,
                Policies.prefix("0.0.0.0/0"), ANY_PORT, ICMP, 3, 3), Direction.OUT, PolicyAction.BYPASS);
        SecurityPolicy ns = policy(new Selector(Policies.prefix("::/0"), ANY_PORT, Policies.prefix("::/0"), ANY_PORT,
                ICMP6, 135, 0), Direction.OUT, PolicyAction.NONE);
        SecurityPolicy all = policy(sel("0.0.0.0/0", "0.0.0.0/0", ANY), Direction.OUT, PolicyAction.IPSEC);
        spd.add(echo);
        spd.add(unreachPort);
        spd.add(ns);
        spd.add(all);
        assertSame(echo, spd.lookup(Direction.OUT, icmp("192.0.2.1", "192.0.2.2", ICMP, 8, 0)).policy());
        assertSame(all, spd.lookup(Direction.OUT, icmp("192.0.2.1", "192.0.2.2", ICMP, 0, 0)).policy());
        assertSame(unreachPort, spd.lookup(Direction.OUT, icmp("192.0.2.1", "192.0.2.2", ICMP, 3, 3)).policy());
        assertSame(all, spd.lookup(Direction.OUT, icmp("192.0.2.1", "192.0.2.2", ICMP, 3, 1)).policy());
        assertSame(ns, spd.lookup(Direction.OUT, icmp("fe80::1", "ff02::1:ff00:1", ICMP6, 135, 0)).policy());
        assertNull(spd.lookup(Direction.OUT, icmp("fe80::1", "ff02::1:ff00:1", ICMP6, 136, 0)));
        assertSame(all, spd.lookup(Direction.OUT, flow("192.0.2.1", "192.0.2.2", TCP, 8, 0)).policy(),
                "a TCP flow with port 8 is not ICMP type 8");
    }

    @Test
    void entrustPoliciesAreSkippedByLookupButListed() {
        SecurityPolicy entrust = policy(sel("10.0.0.0/8", "10.0.0.0/8", ANY), Direction.OUT,
                SecurityPolicy.PRIORITY_HIGH, PolicyAction.ENTRUST);
        SecurityPolicy ipsec = policy(sel("10.1.0.0/16", "10.0.0.0/8", ANY), Direction.OUT, PolicyAction.IPSEC);
        spd.add(entrust);
        spd.add(ipsec);
        assertSame(ipsec, spd.lookup(Direction.OUT, flow("10.1.0.1", "10.2.0.1", TCP, 1, 2)).policy());
        assertNull(spd.lookup(Direction.OUT, flow("10.3.0.1", "10.2.0.1", TCP, 1, 2)));
        assertEquals(List.of(PolicyAction.ENTRUST, PolicyAction.IPSEC),
                spd.dump().stream().map(e -> e.policy().action()).toList());
    }

    @Test
    void dumpListsInOutFwdEachInLookupOrder() {
        Selector a = sel("10.1.0.0/16", "10.2.0.0/16", ANY);
        Selector b = sel("10.3.0.0/16", "10.4.0.0/16", ANY);
        spd.add(policy(a, Direction.FWD, PolicyAction.NONE)); // 1
        spd.add(policy(a, Direction.OUT, PolicyAction.NONE)); // 2
        spd.add(policy(b, Direction.IN, PolicyAction.NONE)); // 3
        spd.add(policy(a, Direction.IN, SecurityPolicy.PRIORITY_HIGH, PolicyAction.NONE)); // 4
        spd.add(policy(b, Direction.OUT, SecurityPolicy.PRIORITY_LOW, PolicyAction.NONE)); // 5
        spd.add(policy(b, Direction.FWD, 0, PolicyAction.NONE)); // 6
        assertEquals(List.of(4L, 3L, 2L, 5L, 6L, 1L), spd.dump().stream().map(PolicyEntry::id).toList());
        assertEquals(List.of(6L, 1L), spd.dump(Direction.FWD).stream().map(PolicyEntry::id).toList());
    }

    @Test
    void updateKeepsSpidPlaceAndCountersAndMovesOnPriorityChange() {
        Selector a = sel("10.1.0.0/16", "10.0.0.0/8", ANY);
        Selector b = sel("10.0.0.0/8", "10.0.0.0/8", ANY);
        PolicyEntry first = spd.add(policy(a, Direction.OUT, PolicyAction.DISCARD));
        spd.add(policy(b, Direction.OUT, PolicyAction.NONE));
        first.recordMatch();
        first.recordMatch();
        PolicyEntry updated = spd.update(policy(a, Direction.OUT, PolicyAction.IPSEC));
        assertEquals(first.id(), updated.id());
        assertEquals(first.createdMillis(), updated.createdMillis());
        assertEquals(2, updated.matches(), "counters survive the update");
        assertEquals(PolicyAction.IPSEC,
                spd.lookup(Direction.OUT, flow("10.1.0.1", "10.2.0.1", TCP, 1, 2)).policy().action());
        assertEquals(List.of(1L, 2L), spd.dump().stream().map(PolicyEntry::id).toList());
        spd.update(policy(a, Direction.OUT, SecurityPolicy.PRIORITY_LOW, PolicyAction.IPSEC));
        assertEquals(List.of(2L, 1L), spd.dump().stream().map(PolicyEntry::id).toList());
        assertEquals(PolicyAction.NONE,
                spd.lookup(Direction.OUT, flow("10.1.0.1", "10.2.0.1", TCP, 1, 2)).policy().action());
        spd.update(policy(a, Direction.OUT, PolicyAction.IPSEC));
        assertEquals(List.of(1L, 2L), spd.dump().stream().map(PolicyEntry::id).toList(),
                "back at the default priority it takes its original place again");
        assertEquals(SadbEvents.TOPIC_SPD_UPDATE, sink.last().topic());
        assertEquals(1L, sink.last().properties().get(SadbEvents.POLICY_ID));
    }

    @Test
    void recordMatchCountsAndStampsTime() {
        PolicyEntry e = spd.add(policy(sel("10.0.0.0/8", "10.0.0.0/8", ANY), Direction.OUT, PolicyAction.NONE));
        assertEquals(0, e.matches());
        assertEquals(0, e.lastUsedMillis());
        long before = System.currentTimeMillis();
        e.recordMatch();
        e.recordMatch();
        assertEquals(2, e.matches());
        assertTrue(e.lastUsedMillis() >= before);
    }

    @Test
    void flushRemovesEverythingAndCounts() {
        spd.add(policy(sel("10.1.0.0/16", "10.2.0.0/16", ANY), Direction.OUT, PolicyAction.NONE));
        spd.add(policy(sel("10.1.0.0/16", "10.2.0.0/16", ANY), Direction.IN, PolicyAction.NONE));
        assertEquals(2, spd.flush().size());
        assertEquals(0, spd.size());
        assertTrue(spd.dump().isEmpty());
        assertNull(spd.lookup(Direction.OUT, flow("10.1.0.1", "10.2.0.1", TCP, 1, 2)));
        assertEquals(SadbEvents.TOPIC_SPD_FLUSH, sink.last().topic());
        assertEquals(2, sink.last().properties().get(SadbEvents.COUNT));
        assertEquals(3, spd.add(policy(sel("10.1.0.0/16", "10.2.0.0/16", ANY), Direction.OUT, PolicyAction.NONE))
                .id(), "spids keep counting after a flush");
    }

    @Test
    void eventTextShowsSelectorDirectionPriorityAndRules() {
        spd.add(new SecurityPolicy(sel("10.1.0.0/16", 1234, "10.2.0.0/16", 80, TCP), Direction.OUT, 100,
                PolicyAction.IPSEC, List.of(new IpsecRequest(SaProtocol.ESP, IpsecMode.TUNNEL, Policies.ip("192.0.2.1"),
                        0, Policies.ip("192.0.2.2"), 0, Level.UNIQUE, 7))));
        assertEquals("10.1.0.0/16[1234] 10.2.0.0/16[80] tcp\n\tout prio 100 ipsec"
                + "\n\tesp/tunnel/192.0.2.1-192.0.2.2/unique:7", sink.last().properties().get(SadbEvents.TEXT));
    }
}
