package org.ipsec4j.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code bin/setkey}, read the way setkey(8) reads it (getopt: {@code -DP} is {@code -D -P},
 * {@code -fFILE} is {@code -f FILE}), plus {@code -S PATH} for the gateway's control socket.
 *
 * <p>For the gateway, {@code -S} is dropped and {@code -f FILE} becomes {@code -c}: the client reads the file (relative
 * to its own working directory) and sends its bytes as input, so the gateway never opens files on the client's
 * behalf.
 */
final class ClientCommand {
    private final String socket;
    private final String file;
    private final boolean readsStdin;
    private final boolean checkOnly;
    private final boolean help;
    private final List<String> gatewayArguments;
    private final List<String> localArguments;

    private ClientCommand(String socket, String file, boolean readsStdin, boolean checkOnly, boolean help,
            List<String> gatewayArguments, List<String> localArguments) {
        this.socket = socket;
        this.file = file;
        this.readsStdin = readsStdin;
        this.checkOnly = checkOnly;
        this.help = help;
        this.gatewayArguments = List.copyOf(gatewayArguments);
        this.localArguments = List.copyOf(localArguments);
    }

    /**
     * Reads {@code args}.
     *
     * @throws IllegalArgumentException with a message for the user for a missing option value or {@code -c} with
     *     {@code -f}
     */
    static ClientCommand parse(List<String> args) {
        String socket = null;
        String file = null;
        boolean stdin = false;
        boolean check = false;
        boolean help = false;
        List<String> gateway = new ArrayList<>();
        List<String> local = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (!options || word.length() < 2 || word.charAt(0) != '-') {
                gateway.add(word);
                local.add(word);
                continue;
            }
            if (word.equals("--")) {
                options = false;
                gateway.add(word);
                local.add(word);
                continue;
            }
            StringBuilder kept = new StringBuilder("-");
            StringBuilder keptLocal = new StringBuilder("-");
            for (int j = 1; j < word.length(); j++) {
                char flag = word.charAt(j);
                if (flag == 'S' || flag == 'f') {
                    String value;
                    if (j + 1 < word.length()) {
                        value = word.substring(j + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new IllegalArgumentException("setkey: option requires an argument -- " + flag);
                    }
                    if (flag == 'S') {
                        socket = value;
                    } else {
                        file = value;
                        keptLocal.append('f');
                        flush(keptLocal, local);
                        local.add(value);
                    }
                    break;
                }
                stdin |= flag == 'c';
                check |= flag == 'n';
                help |= flag == 'h';
                kept.append(flag);
                keptLocal.append(flag);
            }
            flush(kept, gateway);
            flush(keptLocal, local);
        }
        if (file != null && stdin) {
            throw new IllegalArgumentException("setkey: -c and -f cannot be used together");
        }
        if (file != null) {
            gateway.add("-c");
        }
        return new ClientCommand(socket, file, stdin, check, help, gateway, local);
    }

    private static void flush(StringBuilder cluster, List<String> into) {
        if (cluster.length() > 1) {
            into.add(cluster.toString());
        }
        cluster.setLength(1);
    }

    /** The socket given with {@code -S}, or null. */
    String socket() {
        return socket;
    }

    /** The file given with {@code -f}, or null. */
    String file() {
        return file;
    }

    /** Whether {@code -c} asks for statements from standard input. */
    boolean readsStdin() {
        return readsStdin;
    }

    /** Whether {@code -n} asks for a check only (no gateway involved). */
    boolean checkOnly() {
        return checkOnly;
    }

    /** Whether {@code -h} asks for the usage. */
    boolean help() {
        return help;
    }

    /** The arguments sent to the gateway: without {@code -S}, with {@code -c} for {@code -f FILE}. */
    List<String> gatewayArguments() {
        return gatewayArguments;
    }

    /** The arguments for a local check: as given, without {@code -S}. */
    List<String> localArguments() {
        return localArguments;
    }
}
