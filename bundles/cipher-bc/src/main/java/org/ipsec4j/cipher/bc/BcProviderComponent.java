package org.ipsec4j.cipher.bc;

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
 * Registers one {@code AlgorithmProvider} service per algorithm on Bouncy Castle's lightweight API (never through the
 * JCA provider name "BC", which a host container may have registered with its own copy), and keeps their rankings in
 * line with the configuration {@value #PID} (see {@link Config}).
 */
@Component(service = {}, immediate = true, configurationPid = BcProviderComponent.PID)
@Designate(ocd = BcProviderComponent.Config.class)
public final class BcProviderComponent {
    static final String PID = "org.ipsec4j.cipher.bc";

    /** The configuration of the Bouncy Castle algorithms. */
    @ObjectClassDefinition(id = PID, name = "ipsec4j Bouncy Castle algorithms", description = "Algorithms on Bouncy "
            + "Castle's lightweight API. A property ranking.<algorithm> = <integer> (e.g. ranking.aes-gcm-16 = 300) sets "
            + "the service.ranking of that algorithm; for each algorithm the registry prefers the provider with the "
            + "highest ranking. Defaults: 200 for des-cbc, 3des-cbc and blowfish-cbc, 150 for chacha20-poly1305, 100 for "
            + "the others.")
    public @interface Config {
        @AttributeDefinition(name = "Disabled algorithms", description = "setkey names of algorithms not to offer")
        String[] disabled() default {};
    }

    private final ProviderRegistrations registrations;

    @Activate
    public BcProviderComponent(BundleContext context, Map<String, Object> properties) {
        this.registrations = new ProviderRegistrations(context, BcAlgorithms.all());
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
