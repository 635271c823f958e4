package org.ipsec4j.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.control.protocol.CommandRequest;
import org.ipsec4j.control.protocol.ControlProtocol;
import org.ipsec4j.control.protocol.ControlProtocolException;
import org.ipsec4j.control.protocol.Frame;

/**
 * {@code bin/setkey}: setkey(8) against a running gateway, through its control socket.
 *
 * <pre>
 * setkey [-S socket] [-v] -c                 statements from standard input
 * setkey [-S socket] [-v] -f file            statements from a file
 * setkey [-S socket] [-a] [-P] -D            dump the SAD (-P: the SPD)
 * setkey [-S socket] [-P] -F                 flush the SAD (-P: the SPD)
 * setkey [-S socket] -x[x]                   print SAD and SPD changes until interrupted (Ctrl-C)
 * setkey -n (-c | -f file)                   check the statements only; needs no gateway
 * setkey -h                                  this usage
 * </pre>
 * The socket is {@code -S PATH}, else the environment variable {@value #SOCKET_ENV}, else {@code run/setkey.sock}
 * of the installation (system property {@value #HOME_PROPERTY}). The exit status is 0 on success and 1 on any
 * error; errors go to standard error.
 */
public final class SetkeyClient {
    /** The environment variable naming the control socket. */
    public static final String SOCKET_ENV = "IPSEC4J_CONTROL";
    /** The system property naming the installation directory (set by {@code bin/setkey}). */
    public static final String HOME_PROPERTY = "ipsec4j.home";

    static final String USAGE = String.join("\n",
            "usage: setkey [-S socket] [-v] -c",
            "       setkey [-S socket] [-v] -f filename",
            "       setkey [-S socket] [-a] [-P] [-v] -D",
            "       setkey [-S socket] [-P] [-v] -F",
            "       setkey [-S socket] -x[x]",
            "       setkey -n (-c | -f filename)",
            "       setkey -h",
            "  -c  read statements from standard input   -f  read statements from a file",
            "  -D  dump the SAD (-a: dead SAs too)        -F  flush the SAD",
            "  -P  the SPD instead, with -D or -F         -n  check only, change nothing (no gateway needed)",
            "  -x  print SAD and SPD changes as they happen, until interrupted (-xx: more detail)",
            "  -v  verbose                                -S  the gateway's control socket",
            "The socket defaults to $" + SOCKET_ENV + ", else run/setkey.sock of the installation.",
            "");

    private final Map<String, String> env;
    private final Path home;
    private final Path cwd;
    private final SetkeyService offline;

    /**
     * Creates a client.
     *
     * @param env the environment (for {@value #SOCKET_ENV})
     * @param home the installation directory, whose {@code run/setkey.sock} is the default socket
     * @param cwd the directory a relative {@code -f} file is read from
     * @param offline runs {@code -n} checks locally
     */
    SetkeyClient(Map<String, String> env, Path home, Path cwd, SetkeyService offline) {
        this.env = env;
        this.home = home;
        this.cwd = cwd;
        this.offline = offline;
    }

    /** Runs the client and exits with its status. */
    public static void main(String[] args) {
        Path cwd = Path.of("").toAbsolutePath();
        String home = System.getProperty(HOME_PROPERTY);
        SetkeyClient client = new SetkeyClient(System.getenv(), home == null ? cwd : Path.of(home), cwd,
                new OfflineSetkey());
        int status = client.run(Arrays.asList(args), System.in, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }

    /** Runs one command line; returns the exit status (0 or 1). */
    int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        ClientCommand command;
        try {
            command = ClientCommand.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 1;
        }
        if (command.help()) {
            out.print(USAGE);
            return 0;
        }
        if (command.checkOnly()) {
            return offline.run(command.localArguments(), stdin, out, err) == 0 ? 0 : 1;
        }
        byte[] input;
        try {
            input = input(command, stdin);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        Path socket = socket(command);
        try {
            return send(socket, new CommandRequest(command.gatewayArguments(), input), out, err);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /** The socket to use: {@code -S}, else the environment, else the installation's default. */
    Path socket(ClientCommand command) {
        if (command.socket() != null) {
            return cwd.resolve(command.socket());
        }
        String fromEnv = env.get(SOCKET_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return cwd.resolve(fromEnv);
        }
        return home.resolve("run").resolve("setkey.sock");
    }

    private byte[] input(ClientCommand command, InputStream stdin) throws IOException {
        int limit = ControlProtocol.MAX_COMMAND_PAYLOAD - (1 << 20);
        if (command.file() != null) {
            Path file = cwd.resolve(command.file());
            long size;
            try {
                size = Files.size(file);
            } catch (NoSuchFileException e) {
                throw new IOException("setkey: " + command.file() + ": no such file");
            } catch (IOException e) {
                throw new IOException("setkey: " + command.file() + ": " + e.getMessage());
            }
            if (size > limit) {
                throw new IOException("setkey: " + command.file() + ": larger than " + limit + " bytes");
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IOException("setkey: " + command.file() + ": " + e.getMessage());
            }
        }
        if (command.readsStdin()) {
            byte[] bytes = stdin.readNBytes(limit + 1);
            if (bytes.length > limit) {
                Arrays.fill(bytes, (byte) 0);
                throw new IOException("setkey: standard input larger than " + limit + " bytes");
            }
            return bytes;
        }
        return new byte[0];
    }

    private static int send(Path socket, CommandRequest request, PrintStream out, PrintStream err) {
        byte[] payload;
        try {
            payload = request.encode();
        } catch (ControlProtocolException e) {
            err.println("setkey: " + e.getMessage());
            return 1;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                err.println("setkey: cannot reach the gateway at " + socket + ": " + reason(e));
                return 1;
            }
            OutputStream toGateway = Channels.newOutputStream(channel);
            try {
                Frame.write(toGateway, ControlProtocol.COMMAND, payload, 0, payload.length);
                toGateway.flush();
            } catch (IOException e) {
                // the gateway may have answered and closed (e.g. a refusal); read what it said
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
            return receive(Channels.newInputStream(channel), out, err);
        } catch (IOException e) {
            err.println("setkey: connection to the gateway at " + socket + " failed: " + reason(e));
            return 1;
        }
    }

    private static int receive(InputStream fromGateway, PrintStream out, PrintStream err) throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = Frame.read(fromGateway, ControlProtocol.STDOUT, ControlProtocol.STDERR, ControlProtocol.EXIT);
            } catch (ControlProtocolException e) {
                out.flush();
                err.println("setkey: bad response from the gateway: " + e.getMessage());
                return 1;
            }
            if (frame == null) {
                out.flush();
                err.println("setkey: the gateway closed the connection before setkey finished");
                return 1;
            }
            switch (frame.type()) {
                case ControlProtocol.STDOUT -> {
                    out.write(frame.payload(), 0, frame.payload().length);
                    out.flush(); // the gateway sends a frame when setkey flushes: -x streams event by event
                }
                case ControlProtocol.STDERR -> {
                    out.flush();
                    err.write(frame.payload(), 0, frame.payload().length);
                    err.flush();
                }
                default -> {
                    out.flush();
                    err.flush();
                    try {
                        return frame.exitStatus() == 0 ? 0 : 1;
                    } catch (ControlProtocolException e) {
                        err.println("setkey: bad response from the gateway: " + e.getMessage());
                        return 1;
                    }
                }
            }
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
