package org.ipsec4j.setkey.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ipsec4j.api.sa.SecurityAssociation;
import org.ipsec4j.setkey.command.Gateway.Result;
import org.ipsec4j.setkey.print.StatementPrinter;
import org.junit.jupiter.api.Test;

/** A step that fails after the check (an SA expired meanwhile, the SAD refused) undoes the steps before it. */
class RollbackTest {
    private static final String SETUP = """
            add 10.1.1.1 10.2.2.2 esp 1001 -E aes-cbc 0x00112233445566778899aabbccddeeff;
            add 10.1.1.1 10.2.2.2 esp 1002 -m tunnel -E des-cbc "hogehoge";
            add 10.1.1.1 10.2.2.2 ah 1003 -A hmac-sha1 0x0102030405060708090a0b0c0d0e0f1011121314;
            spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;
            spdadd 10.1.1.0/24 10.2.2.0/24 tcp -P in prio 3 none;
            """;

    private final Gateway base = new Gateway();
    private final TroubledSad sad = new TroubledSad(base.sad);
    private final Gateway gw = new Gateway(sad, base.spd);

    private String export() {
        return StatementPrinter.export(base.sad.dump(), base.spd.dump());
    }

    @Test
    void anSaThatExpiresBetweenCheckAndApplyUndoesEverythingBefore() {
        assertEquals(0, gw.run(SETUP, "-c").status());
        String before = export();
        sad.expireBeforeUse.add(1002L);
        Result r = gw.run("""
                spdflush;
                flush ah;
                add 10.1.1.1 10.2.2.2 esp 1004 -E des-cbc "hogehoge";
                update 10.1.1.1 10.2.2.2 esp 1001 -E aes-cbc 0xffeeddccbbaa99887766554433221100;
                delete 10.1.1.1 10.2.2.2 esp 1002;
                """, "-c");
        assertEquals(new Result(1, "", "setkey: line 5, column 1: delete 10.1.1.1 10.2.2.2 esp 1002: no such SA\n"
                + "setkey: nothing changed (4 applied statements undone)\n"), r);
        String expired = "add 10.1.1.1 10.2.2.2 esp 1002 -m tunnel -E des-cbc 0x686f6765686f6765;\n";
        assertTrue(before.contains(expired));
        assertEquals(before.replace(expired, ""), export(), "all as before but the SA that expired");
        assertTrue(base.sadDump().contains("\tE: aes-cbc  00112233 44556677 8899aabb ccddeeff\n"),
                "the update was undone with the old key");
        assertTrue(base.sadDump().contains("\tA: hmac-sha1  01020304 05060708 090a0b0c 0d0e0f10 11121314\n"),
                "the flushed SA is back with its key");
        assertFalse(base.sadDump().contains("spi=1004("), "the added SA is gone");
        assertEquals(2, base.spdDump().lines().filter(l -> l.startsWith("\tspid=")).count());
    }

    @Test
    void anSaTheSadRefusesUndoesThePolicies() {
        assertEquals(0, gw.run(SETUP, "-c").status());
        String before = export();
        sad.refuseAdd.add(1005L);
        Result r = gw.run("""
                spdadd 10.9.9.9 10.2.2.2 any -P out discard;
                spddelete 10.1.1.1 10.2.2.2 any -P out;
                spdupdate 10.1.1.0/24 10.2.2.0/24 tcp -P in discard;
                deleteall 10.1.1.1 10.2.2.2 esp;
                add 10.1.1.1 10.2.2.2 esp 1005 -E des-cbc "hogehoge";
                """, "-c");
        assertEquals(new Result(1, "", "setkey: line 5, column 1: add 10.1.1.1 10.2.2.2 esp 1005: refused by the SAD\n"
                + "setkey: nothing changed (4 applied statements undone)\n"), r);
        assertEquals(sorted(before), sorted(export()), "the same entries (the restored ones come last)");
        SecurityAssociation refused = sad.refused.get(0);
        assertTrue(refused.encryption().orElseThrow().isDestroyed(), "the refused SA's key is zeroed");
    }

    @Test
    void anUndoThatFailsIsReported() {
        assertEquals(0, gw.run(SETUP, "-c").status());
        sad.refuseDelete.add(1006L);
        sad.refuseAdd.add(1007L);
        Result r = gw.run("""
                spdflush;
                add 10.1.1.1 10.2.2.2 esp 1006 -E des-cbc "hogehoge";
                add 10.1.1.1 10.2.2.2 esp 1007 -E des-cbc "hogehoge";
                """, "-c");
        assertEquals(new Result(1, "", "setkey: line 3, column 1: add 10.1.1.1 10.2.2.2 esp 1007: refused by the SAD\n"
                + "setkey: could not undo line 2 (add 10.1.1.1 10.2.2.2 esp 1006): delete refused by the SAD\n"
                + "setkey: the SAD and SPD may be partly changed\n"), r);
        assertEquals(2, base.spd.dump().size(), "the undo went on after the failure");
        assertTrue(base.sadDump().contains("spi=1006("));
    }

    private static String sorted(String lines) {
        return String.join("\n", lines.lines().sorted().toList());
    }
}
