package org.ipsec4j.api.transform;

import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaProtocol;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One IPsec protocol's packet processing (ESP, AH, IPComp), registered as a service with the property
 * {@link #PROTOCOL} set to its SA protocol's setkey name. The engine knows nothing of its insides. Implementations
 * never throw for bad packets: they return a {@link Verdict}, and count it on the SA (a drop with
 * {@link SaEntry#recordDrop}, a success with {@link SaEntry#recordOutput}/{@link SaEntry#recordInput}). On a drop the
 * contents of {@code pkt} are unspecified: the caller discards it.
 */
@ConsumerType
public interface IpsecTransform {
    /** Service property: the setkey name of the SA protocol handled, e.g. {@code esp}. */
    String PROTOCOL = "ipsec4j.protocol";

    SaProtocol protocol();

    /**
     * Protects the IP packet in {@code pkt} in place under {@code sa}. Transport mode inserts the header after the IP
     * header (and the IPv6 extension headers that precede it); tunnel mode wraps the whole packet in a new outer IP
     * header from the SA's source to its destination. On {@link Verdict#OK} {@code pkt} holds the protected IP packet.
     */
    Verdict output(PacketBuffer pkt, SaEntry sa);

    /**
     * {@link #output(PacketBuffer, SaEntry)} in the mode of the policy rule being applied: for an SA of mode
     * {@link IpsecMode#ANY} (setkey's default), which serves both transport and tunnel rules, {@code mode} decides;
     * for an SA of a definite mode, a different {@code mode} is refused with {@link Verdict#BAD_STATE}. The default
     * implementation ignores {@code mode}, for transforms without modes (IPComp).
     */
    default Verdict output(PacketBuffer pkt, SaEntry sa, IpsecMode mode) {
        return output(pkt, sa);
    }

    /**
     * Verifies and removes this protocol's header from the IP packet in {@code pkt}, which arrived for {@code sa}. On
     * {@link Verdict#OK} {@code pkt} holds the inner IP packet (tunnel mode) or the packet without the header
     * (transport mode, with the IP header's protocol and length fixed).
     */
    Verdict input(PacketBuffer pkt, SaEntry sa);
}
