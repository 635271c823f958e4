package org.ipsec4j.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.ReflectionException;
import org.ipsec4j.api.transform.Verdict;
import org.ipsec4j.engine.admin.GatewayStatus;
import org.ipsec4j.engine.admin.StatSection;

/**
 * The counters of one protocol ({@code org.ipsec4j:type=Statistics,protocol=ipsec}), as {@code ipsec:stat} (KAME's
 * {@code netstat -s}) shows them, one read-only {@code long} attribute per counter, read from the engine when asked.
 * An attribute's name is the counter's text in CamelCase, without punctuation: "inbound packets processed
 * successfully" is {@code InboundPacketsProcessedSuccessfully}, "inbound drops: replay" is {@code InboundDropsReplay},
 * "datagrams that can't be fragmented" {@code DatagramsThatCantBeFragmented}; the description of each attribute is
 * the text itself. For {@code ipsec}, every drop reason is an attribute in both directions, also while it is 0 (the
 * engine lists only the reasons that are not 0).
 */
final class StatisticsMBean implements DynamicMBean {
    private static final String DROPS = " drops: ";

    private final String protocol;
    private final Supplier<GatewayStatus> status;
    /** Every attribute this MBean ever showed, by name, with its counter's text. Guarded by this. */
    private final Map<String, String> known = new LinkedHashMap<>();

    StatisticsMBean(String protocol, Supplier<GatewayStatus> status) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.status = Objects.requireNonNull(status, "status");
        if (protocol.equals("ipsec")) {
            for (String direction : List.of("inbound", "outbound")) {
                for (Verdict v : Verdict.values()) {
                    if (v != Verdict.OK) remember(direction + DROPS + v.counterName());
                }
            }
        }
    }

    /** {@code text} as an attribute name: its words, letters and digits only, each with a capital. */
    static String attributeName(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean capital = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                continue; // can't -> Cant
            }
            if (Character.isLetterOrDigit(c)) {
                sb.append(capital ? Character.toUpperCase(c) : c);
                capital = false;
            } else {
                capital = true;
            }
        }
        return sb.toString();
    }

    private synchronized void remember(String text) {
        known.putIfAbsent(attributeName(text), text);
    }

    /** The counters now, by attribute name (also remembering new ones). */
    private Map<String, Long> read() {
        GatewayStatus s = status.get();
        if (s == null) {
            throw new IllegalStateException("the engine is not running");
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (StatSection section : s.statistics()) {
            if (section.protocol().equals(protocol)) {
                for (StatSection.Line line : section.lines()) {
                    remember(line.text());
                    values.put(attributeName(line.text()), line.value());
                }
            }
        }
        return values;
    }

    private synchronized boolean isKnown(String name) {
        return known.containsKey(name);
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        Map<String, Long> values = read();
        Long v = values.get(name);
        if (v != null) {
            return v;
        }
        if (isKnown(name)) {
            return 0L; // a drop reason the engine did not list: it is 0
        }
        throw new AttributeNotFoundException("no counter " + name + " in " + protocol);
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        AttributeList list = new AttributeList();
        Map<String, Long> values;
        try {
            values = read();
        } catch (RuntimeException e) {
            return list;
        }
        for (String name : names) {
            Long v = values.get(name);
            if (v == null && isKnown(name)) v = 0L;
            if (v != null) list.add(new Attribute(name, v));
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("counters are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) throws MBeanException,
            ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(action), "no operations: " + action);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        try {
            read();
        } catch (RuntimeException e) {
            // the engine is gone: describe what was seen
        }
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        synchronized (this) {
            known.forEach((name, text) -> attributes.add(new MBeanAttributeInfo(name, "long", text, true, false,
                    false)));
        }
        return new MBeanInfo(getClass().getName(), "The " + protocol + " counters of the gateway (ipsec:stat)",
                attributes.toArray(new MBeanAttributeInfo[0]), null, null, null);
    }
}
