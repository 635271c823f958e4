package org.ipsec4j.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientCommandTest {
    private static ClientCommand parse(String... args) {
        return ClientCommand.parse(List.of(args));
    }

    @Test
    void dumpFlagsGoToTheGatewayAsGiven() {
        assertEquals(List.of("-D"), parse("-D").gatewayArguments());
        assertEquals(List.of("-DP"), parse("-DP").gatewayArguments());
        assertEquals(List.of("-D", "-a"), parse("-D", "-a").gatewayArguments());
        assertEquals(List.of("-FP"), parse("-FP").gatewayArguments());
        assertNull(parse("-D").socket());
        assertFalse(parse("-D").readsStdin());
    }

    @Test
    void socketOptionIsTheClientsOwn() {
        ClientCommand separate = parse("-S", "/run/gw.sock", "-DP");
        assertEquals("/run/gw.sock", separate.socket());
        assertEquals(List.of("-DP"), separate.gatewayArguments());
        ClientCommand joined = parse("-S/run/gw.sock", "-D");
        assertEquals("/run/gw.sock", joined.socket());
        assertEquals(List.of("-D"), joined.gatewayArguments());
        ClientCommand clustered = parse("-vS", "x.sock", "-c");
        assertEquals("x.sock", clustered.socket());
        assertEquals(List.of("-v", "-c"), clustered.gatewayArguments());
        assertTrue(clustered.readsStdin());
    }

    @Test
    void fileBecomesMinusCInput() {
        ClientCommand file = parse("-f", "my.conf");
        assertEquals("my.conf", file.file());
        assertEquals(List.of("-c"), file.gatewayArguments());
        assertFalse(file.readsStdin());
        ClientCommand verbose = parse("-vf", "my.conf");
        assertEquals(List.of("-v", "-c"), verbose.gatewayArguments());
        assertEquals(List.of("-vf", "my.conf"), verbose.localArguments());
        assertEquals("my.conf", parse("-fmy.conf").file());
    }

    @Test
    void checkOnlyKeepsTheArgumentsForTheLocalCheck() {
        ClientCommand check = parse("-S", "/x.sock", "-n", "-f", "a.conf");
        assertTrue(check.checkOnly());
        assertEquals(List.of("-n", "-f", "a.conf"), check.localArguments());
        assertTrue(parse("-nc").checkOnly());
        assertEquals(List.of("-nc"), parse("-nc").localArguments());
    }

    @Test
    void helpAndOperands() {
        assertTrue(parse("-h").help());
        assertEquals(List.of("-c", "extra"), parse("-c", "extra").gatewayArguments());
        assertEquals(List.of("--", "-D"), parse("--", "-D").gatewayArguments());
        assertFalse(parse("--", "-h").help());
    }

    @Test
    void errorsForTheUser() {
        assertEquals("setkey: option requires an argument -- f",
                assertThrows(IllegalArgumentException.class, () -> parse("-f")).getMessage());
        assertEquals("setkey: option requires an argument -- S",
                assertThrows(IllegalArgumentException.class, () -> parse("-D", "-S")).getMessage());
        assertEquals("setkey: -c and -f cannot be used together",
                assertThrows(IllegalArgumentException.class, () -> parse("-c", "-f", "x")).getMessage());
    }
}
