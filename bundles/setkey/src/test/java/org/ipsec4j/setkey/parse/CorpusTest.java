package org.ipsec4j.setkey.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ipsec4j.setkey.SetkeyParseException;
import org.ipsec4j.setkey.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-world-style setkey files. Each file of {@code corpus/} must parse and says how many statements it holds
 * ({@code # expect-statements: N}); each file of {@code corpus-bad/} names its error exactly
 * ({@code # expect-error: line L, column C: problem}).
 */
class CorpusTest {
    private static final Pattern STATEMENTS = Pattern.compile("(?m)^# expect-statements: (\\d+)$");
    private static final Pattern ERROR = Pattern.compile("(?m)^# expect-error: (line \\d+, column \\d+: .*)$");

    static Stream<Path> good() throws IOException, URISyntaxException {
        return files("corpus");
    }

    static Stream<Path> bad() throws IOException, URISyntaxException {
        return files("corpus-bad");
    }

    private static Stream<Path> files(String dir) throws IOException, URISyntaxException {
        URL url = CorpusTest.class.getClassLoader().getResource(dir);
        if (url == null) {
            throw new IllegalStateException("no test resource directory " + dir);
        }
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void theCorporaAreThere() throws Exception {
        assertTrue(good().count() >= 10, "good corpus files");
        assertTrue(bad().count() >= 15, "bad corpus files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parses(Path file) throws IOException {
        String text = read(file);
        Matcher m = STATEMENTS.matcher(text);
        assertTrue(m.find(), file + " lacks # expect-statements: N");
        List<Statement> s;
        try {
            s = SetkeyParser.parse(text);
        } catch (SetkeyParseException e) {
            s = fail(file.getFileName() + ": " + e.getMessage());
        }
        assertEquals(Integer.parseInt(m.group(1)), s.size(), file.getFileName() + ": statements");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void failsAsItsHeaderSays(Path file) throws IOException {
        String text = read(file);
        Matcher m = ERROR.matcher(text);
        assertTrue(m.find(), file + " lacks # expect-error: line L, column C: problem");
        SetkeyParseException e = assertThrows(SetkeyParseException.class, () -> SetkeyParser.parse(text),
                file.getFileName().toString());
        assertEquals(m.group(1), e.getMessage(), file.getFileName().toString());
    }
}
