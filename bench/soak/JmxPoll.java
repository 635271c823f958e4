import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads an ipsec4j gateway's MBeans over the JDK's JMX remote agent on the loopback of the gateway's network
 * namespace, for the soak run ({@code bench/soak.sh}), as one JSON object per line:
 *
 * <pre>
 *   java -cp DIR JmxPoll PORT                  one snapshot to standard output
 *   java -cp DIR JmxPoll PORT SECONDS FILE     a snapshot every SECONDS, appended to FILE, until killed
 * </pre>
 *
 * A snapshot holds {@code t} (epoch milliseconds), {@code stat} (every {@code org.ipsec4j:type=Statistics} MBean:
 * protocol to attribute to value), {@code ports} (every {@code type=Port} MBean by name), {@code sas} (every
 * {@code type=SA} MBean, as a list) and {@code jvm} (heap used, threads, open file descriptors, loaded classes, from
 * the platform MBeans). An MBean that goes away while it is read is left out of that snapshot.
 */
public final class JmxPoll {
    private JmxPoll() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: JmxPoll PORT [SECONDS FILE]");
            System.exit(2);
        }
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + args[0] + "/jmxrmi");
        JMXConnector connector = connect(url);
        MBeanServerConnection c = connector.getMBeanServerConnection();
        if (args.length == 1) {
            System.out.println(snapshot(c));
            connector.close();
            return;
        }
        long interval = (long) (Double.parseDouble(args[1]) * 1000);
        try (Writer w = new FileWriter(args[2], true); PrintWriter out = new PrintWriter(w)) {
            while (true) {
                long started = System.currentTimeMillis();
                try {
                    out.println(snapshot(c));
                } catch (IOException e) {
                    out.println("{\"t\":" + started + ",\"error\":" + quote(e.toString()) + "}");
                    out.flush();
                    return; // the gateway is gone
                }
                out.flush();
                Thread.sleep(Math.max(10, interval - (System.currentTimeMillis() - started)));
            }
        }
    }

    private static JMXConnector connect(JMXServiceURL url) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                return JMXConnectorFactory.connect(url);
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) throw e;
                Thread.sleep(500);
            }
        }
    }

    static String snapshot(MBeanServerConnection c) throws IOException {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("{\"t\":").append(System.currentTimeMillis());
        Map<String, Map<String, Object>> stat = new TreeMap<>();
        for (ObjectName n : names(c, "org.ipsec4j:type=Statistics,*")) {
            Map<String, Object> a = attributes(c, n);
            if (a != null) stat.put(n.getKeyProperty("protocol"), a);
        }
        sb.append(",\"stat\":");
        json(sb, stat);
        Map<String, Map<String, Object>> ports = new TreeMap<>();
        for (ObjectName n : names(c, "org.ipsec4j:type=Port,*")) {
            Map<String, Object> a = attributes(c, n);
            if (a != null) ports.put(ObjectName.unquote(quoted(n.getKeyProperty("name"))), a);
        }
        sb.append(",\"ports\":");
        json(sb, ports);
        sb.append(",\"sas\":[");
        boolean first = true;
        for (ObjectName n : names(c, "org.ipsec4j:type=SA,*")) {
            Map<String, Object> a = attributes(c, n);
            if (a == null) continue;
            if (!first) sb.append(',');
            first = false;
            json(sb, a);
        }
        sb.append("],\"jvm\":{");
        sb.append("\"heapUsed\":").append(number(c, "java.lang:type=Memory", "HeapMemoryUsage", "used"));
        sb.append(",\"threads\":").append(number(c, "java.lang:type=Threading", "ThreadCount", null));
        sb.append(",\"openFds\":").append(number(c, "java.lang:type=OperatingSystem", "OpenFileDescriptorCount",
                null));
        sb.append(",\"loadedClasses\":").append(number(c, "java.lang:type=ClassLoading", "LoadedClassCount", null));
        sb.append(",\"unloadedClasses\":").append(number(c, "java.lang:type=ClassLoading", "UnloadedClassCount",
                null));
        sb.append("}}");
        return sb.toString();
    }

    private static String quoted(String value) {
        return value.startsWith("\"") ? value : ObjectName.quote(value);
    }

    private static Set<ObjectName> names(MBeanServerConnection c, String pattern) throws IOException {
        try {
            return new TreeSet<>(c.queryNames(new ObjectName(pattern), null));
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Every readable attribute of {@code n}, or null when the MBean went away. */
    private static Map<String, Object> attributes(MBeanServerConnection c, ObjectName n) throws IOException {
        try {
            MBeanAttributeInfo[] infos = c.getMBeanInfo(n).getAttributes();
            String[] names = new String[infos.length];
            for (int i = 0; i < infos.length; i++) names[i] = infos[i].getName();
            Map<String, Object> out = new TreeMap<>();
            for (Object o : c.getAttributes(n, names)) {
                javax.management.Attribute a = (javax.management.Attribute) o;
                out.put(a.getName(), a.getValue());
            }
            return out;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            return null; // gone between the query and the read
        }
    }

    private static Object number(MBeanServerConnection c, String name, String attribute, String item)
            throws IOException {
        try {
            Object v = c.getAttribute(new ObjectName(name), attribute);
            if (item != null) v = ((CompositeData) v).get(item);
            return v;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            return null;
        }
    }

    static void json(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof TabularData t) {
            // an MXBean Map<K, V>: rows of (key, value); before Map, which TabularDataSupport also is
            Map<String, Object> m = new TreeMap<>();
            for (Object row : t.values()) {
                CompositeData d = (CompositeData) row;
                m.put(String.valueOf(d.get("key")), d.get("value"));
            }
            json(sb, m);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(quote(String.valueOf(e.getKey()))).append(':');
                json(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof CompositeData d) {
            Map<String, Object> m = new TreeMap<>();
            for (String k : d.getCompositeType().keySet()) m.put(k, d.get(k));
            json(sb, m);
        } else if (v.getClass().isArray()) {
            sb.append('[');
            for (int i = 0; i < Array.getLength(v); i++) {
                if (i > 0) sb.append(',');
                json(sb, Array.get(v, i));
            }
            sb.append(']');
        } else if (v instanceof Collection<?> col) {
            json(sb, col.toArray());
        } else {
            sb.append(quote(v.toString()));
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }
}
