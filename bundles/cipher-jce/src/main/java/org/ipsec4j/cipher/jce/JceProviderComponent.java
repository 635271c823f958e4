package org.ipsec4j.cipher.jce;

import java.util.Map;
import org.ipsec4j.algorithms.support.ProviderRegistrations;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers one {@code AlgorithmProvider} service per algorithm of the JDK's JCE that this JDK has, and keeps their
 * rankings in line with the configuration {@value #PID} (see {@link Config}).
 */
@Component(service = {}, immediate = true, configurationPid = JceProviderComponent.PID)
@Designate(ocd = JceProviderComponent.Config.class)
public final class JceProviderComponent {
    static final String PID = "org.ipsec4j.cipher.jce";

    /** The configuration of the JCE algorithms. */
    @ObjectClassDefinition(id = PID, name = "ipsec4j JCE algorithms", description = "Algorithms on the JDK's JCE. A property "
            + "ranking.<algorithm> = <integer> (e.g. ranking.aes-gcm-16 = 300) sets the service.ranking of that "
            + "algorithm; for each algorithm the registry prefers the provider with the highest ranking. Defaults: 200 "
            + "for AES, HMAC, null and deflate, 100 for des-cbc, 3des-cbc and blowfish-cbc; chacha20-poly1305 200 from JDK 21 "
            + "on (ChaCha20 and Poly1305 intrinsics), 100 before.")
    public @interface Config {
        @AttributeDefinition(name = "Disabled algorithms", description = "setkey names of algorithms not to offer")
        String[] disabled() default {};
    }

    private final ProviderRegistrations registrations;

    @Activate
    public JceProviderComponent(BundleContext context, Map<String, Object> properties) {
        this.registrations = new ProviderRegistrations(context, JceAlgorithms.available());
        registrations.configure(PID, properties);
    }

    @Modified
    public void modified(Map<String, Object> properties) {
        registrations.configure(PID, properties);
    }

    @Deactivate
    public void deactivate() {
        registrations.unregisterAll();
    }
}
