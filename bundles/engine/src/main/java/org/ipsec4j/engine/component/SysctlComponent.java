package org.ipsec4j.engine.component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.SysctlTable;
import org.ipsec4j.engine.admin.Sysctl;
import org.ipsec4j.engine.admin.SysctlValue;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * KAME's sysctls backed by the ConfigAdmin configuration {@value #PID} (keys are the MIB names, e.g.
 * {@code net.inet.ip.forwarding = 1}); the engine reads its {@link EngineSettings}. {@link #set} applies a value at
 * once and records it in the configuration. Bad values in the configuration are logged and keep their defaults.
 */
@Component(configurationPid = SysctlComponent.PID, service = {Sysctl.class, SysctlComponent.class})
public final class SysctlComponent implements Sysctl {
    /** The configuration PID. */
    public static final String PID = "org.ipsec4j.sysctl";
    private static final Logger LOG = Logger.getLogger(SysctlComponent.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configAdmin;

    private final SysctlTable table;

    @Activate
    public SysctlComponent(Map<String, Object> config) {
        table = new SysctlTable(new EngineSettings(),
                (name, value) -> ConfigStore.update(configAdmin, PID, p -> p.put(name, String.valueOf(value))));
        apply(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        apply(config);
    }

    private void apply(Map<String, Object> config) {
        for (String problem : table.apply(config)) LOG.warning(PID + ": " + problem);
    }

    /** The settings the engine reads. */
    public EngineSettings settings() {
        return table.settings();
    }

    @Override
    public List<SysctlValue> list() {
        return table.list();
    }

    @Override
    public Optional<SysctlValue> get(String name) {
        return table.get(name);
    }

    @Override
    public SysctlValue set(String name, String value) {
        return table.set(name, value);
    }
}
