package org.ipsec4j.spd;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipsec4j.api.policy.Direction;
import org.ipsec4j.api.policy.FlowKey;
import org.ipsec4j.api.policy.PolicyEntry;
import org.ipsec4j.api.policy.SecurityPolicy;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.policy.Selector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The {@link SecurityPolicyDatabase} service: a {@link PolicyTable} on the system clock whose events go to EventAdmin
 * ({@code postEvent}, when one is present).
 */
@Component(service = SecurityPolicyDatabase.class)
public final class SpdComponent implements SecurityPolicyDatabase {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final PolicyTable table;

    @Activate
    public SpdComponent() {
        this.table = new PolicyTable(Clock.systemUTC(), this::post);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(topic, properties));
        }
    }

    @Override
    public PolicyEntry add(SecurityPolicy policy) {
        return table.add(policy);
    }

    @Override
    public PolicyEntry update(SecurityPolicy policy) {
        return table.update(policy);
    }

    @Override
    public PolicyEntry delete(Selector selector, Direction direction) {
        return table.delete(selector, direction);
    }

    @Override
    public Optional<PolicyEntry> get(Selector selector, Direction direction) {
        return table.get(selector, direction);
    }

    @Override
    public List<PolicyEntry> flush() {
        return table.flush();
    }

    @Override
    public List<PolicyEntry> dump() {
        return table.dump();
    }

    @Override
    public PolicyEntry lookup(Direction direction, FlowKey flow) {
        return table.lookup(direction, flow);
    }
}
