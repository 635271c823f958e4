package org.ipsec4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ipsec4j.esp.EspTransform;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.setkey.command.SetkeyCommand;
import org.ipsec4j.spd.PolicyTable;

/** One IPsec host or gateway of a test: its own SAD, SPD, transforms, settings and engine, configured with setkey. */
final class Host implements AutoCloseable {
    /** An event the SAD published. */
    record Event(String topic, Map<String, Object> properties) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    final SaTable sad = new SaTable(Clock.systemUTC(), (topic, props) -> events.add(new Event(topic, props)));
    final PolicyTable spd = new PolicyTable();
    final SetkeyCommand setkey = new SetkeyCommand(sad, spd, Clock.systemUTC(), 1);
    final TransformTable transforms = new TransformTable();
    final LocalAddresses locals = new LocalAddresses();
    final EngineSettings settings = new EngineSettings();
    final IpsecEngine engine = new IpsecEngine(sad, spd, transforms, locals, settings);

    Host(String... localAddresses) {
        transforms.register(new EspTransform(new TestAlgorithms()));
        for (String a : localAddresses) locals.add(TestPackets.addr(a));
    }

    /** Runs {@code setkey -c} with these statements; fails the test with setkey's error text if it exits non-zero. */
    Host setkey(String statements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = setkey.run(List.of("-c"), new ByteArrayInputStream(statements.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, () -> "setkey failed: " + err.toString(StandardCharsets.UTF_8));
        return this;
    }

    List<Event> events(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        sad.close();
    }
}
