package org.ipsec4j.io.pcap;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.api.crypto.AlgorithmProvider;

/**
 * The algorithm providers of the offline tool: those the provider bundles register as services in a running gateway,
 * taken from the bundles' own lists on the tool's flat class path. The JCE provider comes first.
 */
final class ToolAlgorithms {
    /** Provider bundles' lists, preferred first: class name and the static method that answers the offered algorithms. */
    private static final String[][] SOURCES = {
        {"org.ipsec4j.cipher.jce.JceAlgorithms", "available"},
    };

    private ToolAlgorithms() {
    }

    static List<AlgorithmProvider> providers() {
        List<AlgorithmProvider> out = new ArrayList<>();
        for (String[] source : SOURCES) {
            out.addAll(load(source[0], source[1]));
        }
        return out;
    }

    private static List<AlgorithmProvider> load(String className, String methodName) {
        try {
            Method m = Class.forName(className).getDeclaredMethod(methodName);
            m.setAccessible(true); // the lists are package-private: the bundles offer them as services only
            List<?> offered = (List<?>) m.invoke(null);
            List<AlgorithmProvider> out = new ArrayList<>();
            for (Object o : offered) {
                out.add((AlgorithmProvider) o);
            }
            return out;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot load the algorithms of " + className + ": " + e, e);
        }
    }
}
