package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SaState;
import org.junit.jupiter.api.Test;

/** {@code -D} leaves out larval and dead SAs, {@code -D -a} shows them. */
class DumpAllTest {
    private final Gateway base = new Gateway();
    private final TroubledSad sad = new TroubledSad(base.sad);
    private final Gateway gw = new Gateway(sad, base.spd);

    @Test
    void deadSasOnlyWithDashA() throws Exception {
        assertEquals(0, gw.run("add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\";\n"
                + "add 10.1.1.1 10.2.2.2 esp 9999 -E des-cbc \"hogehoge\";\n", "-c").status());
        SaEntry dead = base.sad.delete(new SaId(java.net.InetAddress.getByName("10.2.2.2"), SaProtocol.ESP, 9999));
        assertEquals(SaState.DEAD, dead.state());
        sad.ghosts.add(dead);
        String live = gw.run("", "-D").out();
        assertTrue(live.contains("spi=9998(") && !live.contains("spi=9999("), live);
        String all = gw.run("", "-D", "-a").out();
        assertTrue(all.startsWith(live), all);
        assertTrue(all.substring(live.length()).startsWith("10.1.1.1 10.2.2.2 \n"
                + "\tesp mode=any spi=9999(0x0000270f) reqid=0(0x00000000)\n"
                + "\tE: des-cbc \n"
                + "\tseq=0x00000000 replay=0 flags=0x00000000 state=dead \n"), all);
        assertEquals(all, gw.run("", "-aD").out());
        assertEquals(live, gw.run("dump esp;", "-c").out());
        assertEquals(all, gw.run("dump esp;", "-ac").out());
        sad.ghosts.clear();
        base.sad.flush();
        sad.ghosts.add(dead);
        assertEquals("No SAD entries.\n", gw.run("", "-D").out(), "only dead SAs: none to show");
    }
}
