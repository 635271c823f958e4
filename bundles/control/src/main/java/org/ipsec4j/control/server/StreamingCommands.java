package org.ipsec4j.control.server;

import java.util.List;

/**
 * Which commands stream: those that run until the client goes away, i.e. {@code setkey -x} (the monitor). They are
 * served apart from ordinary commands (see {@link ControlServer}). The arguments are read as setkey(8) reads them
 * ({@code getopt}: grouped letters, {@code -f} taking the rest of its word or the next word, {@code --} or the first
 * word that is not an option ending the options).
 */
final class StreamingCommands {
    private StreamingCommands() {
    }

    /** Whether {@code args} ask for {@code -x}. */
    static boolean streams(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (word.equals("--") || word.length() < 2 || word.charAt(0) != '-') {
                return false;
            }
            for (int j = 1; j < word.length(); j++) {
                char c = word.charAt(j);
                if (c == 'x') {
                    return true;
                }
                if (c == 'f') {
                    if (j + 1 == word.length()) {
                        i++; // the file is the next word
                    }
                    break;
                }
            }
        }
        return false;
    }
}
