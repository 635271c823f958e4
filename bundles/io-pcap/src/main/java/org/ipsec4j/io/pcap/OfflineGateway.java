package org.ipsec4j.io.pcap;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import org.ipsec4j.ah.AhOptions;
import org.ipsec4j.ah.AhTransform;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.ipsec4j.engine.EngineSettings;
import org.ipsec4j.engine.IpsecEngine;
import org.ipsec4j.engine.LocalAddresses;
import org.ipsec4j.engine.TransformTable;
import org.ipsec4j.esp.EspOldTransform;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.ipcomp.IpcompOptions;
import org.ipsec4j.ipcomp.IpcompTransform;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.command.SetkeyCommand;
import org.ipsec4j.spd.PolicyTable;

/**
 * The pieces of a gateway, assembled in plain Java as the OSGi runtime would wire them: SAD, SPD, setkey over both,
 * the algorithm providers of both cipher bundles, every transform (ESP, esp-old, AH, IPComp) and the engine. Closing it stops the SAD's lifetime timer.
 */
final class OfflineGateway implements AutoCloseable {
    private final SaTable sad = new SaTable();
    private final PolicyTable spd = new PolicyTable();
    private final SetkeyCommand setkey = new SetkeyCommand(sad, spd, Clock.systemDefaultZone(),
            ProcessHandle.current().pid());
    private final IpsecEngine engine;

    OfflineGateway(List<InetAddress> localAddresses, AlgorithmRegistry algorithms) {
        LocalAddresses locals = new LocalAddresses();
        localAddresses.forEach(locals::add);
        TransformTable transforms = new TransformTable();
        transforms.register(new EspTransform(algorithms));
        transforms.register(new EspOldTransform(algorithms));
        transforms.register(new AhTransform(algorithms, AhOptions.DEFAULTS));
        transforms.register(new IpcompTransform(algorithms, IpcompOptions.DEFAULTS));
        engine = new IpsecEngine(sad, spd, transforms, locals, new EngineSettings());
    }

    SetkeyCommand setkey() {
        return setkey;
    }

    IpsecEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        sad.close();
    }
}
