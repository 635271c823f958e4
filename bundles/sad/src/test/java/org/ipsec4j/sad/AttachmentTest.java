package org.ipsec4j.sad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.ipsec4j.api.sa.SaEntry;
import org.junit.jupiter.api.Test;

/** The SAD closes the transform's attachment when it drops it, so that bound key material is zeroed. */
class AttachmentTest {
    static final class Closing implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void updateClosesTheAttachment() {
        try (SaTable sad = new SaTable()) {
            SaEntry e = sad.add(Sas.esp("192.0.2.1", "192.0.2.2", 0x1000).build());
            Closing a = new Closing();
            assertTrue(e.compareAndSetAttachment(null, a));
            sad.update(Sas.esp("192.0.2.1", "192.0.2.2", 0x1000).reqid(7).build());
            assertEquals(1, a.closed.get());
            assertNull(e.attachment());
        }
    }

    @Test
    void deleteClosesTheAttachment() {
        try (SaTable sad = new SaTable()) {
            SaEntry e = sad.add(Sas.esp("192.0.2.1", "192.0.2.2", 0x1001).build());
            Closing a = new Closing();
            assertTrue(e.compareAndSetAttachment(null, a));
            sad.delete(e.id());
            assertEquals(1, a.closed.get());
        }
    }

    @Test
    void flushClosesEveryAttachmentOnce() {
        try (SaTable sad = new SaTable()) {
            Closing a = new Closing();
            Closing b = new Closing();
            sad.add(Sas.esp("192.0.2.1", "192.0.2.2", 0x1002).build()).compareAndSetAttachment(null, a);
            sad.add(Sas.esp("192.0.2.2", "192.0.2.1", 0x1003).build()).compareAndSetAttachment(null, b);
            sad.flush();
            assertEquals(1, a.closed.get());
            assertEquals(1, b.closed.get());
        }
    }
}
