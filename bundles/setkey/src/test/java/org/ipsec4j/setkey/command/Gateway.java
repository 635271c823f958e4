package org.ipsec4j.setkey.command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ipsec4j.api.policy.SecurityPolicyDatabase;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.sad.SadEventSink;
import org.ipsec4j.sad.SaTable;
import org.ipsec4j.spd.PolicyTable;
import org.ipsec4j.spd.SpdEventSink;

/**
 * A gateway's setkey for tests: the real SAD and SPD tables on a clock that moves only when told, pid 4242, and
 * runs that capture exit status, output and errors.
 */
final class Gateway {
    static final long PID = 4242;
    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    /** What one run did. */
    record Result(int status, String out, String err) {
    }

    /** A clock that only moves when a test moves it, in UTC. */
    static final class ManualClock extends Clock {
        private final AtomicLong millis = new AtomicLong(START.toEpochMilli());

        void advanceSeconds(long s) {
            millis.addAndGet(s * 1000);
        }

        @Override public long millis() { return millis.get(); }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException(); }
    }

    final ManualClock clock = new ManualClock();
    final SaTable sad = new SaTable(clock, SadEventSink.NONE);
    final PolicyTable spd = new PolicyTable(clock, SpdEventSink.NONE);
    final SetkeyCommand setkey;

    Gateway() {
        this.setkey = new SetkeyCommand(sad, spd, clock, PID);
    }

    /** A setkey over other databases (e.g. wrappers of {@link #sad} and {@link #spd}). */
    Gateway(SecurityAssociationDatabase sadView, SecurityPolicyDatabase spdView) {
        this.setkey = new SetkeyCommand(sadView, spdView, clock, PID);
    }

    /** Runs setkey with {@code args} and {@code stdin} as its standard input. */
    Result run(String stdin, String... args) {
        return run(setkey, stdin, args);
    }

    static Result run(SetkeyCommand command, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = command.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code -D} output now. */
    String sadDump() {
        return run("", "-D").out();
    }

    /** {@code -DP} output now. */
    String spdDump() {
        return run("", "-DP").out();
    }
}
