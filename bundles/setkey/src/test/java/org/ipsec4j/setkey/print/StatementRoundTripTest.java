package org.ipsec4j.setkey.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.ipsec4j.setkey.parse.SetkeyParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** parse, print, parse again: the same values; and the canonical form prints as itself. */
class StatementRoundTripTest {

    static List<String> statements() {
        return List.of(
            // the KAME guide
            "add 10.1.1.1 10.2.2.2 esp 9998 -E des-cbc \"hogehoge\" ;",
            "add 10.2.2.2 10.1.1.1 esp 9999 -E des-cbc \"hogehoge\" ;",
            "spdadd 10.1.1.1 10.2.2.2 any -P out ipsec esp/transport//use;",
            "spdadd 10.1.1.0/24 10.2.2.0/24 any -P out ipsec esp/tunnel/10.1.1.1-10.2.2.2/use;",
            // SAs
            "add 10.0.0.1 10.0.0.2 esp 0x1000 -m tunnel -u 7 -r 8 -E aes-cbc 0x00112233445566778899aabbccddeeff"
                    + " -A hmac-sha256 0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f;",
            "add 10.0.0.1 10.0.0.2 esp 4294967295 -m transport -f zero-pad -f nocyclic-seq -lh 3600 -ls 3000"
                    + " -bh 100000 -bs 90000 -E 3des-cbc \"123456789012345678901234\";",
            "add 10.0.0.1 10.0.0.2 esp 1002 -f random-pad -esn -E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213;",
            "add 10.0.0.1 10.0.0.2 esp 1003 -E rijndael-cbc 0x00112233445566778899aabbccddeeff -A hmac-sha2-512"
                    + " 0x" + "ab".repeat(64) + ";",
            "add 10.0.0.1 10.0.0.2 esp 1004 -E null -A hmac-sha1 0x0102030405060708090a0b0c0d0e0f1011121314;",
            "add 10.0.0.1 10.0.0.2 esp 1005 -E chacha20-poly1305 0x" + "01".repeat(36) + ";",
            "add 10.0.0.1 10.0.0.2 esp 1006 -ctx 1 1 \"system_u:object_r:ipsec_spd_t:s0\" -E aes-ctr 0x"
                    + "02".repeat(20) + ";",
            "add 10.0.0.1 10.0.0.2 esp-old 1007 -E des-cbc 0x0102030405060708;",
            "add 198.51.100.1[4500] 203.0.113.9[4500] esp-udp 1008 -E aes-cbc 0x" + "03".repeat(16)
                    + " -A aes-xcbc-mac 0x" + "04".repeat(16) + ";",
            "add 10.0.0.1 10.0.0.2 ah 1009 -A hmac-md5 0x000102030405060708090a0b0c0d0e0f;",
            "add 10.0.0.1 10.0.0.2 ah-old 1010 -A keyed-md5 0x000102030405060708090a0b0c0d0e0f;",
            "add 10.0.0.1 10.0.0.2 ipcomp 11 -C deflate;",
            "add 10.0.0.1 10.0.0.2 ipcomp 2 -C deflate -R;",
            "add 10.0.0.1 10.0.0.2 tcp 0x1000 -A tcp-md5 \"secret\";",
            "add 2001:db8::1 2001:db8:0:0:1::2 esp 1012 -m any -E blowfish-cbc 0x0102030405;",
            "update 10.0.0.1 10.0.0.2 esp 1013 -u 5 -E aes-cbc 0x" + "05".repeat(32) + ";",
            // other SAD statements
            "get 10.0.0.1 10.0.0.2 esp 9998;",
            "delete 2001:db8::1 2001:db8::2 ah 0x1010;",
            "deleteall 10.0.0.1 10.0.0.2 ipcomp;",
            "flush;", "flush esp;", "dump;", "dump ah;",
            // policies
            "spdadd 10.1.1.0/24[any] 10.2.2.0/24[80] tcp -P in none;",
            "spdadd 10.1.1.0/24[1024] 10.2.2.2 udp -P fwd discard;",
            "spdadd 0.0.0.0/0 0.0.0.0/0 132 -P in prio high + 3 bypass;",
            "spdadd 10.0.0.1 10.0.0.2 icmp 8,0 -P out prio 5 ipsec ah/transport//require;",
            "spdadd 10.0.0.1 10.0.0.2 icmp 3 -P out prio -7 entrust;",
            "spdadd ::/0 ff02::/16 icmp6 135,0 -P in prio low - 2 none;",
            "spdadd 2001:db8::/32 2001:db8:1::/48 any -P out priority def ipsec"
                    + " ipcomp/tunnel/2001:db8::1-2001:db8:1::1/use esp/tunnel/2001:db8::1-2001:db8:1::1/unique:3"
                    + " ah/tunnel/2001:db8::1-2001:db8:1::1/require;",
            "spdadd 10.0.0.1 10.0.0.2 gre 0.0.4.210 -P out ipsec esp/transport//default;",
            "spdadd 10.0.0.0/8 10.0.0.0/8 any -P out ipsec esp/tunnel/192.0.2.1[4500]-192.0.2.2[4500]/unique;",
            "spdupdate 10.1.1.1 10.2.2.2 any -P out prio 0 ipsec esp/transport//use;",
            "spdupdate 10.1.1.1 10.2.2.2 any -P out prio -2147483647 none;",
            "spddelete 10.1.1.1 10.2.2.2 any -P out;",
            "spddelete 10.1.1.1 10.2.2.2 any -P in ipsec esp/transport//use;",
            "spdflush;", "spddump;");
    }

    @ParameterizedTest
    @MethodSource("statements")
    void parsePrintParseGivesTheSameValues(String text) throws SetkeyParseException {
        Statement first = single(text);
        String printed = StatementPrinter.print(first);
        Statement second = single(printed);
        assertEquals(first.getClass(), second.getClass(), printed);
        assertEquals(payload(first), payload(second), printed);
        assertEquals(printed, StatementPrinter.print(second), "the canonical form prints as itself");
    }

    private static Statement single(String text) throws SetkeyParseException {
        List<Statement> statements = SetkeyParser.parse(text);
        assertEquals(1, statements.size(), text);
        return statements.get(0);
    }

    /** The record components of a statement except its position. */
    private static List<Object> payload(Statement s) {
        List<Object> values = new ArrayList<>();
        for (RecordComponent c : s.getClass().getRecordComponents()) {
            if (c.getName().equals("position")) continue;
            try {
                values.add(c.getAccessor().invoke(s));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return values;
    }
}
