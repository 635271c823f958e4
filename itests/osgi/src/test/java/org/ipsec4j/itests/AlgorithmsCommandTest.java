package org.ipsec4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.ipsec4j.api.crypto.AlgorithmKind;
import org.ipsec4j.api.crypto.AlgorithmProvider;
import org.ipsec4j.api.crypto.AlgorithmRegistry;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/** {@code ipsec:algorithms} in the running gateway, through Gogo's {@link CommandProcessor}. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class AlgorithmsCommandTest {
    @Inject
    BundleContext context;

    @Inject
    CommandProcessor processor;

    @Inject
    AlgorithmRegistry registry;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return GatewayOptions.gateway();
    }

    private List<String> lines(String command) {
        Container.Gogo run = Container.gogo(processor, command, "");
        assertFalse(run.err(), run.failed());
        return run.out().lines().map(String::stripTrailing).collect(Collectors.toList());
    }

    @Test
    public void isRegisteredWithGogo() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                "(&(osgi.command.scope=ipsec)(osgi.command.function=algorithms))");
        assertNotNull("ipsec:algorithms is registered", refs);
        assertEquals(1, refs.length);
    }

    @Test
    public void listsEveryProviderOfEveryAlgorithmWithTheActiveOne() throws Exception {
        List<String> table = lines("ipsec:algorithms");
        assertEquals("ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES", table.get(0));
        // one line per provider service the registry knows, marked as the registry prefers
        List<AlgorithmProvider> all = registry.all();
        assertEquals(all.size(), table.size() - 1);
        for (AlgorithmProvider p : all) {
            String kind = p.descriptor().kind().name().toLowerCase(java.util.Locale.ROOT);
            boolean active = registry.find(p.descriptor().kind(), p.descriptor().name()).get() == p;
            String prefix = String.format("%-18s %-12s %-9s", p.descriptor().name(), kind, p.providerName());
            List<String> matching = table.stream().filter(l -> l.startsWith(prefix)).toList();
            assertEquals(prefix, 1, matching.size());
            assertEquals(prefix + " marked", active, matching.get(0).substring(49).startsWith("  *"));
        }
        // the defaults of the algorithms README
        assertTrue(table.contains("aes-gcm-16         aead         jce           200  *"));
        assertTrue(table.contains("aes-gcm-16         aead         bc            100"));
        assertTrue(table.contains("3des-cbc           encryption   bc            200  *"));
        assertTrue(table.contains("3des-cbc           encryption   jce           100"));
        assertTrue(table.contains("aes-cbc            encryption   jce           200  *       rijndael-cbc"));
        assertTrue(table.contains("camellia-cbc       encryption   bc            100  *"));
        assertTrue(table.contains("deflate            compression  jce           200  *"));
    }

    @Test
    public void aRankingChangedThroughConfigAdminMovesTheMark() throws Exception {
        org.osgi.service.cm.Configuration bc = configAdmin.getConfiguration("org.ipsec4j.cipher.bc", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("ranking.aes-gcm-16", 300);
        bc.update(props);
        Container.await("Bouncy Castle's aes-gcm-16 is preferred",
                () -> "bc".equals(registry.find(AlgorithmKind.AEAD, "aes-gcm-16").get().providerName()));
        Container.await("the command sees the new ranking", () -> lines("ipsec:algorithms aes-gcm-16").equals(List.of(
                "ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES",
                "aes-gcm-16         aead         bc            300  *",
                "aes-gcm-16         aead         jce           200")));
        bc.delete();
        Container.await("back to the defaults", () -> lines("ipsec:algorithms aes-gcm-16").equals(List.of(
                "ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES",
                "aes-gcm-16         aead         jce           200  *",
                "aes-gcm-16         aead         bc            100")));
    }

    @Test
    public void oneAlgorithmByAliasAndAnUnknownOne() {
        assertEquals(List.of(
                "ALGORITHM          KIND         PROVIDER  RANKING  ACTIVE  ALIASES",
                "aes-cbc            encryption   jce           200  *       rijndael-cbc",
                "aes-cbc            encryption   bc            100"), lines("ipsec:algorithms rijndael-cbc"));
        Container.Gogo unknown = Container.gogo(processor, "ipsec:algorithms des-cbcx", "");
        assertTrue(unknown.failed());
        assertTrue(unknown.err(), unknown.err().contains("no provider offers an algorithm called \"des-cbcx\""));
    }
}
