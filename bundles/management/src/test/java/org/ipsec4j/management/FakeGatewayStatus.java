package org.ipsec4j.management;

import java.util.List;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.engine.admin.StatSection;

/** A gateway status a test changes at will; counts how often it was asked. */
final class FakeGatewayStatus implements GatewayStatus {
    volatile List<PortInfo> ports = List.of();
    volatile List<StatSection> statistics = List.of();
    volatile int statisticsReads;

    @Override
    public List<PortInfo> ports() {
        return ports;
    }

    @Override
    public List<StatSection> statistics() {
        statisticsReads++;
        return statistics;
    }
}
