package org.ipsec4j.sad;

import java.util.HashMap;
import java.util.Map;
import org.ipsec4j.api.event.SadbEvents;
import org.ipsec4j.api.sa.SecurityAssociation;

/** Builds the properties of SAD events ({@link SadbEvents}); keys never appear. */
final class SaEventProperties {
    private SaEventProperties() {
    }

    /** The SA properties of {@code sa}, with {@link SadbEvents#TIMESTAMP} {@code now}. */
    static Map<String, Object> of(SecurityAssociation sa, long now) {
        Map<String, Object> p = new HashMap<>();
        p.put(SadbEvents.TIMESTAMP, now);
        p.put(SadbEvents.SOURCE, sa.source().getHostAddress());
        p.put(SadbEvents.DESTINATION, sa.destination().getHostAddress());
        p.put(SadbEvents.PROTOCOL, sa.protocol().setkeyName());
        p.put(SadbEvents.SPI, sa.id().spiUnsigned());
        p.put(SadbEvents.MODE, sa.mode().setkeyName());
        p.put(SadbEvents.REQID, sa.reqid());
        p.put(SadbEvents.TEXT, text(sa));
        return p;
    }

    /** An expire event's properties: the SA's, plus kind ({@code soft}/{@code hard}) and cause. */
    static Map<String, Object> expire(SecurityAssociation sa, long now, String kind, String cause) {
        Map<String, Object> p = of(sa, now);
        p.put(SadbEvents.EXPIRE_KIND, kind);
        p.put(SadbEvents.EXPIRE_CAUSE, cause);
        return p;
    }

    /**
     * The first two lines of the SA in {@code setkey -D} notation, which carry no key material, e.g.
     * {@code "10.0.0.1 10.0.0.2\n\tesp mode=transport spi=4096(0x00001000) reqid=0(0x00000000)"}.
     */
    static String text(SecurityAssociation sa) {
        String src = sa.source().getHostAddress() + (sa.sourcePort() != 0 ? "[" + sa.sourcePort() + "]" : "");
        String dst = sa.destination().getHostAddress()
                + (sa.destinationPort() != 0 ? "[" + sa.destinationPort() + "]" : "");
        long spi = sa.id().spiUnsigned();
        long reqid = Integer.toUnsignedLong(sa.reqid());
        return src + " " + dst + "\n\t" + sa.protocol().setkeyName() + " mode=" + sa.mode().setkeyName()
                + " spi=" + spi + String.format("(0x%08x)", spi) + " reqid=" + reqid + String.format("(0x%08x)", reqid);
    }
}
