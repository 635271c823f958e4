package org.ipsec4j.control.server;

import java.nio.file.attribute.UserPrincipal;
import jdk.net.UnixDomainPrincipal;

/** The control socket's admission rule: only the gateway's own user may connect. */
final class PeerCheck {
    private PeerCheck() {
    }

    /**
     * Why {@code peer} is refused, or null when it is admitted.
     *
     * @param peer the connecting process's credentials (from {@code SO_PEERCRED})
     * @param allowed the gateway's user
     */
    static String refusal(UnixDomainPrincipal peer, UserPrincipal allowed) {
        if (peer == null) {
            return "peer credentials unavailable";
        }
        if (!peer.user().equals(allowed)) {
            return "peer user " + peer.user().getName() + " is not the gateway's user " + allowed.getName();
        }
        return null;
    }
}
