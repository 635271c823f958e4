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
import org.ipsec4j.api.policy.PolicyAction;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.Selector;
import org.ipsec4j.api.policy.SpdException;
import org.junit.jupiter.api.Test;

class PolicyTableTest {
    private static final int ANY = Selector.ANY_PROTOCOL;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int ICMP = 1;
    private static final int ICMP6 = 58;

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
}
