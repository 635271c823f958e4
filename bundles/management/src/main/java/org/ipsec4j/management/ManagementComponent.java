package org.ipsec4j.management;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.io.PacketPort;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The gateway's MBeans on the platform MBean server ({@link GatewayMBeans}; names in {@link ObjectNames}): SAs from
 * the SAD, ports and counters from the engine's {@link GatewayStatus} while there is one.
 *
 * <p>SA MBeans follow the SAD events (this component is an EventHandler of {@code org/ipsec4j/sadb/*}); everything is
 * also compared with the SAD and the engine at start, every {@code sync.interval} seconds (PID {@value #PID},
 * default 5), and shortly after ports or the engine come or go. All registration work runs on one thread of its own;
 * event delivery only hands the event over.
 */
@Component(immediate = true, service = EventHandler.class, configurationPid = ManagementComponent.PID,
        property = EventConstants.EVENT_TOPIC + "=" + SadbEvents.SAD_TOPIC_PREFIX + "*")
@Designate(ocd = ManagementComponent.Config.class)
public final class ManagementComponent implements EventHandler {
    /** The configuration PID. */
    public static final String PID = "org.ipsec4j.management";

    /** The configuration of the MBeans. */
    @ObjectClassDefinition(name = "ipsec4j JMX", description = "MBeans of the gateway's SAs, ports and counters")
    public @interface Config {
        /** Seconds between two comparisons of the MBeans with the SAD and the engine. */
        @AttributeDefinition(description = "Seconds between two comparisons of the MBeans with the SAD and the"
                + " engine (SA MBeans also follow the SAD's events at once)")
        int sync_interval() default 5;
    }

    /** How long after a port or the engine came or went the MBeans are compared (the engine attaches first). */
    static final long SETTLE_MILLIS = 200;

    private static final System.Logger LOG = System.getLogger(ManagementComponent.class.getName());

    private final GatewayMBeans mbeans;
    private final ScheduledExecutorService worker;

    @Activate
    public ManagementComponent(Config config, @Reference SecurityAssociationDatabase sad) {
        this.mbeans = new GatewayMBeans(ManagementFactory.getPlatformMBeanServer(), sad);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ipsec4j-management");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.sync_interval());
        worker.scheduleWithFixedDelay(this::sync, 0, interval, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mbeans.close();
    }

    /** The engine's status: its port and counter MBeans exist while it does. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetStatus")
    void setStatus(GatewayStatus status) {
        mbeans.status(status);
        later(mbeans::syncEngine);
    }

    void unsetStatus(GatewayStatus status) {
        mbeans.status(null);
        later(mbeans::syncEngine);
    }

    /** A port came: its MBean is registered once the engine attached it. The port itself is never touched here. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removePort", updated = "updatedPort")
    void addPort(ServiceReference<PacketPort> port) {
        later(mbeans::syncEngine);
    }

    void updatedPort(ServiceReference<PacketPort> port) {
        later(mbeans::syncEngine);
    }

    void removePort(ServiceReference<PacketPort> port) {
        later(mbeans::syncEngine);
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        String topic = event.getTopic();
        submit(() -> mbeans.onSadEvent(topic, properties));
    }

    private void sync() {
        try {
            mbeans.sync();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "JMX: comparing the MBeans with the gateway failed: {0}", e.toString());
        }
    }

    private void later(Runnable task) {
        try {
            worker.schedule(() -> guarded(task), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "JMX: {0}", e.toString());
        }
    }
}
