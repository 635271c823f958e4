package org.ipsec4j.management;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.PortInfo;
import org.ipsec4j.engine.admin.StatSection;

/**
 * The gateway's MBeans on one {@link MBeanServer} (names: {@link ObjectNames}): one per SA of the SAD, one per port
 * of the engine, one per protocol of its counters. The MBeans hold no counters of their own: each attribute is read
 * from the SAD or the engine when a JMX client asks, so the data path pays nothing.
 *
 * <p>Which MBeans exist follows the gateway: SAs by SAD events ({@link #onSadEvent}: {@code ADD}/{@code UPDATE}
 * register, {@code DELETE} and a hard {@code EXPIRE} unregister, {@code FLUSH} compares with the SAD), and, for
 * whatever an event did not say, by {@link #sync()}, which compares everything with the SAD and the engine (the
 * component calls it at start, every few seconds, and when ports or the engine come and go).
 *
 * <p>Not thread-safe: one thread calls it (the component's).
 */
public final class GatewayMBeans implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GatewayMBeans.class.getName());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final MBeanServer server;
    private final SecurityAssociationDatabase sad;
    private volatile GatewayStatus status;
    private final Map<ObjectName, String> registered = new LinkedHashMap<>();
    private final Set<ObjectName> conflicts = new HashSet<>();

    /**
     * @param server where the MBeans are registered
     * @param sad    the SAD
     */
    public GatewayMBeans(MBeanServer server, SecurityAssociationDatabase sad) {
        this.server = Objects.requireNonNull(server, "server");
        this.sad = Objects.requireNonNull(sad, "sad");
    }

    /** The engine now, or null while there is none (its port and counter MBeans go until it comes back). */
    public void status(GatewayStatus status) {
        this.status = status;
    }

    /** The names registered now. */
    public Set<ObjectName> names() {
        return Set.copyOf(registered.keySet());
    }

    /** Registers and unregisters until the MBeans match the SAD's SAs, the engine's ports and its counters. */
    public void sync() {
        syncSas();
        syncEngine();
    }

    /** Makes the SA MBeans match the SAD. */
    public void syncSas() {
        Set<ObjectName> wanted = new HashSet<>();
        for (SaEntry e : sad.dump()) {
            if (e.state() == SaState.DEAD) {
                continue;
            }
            ObjectName name = ObjectNames.sa(e.id());
            wanted.add(name);
            register(name, e.id());
        }
        unregisterAll("SA", wanted);
    }

    /** Makes the port and counter MBeans match the engine (none without one). */
    public void syncEngine() {
        GatewayStatus s = status;
        Set<ObjectName> ports = new HashSet<>();
        Set<ObjectName> sections = new HashSet<>();
        if (s != null) {
            for (PortInfo p : s.ports()) {
                ObjectName name = ObjectNames.port(p.name());
                ports.add(name);
                if (!registered.containsKey(name)) {
                    register(name, "Port", new StandardMBean(new PortMBean(() -> status, p.name()), PortMXBean.class,
                            true));
                }
            }
            for (StatSection section : s.statistics()) {
                ObjectName name = ObjectNames.statistics(section.protocol());
                sections.add(name);
                if (!registered.containsKey(name)) {
                    register(name, "Statistics", new StatisticsMBean(section.protocol(), () -> status));
                }
            }
        }
        unregisterAll("Port", ports);
        unregisterAll("Statistics", sections);
    }

    /**
     * Follows one SAD event (topic and properties of {@link SadbEvents}): registers the SA's MBean on add and update
     * (when the SA is still there), unregisters it on delete and hard expire, and compares all with the SAD on flush.
     */
    public void onSadEvent(String topic, Map<String, Object> properties) {
        if (topic.equals(SadbEvents.TOPIC_FLUSH)) {
            syncSas();
            return;
        }
        Optional<SaId> id = saId(properties);
        if (id.isEmpty()) {
            return;
        }
        boolean gone = topic.equals(SadbEvents.TOPIC_DELETE)
                || (topic.equals(SadbEvents.TOPIC_EXPIRE) && "hard".equals(properties.get(SadbEvents.EXPIRE_KIND)));
        if (gone) {
            if (!live(id.get())) {
                unregister(ObjectNames.sa(id.get()));
            }
        } else if (topic.equals(SadbEvents.TOPIC_ADD) || topic.equals(SadbEvents.TOPIC_UPDATE)) {
            if (live(id.get())) {
                register(ObjectNames.sa(id.get()), id.get());
            }
        }
    }

    /** Whether the SAD holds the SA {@code id} and it is not dead. */
    private boolean live(SaId id) {
        return sad.get(id).filter(e -> e.state() != SaState.DEAD).isPresent();
    }

    /** Unregisters every MBean. */
    @Override
    public void close() {
        for (ObjectName name : List.copyOf(registered.keySet())) {
            unregister(name);
        }
    }

    private void register(ObjectName name, SaId id) {
        if (!registered.containsKey(name)) {
            register(name, "SA", new StandardMBean(new SaMBean(sad, id), SaMXBean.class, true));
        }
    }

    private void register(ObjectName name, String type, Object mbean) {
        try {
            server.registerMBean(mbean, name);
            registered.put(name, type);
            conflicts.remove(name);
        } catch (InstanceAlreadyExistsException e) {
            if (conflicts.add(name)) {
                LOG.log(Level.WARNING, "JMX: {0} is registered already by someone else; not replaced", name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "JMX: cannot register {0}: {1}", name, e.toString());
        }
    }

    private void unregisterAll(String type, Set<ObjectName> keep) {
        for (Map.Entry<ObjectName, String> e : List.copyOf(registered.entrySet())) {
            if (e.getValue().equals(type) && !keep.contains(e.getKey())) {
                unregister(e.getKey());
            }
        }
        conflicts.retainAll(keep);
    }

    private void unregister(ObjectName name) {
        if (registered.remove(name) == null) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // someone else removed it
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "JMX: cannot unregister {0}: {1}", name, e.toString());
        }
    }

    /** The SA an event is about, from its destination, protocol and SPI. */
    static Optional<SaId> saId(Map<String, Object> properties) {
        Object dst = properties.get(SadbEvents.DESTINATION);
        Object proto = properties.get(SadbEvents.PROTOCOL);
        Object spi = properties.get(SadbEvents.SPI);
        if (!(dst instanceof String d) || !(proto instanceof String p) || !(spi instanceof Number n)) {
            return Optional.empty();
        }
        long value = n.longValue();
        InetAddress address = literal(d);
        Optional<SaProtocol> protocol = SaProtocol.fromSetkeyName(p);
        if (address == null || protocol.isEmpty() || value < 0 || value > 0xffffffffL) {
            return Optional.empty();
        }
        return Optional.of(new SaId(address, protocol.get(), (int) value));
    }

    /** {@code text} as an address when it is an IPv4 or IPv6 literal; never a name lookup. */
    private static InetAddress literal(String text) {
        if (!(text.indexOf(':') >= 0 || IPV4.matcher(text).matches())) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
