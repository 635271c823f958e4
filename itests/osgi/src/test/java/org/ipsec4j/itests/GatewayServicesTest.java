package org.ipsec4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.api.sa.IpsecMode;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.api.transform.IpsecTransform;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The gateway's bundle set resolves, every bundle is active and every service is there. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayServicesTest {
    @Inject
    BundleContext context;

    @Inject
    SecurityAssociationDatabase sad;

    @Inject
    SecurityPolicyDatabase spd;

    @Inject
    SetkeyService setkey;

    @Inject
    AlgorithmRegistry algorithms;

    @Configuration
    public Option[] config() {
        return GatewayOptions.gateway();
    }

    @Test
    public void everyBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state=" + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void setkeyCommandIsRegisteredWithGogo() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                "(&(osgi.command.scope=ipsec)(osgi.command.function=setkey))");
        assertNotNull("ipsec:setkey is registered", refs);
        assertEquals(1, refs.length);
    }

    @Test
    public void espTransformIsRegistered() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(IpsecTransform.class.getName(),
                "(" + IpsecTransform.PROTOCOL + "=esp)");
        assertNotNull("the ESP transform is registered", refs);
    }

    @Test
    public void everyTransformIsRegistered() throws Exception {
        for (String protocol : new String[] {"esp", "esp-old", "ah", "ipcomp"}) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(IpsecTransform.class.getName(),
                    "(" + IpsecTransform.PROTOCOL + "=" + protocol + ")");
            assertNotNull("a transform for " + protocol + " is registered", refs);
        }
    }

    @Test
    public void engineCommandsAreRegisteredWithGogo() throws Exception {
        for (String command : new String[] {"sysctl", "route", "ports", "ping", "stat", "algorithms"}) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                    "(&(osgi.command.scope=ipsec)(osgi.command.function=" + command + "))");
            assertNotNull("ipsec:" + command + " is registered", refs);
        }
    }

    @Test
    public void algorithmsOfBothProvidersAreAvailable() {
        // aes-gcm-16 from either provider; camellia-cbc only from Bouncy Castle; hmac-sha256 from either
        assertTrue(algorithms.find(AlgorithmKind.AEAD, "aes-gcm-16").isPresent());
        assertTrue(algorithms.find(AlgorithmKind.ENCRYPTION, "camellia-cbc").isPresent());
        assertTrue(algorithms.find(AlgorithmKind.INTEGRITY, "hmac-sha2-256").isPresent());
        assertEquals("bc", algorithms.find(AlgorithmKind.ENCRYPTION, "camellia-cbc").get().providerName());
    }

    @Test
    public void setkeyConfWasAppliedAtStart() throws Exception {
        SaEntry sa = sad.get(new SaId(InetAddress.getByName("198.51.100.2"), SaProtocol.ESP, 4242))
                .orElseThrow(() -> new AssertionError("conf/setkey.conf was not applied"));
        assertEquals(IpsecMode.TUNNEL, sa.sa().mode());
        assertEquals("aes-cbc", sa.sa().encryption().get().name());
    }
}
