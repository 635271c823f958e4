package org.ipsec4j.demo.netns;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a topology made, closed in reverse order; every close is tried, the first failure is thrown. */
public final class Resources implements AutoCloseable {
    private final Deque<AutoCloseable> made = new ArrayDeque<>();

    public <T extends AutoCloseable> T add(T resource) {
        made.push(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        while (!made.isEmpty()) {
            try {
                made.pop().close();
            } catch (Exception e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
