package org.ipsec4j.shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of one {@code ipsec:setkey} command line, split the way setkey(8) reads them: leading flags (getopt
 * style, so {@code -DP} and {@code -D -P} are alike, {@code -f FILE} and {@code -fFILE} too), then optional
 * statements. Words from the first one that is not a flag on (or everything after {@code --}) are statements; they
 * are joined with spaces and run as {@code -c} input, so {@code ipsec:setkey 'add ... ;'} works like
 * {@code echo 'add ... ;' | ipsec:setkey -c}.
 *
 * <p>The file of {@code -f} is resolved against the shell's current directory, because the gateway's working
 * directory means nothing to the user at the console. All other flags pass through unchanged: the setkey service
 * decides what they mean.
 */
final class ShellArguments {
    private final List<String> serviceArguments;
    private final String statements;

    private ShellArguments(List<String> serviceArguments, String statements) {
        this.serviceArguments = List.copyOf(serviceArguments);
        this.statements = statements;
    }

    /**
     * Splits {@code words}.
     *
     * @param words the command line after {@code ipsec:setkey}
     * @param cwd the directory a relative {@code -f} file is resolved against
     * @throws IllegalArgumentException with a message for the user when statements come with {@code -f}
     */
    static ShellArguments parse(List<String> words, Path cwd) {
        List<String> flags = new ArrayList<>();
        boolean readsFile = false;
        boolean readsCommands = false;
        int i = 0;
        for (; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                i++;
                break;
            }
            if (!isFlag(word)) {
                break;
            }
            int f = word.indexOf('f');
            String cluster = f < 0 ? word : word.substring(0, f);
            readsCommands |= cluster.indexOf('c') > 0;
            if (cluster.length() > 1) {
                flags.add(cluster);
            }
            if (f >= 0) {
                readsFile = true;
                flags.add("-f");
                String file = f + 1 < word.length() ? word.substring(f + 1) : (i + 1 < words.size() ? words.get(++i) : null);
                if (file != null) {
                    flags.add(cwd.resolve(file).toString());
                }
            }
        }
        if (i >= words.size()) {
            return new ShellArguments(flags, null);
        }
        if (readsFile) {
            throw new IllegalArgumentException("setkey: statements given as arguments cannot be combined with -f");
        }
        String text = String.join(" ", words.subList(i, words.size()));
        if (!readsCommands) {
            flags.add("-c");
        }
        return new ShellArguments(flags, text);
    }

    private static boolean isFlag(String word) {
        return word.length() > 1 && word.charAt(0) == '-';
    }

    /** The arguments for {@code SetkeyService.run}. */
    List<String> serviceArguments() {
        return serviceArguments;
    }

    /** Whether statements came as arguments (they are then the whole input). */
    boolean hasStatements() {
        return statements != null;
    }

    /** The statements given as arguments, as {@code -c} input; empty when there were none. */
    byte[] statementInput() {
        return statements == null ? new byte[0] : (statements + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
