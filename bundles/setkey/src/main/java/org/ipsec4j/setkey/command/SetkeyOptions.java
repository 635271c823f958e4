package org.ipsec4j.setkey.command;

import java.util.List;

/**
 * setkey(8)'s command line, read as {@code getopt(3)} reads it: option letters may be grouped ({@code -DP},
 * {@code -nvc}), {@code -f} takes the rest of its word or the next word ({@code -ffile}, {@code -f file},
 * {@code -f -} for standard input), {@code --} ends the options. ipsec4j knows {@code -c -f -D -F -x -a -P -n -v -h};
 * setkey's other letters and words that are not options are usage errors. {@code -x} may be given twice
 * ({@code -xx} or {@code -x -x}) for more detail.
 *
 * @param mode     what to do
 * @param file     the file of {@code -f} ({@code -} for standard input), else null
 * @param all      {@code -a}: {@code -D} shows larval and dead SAs too
 * @param policy   {@code -P}: {@code -D} and {@code -F} act on the SPD
 * @param dryRun   {@code -n}: parse and check, change nothing
 * @param verbose  {@code -v}: report each statement
 * @param monitorLevel how many times {@code -x} was given (0, 1 or 2)
 */
record SetkeyOptions(Mode mode, String file, boolean all, boolean policy, boolean dryRun, boolean verbose,
        int monitorLevel) {

    /** The modes of setkey(8), of which one run has one. */
    enum Mode {
        /** {@code -h}: print the usage. */
        HELP,
        /** {@code -c}: statements from standard input. */
        STDIN,
        /** {@code -f file}: statements from a file. */
        FILE,
        /** {@code -D}: dump the SAD (or with {@code -P} the SPD). */
        DUMP,
        /** {@code -F}: flush the SAD (or with {@code -P} the SPD). */
        FLUSH,
        /** {@code -x}: print SAD and SPD events as they happen, until interrupted (KAME's PF_KEY monitor). */
        MONITOR
    }

    /** The usage text, as setkey(8) prints it. */
    static final String USAGE = """
            usage: setkey [-nv] -c
                   setkey [-nv] -f filename
                   setkey [-Pav] -D
                   setkey [-Pnv] -F
                   setkey -x[x]
                   setkey -h
              -c  read statements from standard input      -f  read statements from a file (- is stdin)
              -D  dump the SAD (-P: the SPD, -a: with larval and dead SAs)
              -F  flush the SAD (-P: the SPD)               -n  parse and check only, change nothing
              -x  print SAD and SPD changes as they happen, until interrupted (-xx: more detail)
              -v  report each statement                     -h  this text
            """;

    /** A command line that cannot be run; the message is for the user, without the {@code setkey: } prefix. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Reads {@code args}. */
    static SetkeyOptions parse(List<String> args) throws UsageException {
        Mode mode = null;
        String file = null;
        boolean all = false;
        boolean policy = false;
        boolean dryRun = false;
        boolean verbose = false;
        boolean help = false;
        int monitor = 0;
        int i = 0;
        for (; i < args.size(); i++) {
            String word = args.get(i);
            if (word.equals("--")) {
                i++;
                break;
            }
            if (word.length() < 2 || word.charAt(0) != '-') {
                break;
            }
            for (int j = 1; j < word.length(); j++) {
                char c = word.charAt(j);
                switch (c) {
                    case 'a' -> all = true;
                    case 'P' -> policy = true;
                    case 'n' -> dryRun = true;
                    case 'v' -> verbose = true;
                    case 'h' -> help = true;
                    case 'c' -> mode = setMode(mode, Mode.STDIN);
                    case 'D' -> mode = setMode(mode, Mode.DUMP);
                    case 'F' -> mode = setMode(mode, Mode.FLUSH);
                    case 'x' -> {
                        mode = setMode(mode, Mode.MONITOR);
                        if (++monitor > 2) {
                            throw new UsageException("-x may be given at most twice");
                        }
                    }
                    case 'f' -> {
                        if (file != null) {
                            throw new UsageException("-f may be given only once");
                        }
                        mode = setMode(mode, Mode.FILE);
                        if (j + 1 < word.length()) {
                            file = word.substring(j + 1);
                        } else if (i + 1 < args.size()) {
                            file = args.get(++i);
                        } else {
                            throw new UsageException("option requires an argument -- 'f'");
                        }
                        j = word.length();
                    }
                    case 'd', 'H', 'l', 'p', 'V', 'r', 'k' ->
                            throw new UsageException("option -" + c + " of setkey(8) is not supported by ipsec4j");
                    default -> throw new UsageException("invalid option -- '" + c + "'");
                }
            }
        }
        if (i < args.size()) {
            throw new UsageException("unexpected argument \"" + args.get(i) + "\"");
        }
        if (help) {
            return new SetkeyOptions(Mode.HELP, file, all, policy, dryRun, verbose, monitor);
        }
        if (mode == null) {
            throw new UsageException("one of -c, -f, -D, -F, -x or -h is needed");
        }
        return new SetkeyOptions(mode, file, all, policy, dryRun, verbose, monitor);
    }

    private static Mode setMode(Mode current, Mode wanted) throws UsageException {
        if (current != null && current != wanted) {
            throw new UsageException("-c, -f, -D, -F and -x exclude each other");
        }
        return wanted;
    }
}
