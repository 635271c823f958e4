package org.ipsec4j.api.sa;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one SA, as an {@code add} statement of setkey(8) describes it. Immutable; build one with
 * {@link #builder(InetAddress, InetAddress, SaProtocol, int)}. The mutable state of a live SA (sequence number, replay
 * window, counters, state) lives in the {@link SaEntry} the {@link SecurityAssociationDatabase} keeps for it.
 */
public final class SecurityAssociation {
    private final InetAddress source;
    private final SaId id;
    private final int sourcePort;
    private final int destinationPort;
    private final IpsecMode mode;
    private final int reqid;
    private final int replayWindowBytes;
    private final Padding padding;
    private final boolean cyclicSequence;
    private final boolean extendedSequence;
    private final boolean rawCpi;
    private final Lifetime hard;
    private final Lifetime soft;
    private final AlgorithmKey encryption;
    private final AlgorithmKey authentication;
    private final AlgorithmKey compression;
    private final SecurityContext context;

    private SecurityAssociation(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        this.id = new SaId(Objects.requireNonNull(b.destination, "destination"), b.protocol, b.spi);
        if (b.source.getClass() != b.destination.getClass()) {
            throw new IllegalArgumentException("source and destination must be of one address family");
        }
        this.sourcePort = b.sourcePort;
        this.destinationPort = b.destinationPort;
        this.mode = b.mode;
        this.reqid = b.reqid;
        this.replayWindowBytes = b.replayWindowBytes;
        this.padding = b.padding;
        this.cyclicSequence = b.cyclicSequence;
        this.extendedSequence = b.extendedSequence;
        this.rawCpi = b.rawCpi;
        this.hard = b.hard;
        this.soft = b.soft;
        this.encryption = b.encryption;
        this.authentication = b.authentication;
        this.compression = b.compression;
        this.context = b.context;
    }

    public static Builder builder(InetAddress source, InetAddress destination, SaProtocol protocol, int spi) {
        return new Builder(source, destination, protocol, spi);
    }

    /** A builder that starts from this SA's values. */
    public Builder toBuilder() {
        Builder b = new Builder(source, id.destination(), id.protocol(), id.spi());
        b.sourcePort = sourcePort;
        b.destinationPort = destinationPort;
        b.mode = mode;
        b.reqid = reqid;
        b.replayWindowBytes = replayWindowBytes;
        b.padding = padding;
        b.cyclicSequence = cyclicSequence;
        b.extendedSequence = extendedSequence;
        b.rawCpi = rawCpi;
        b.hard = hard;
        b.soft = soft;
        b.encryption = encryption;
        b.authentication = authentication;
        b.compression = compression;
        b.context = context;
        return b;
    }

    public SaId id() { return id; }
    public InetAddress source() { return source; }
    public InetAddress destination() { return id.destination(); }
    public SaProtocol protocol() { return id.protocol(); }
    public int spi() { return id.spi(); }
    /** Source port of {@code addr[port]} (NAT-T, {@code esp-udp}), 0 when none was given. */
    public int sourcePort() { return sourcePort; }
    /** Destination port of {@code addr[port]} (NAT-T, {@code esp-udp}), 0 when none was given. */
    public int destinationPort() { return destinationPort; }
    public IpsecMode mode() { return mode; }
    public int reqid() { return reqid; }
    /**
     * {@code -r size}: the replay window in bytes, as setkey(8) defines it, so the window covers
     * {@code 8 * size} packets; 0 disables anti-replay.
     */
    public int replayWindowBytes() { return replayWindowBytes; }
    /** The replay window in packets ({@code 8 * -r}). */
    public int replayWindowPackets() { return replayWindowBytes * 8; }
    public Padding padding() { return padding; }
    /** Whether the outbound sequence number may wrap around (setkey's default; {@code -f nocyclic-seq} clears it). */
    public boolean cyclicSequence() { return cyclicSequence; }
    /** Extended (64-bit) sequence numbers, RFC 4303 section 2.2.1 ({@code -esn}, an ipsec4j extension). */
    public boolean extendedSequence() { return extendedSequence; }
    /** {@code -R}: IPComp uses the well-known CPI given as SPI. */
    public boolean rawCpi() { return rawCpi; }
    public Lifetime hardLifetime() { return hard; }
    public Lifetime softLifetime() { return soft; }
    public Optional<AlgorithmKey> encryption() { return Optional.ofNullable(encryption); }
    public Optional<AlgorithmKey> authentication() { return Optional.ofNullable(authentication); }
    public Optional<AlgorithmKey> compression() { return Optional.ofNullable(compression); }
    public Optional<SecurityContext> context() { return Optional.ofNullable(context); }

    /** Overwrites the keys held by this SA with zeros; call when the SA is dropped. */
    public void destroyKeys() {
        if (encryption != null) encryption.destroy();
        if (authentication != null) authentication.destroy();
        if (compression != null) compression.destroy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityAssociation s
                && id.equals(s.id) && source.equals(s.source)
                && sourcePort == s.sourcePort && destinationPort == s.destinationPort
                && mode == s.mode && reqid == s.reqid && replayWindowBytes == s.replayWindowBytes
                && padding == s.padding && cyclicSequence == s.cyclicSequence
                && extendedSequence == s.extendedSequence && rawCpi == s.rawCpi
                && hard.equals(s.hard) && soft.equals(s.soft)
                && Objects.equals(encryption, s.encryption) && Objects.equals(authentication, s.authentication)
                && Objects.equals(compression, s.compression) && Objects.equals(context, s.context);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    /** A summary without keys. */
    @Override
    public String toString() {
        return source.getHostAddress() + " " + id + " mode=" + mode.setkeyName() + " reqid=" + reqid
                + (encryption != null ? " E=" + encryption : "")
                + (authentication != null ? " A=" + authentication : "")
                + (compression != null ? " C=" + compression.name() : "");
    }

    /** Builds a {@link SecurityAssociation}; defaults are setkey's. */
    public static final class Builder {
        private final InetAddress source;
        private final InetAddress destination;
        private final SaProtocol protocol;
        private final int spi;
        private int sourcePort;
        private int destinationPort;
        private IpsecMode mode = IpsecMode.ANY;
        private int reqid;
        private int replayWindowBytes;
        private Padding padding = Padding.SEQUENTIAL;
        private boolean cyclicSequence = true;
        private boolean extendedSequence;
        private boolean rawCpi;
        private Lifetime hard = Lifetime.UNLIMITED;
        private Lifetime soft = Lifetime.UNLIMITED;
        private AlgorithmKey encryption;
        private AlgorithmKey authentication;
        private AlgorithmKey compression;
        private SecurityContext context;

        private Builder(InetAddress source, InetAddress destination, SaProtocol protocol, int spi) {
            this.source = source;
            this.destination = destination;
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            this.spi = spi;
        }

        public Builder ports(int sourcePort, int destinationPort) {
            this.sourcePort = checkPort(sourcePort);
            this.destinationPort = checkPort(destinationPort);
            return this;
        }

        public Builder mode(IpsecMode mode) { this.mode = Objects.requireNonNull(mode); return this; }
        public Builder reqid(int reqid) { this.reqid = reqid; return this; }

        public Builder replayWindowBytes(int bytes) {
            if (bytes < 0) throw new IllegalArgumentException("replay window must not be negative");
            this.replayWindowBytes = bytes;
            return this;
        }

        public Builder padding(Padding padding) { this.padding = Objects.requireNonNull(padding); return this; }
        public Builder cyclicSequence(boolean cyclic) { this.cyclicSequence = cyclic; return this; }
        public Builder extendedSequence(boolean esn) { this.extendedSequence = esn; return this; }
        public Builder rawCpi(boolean raw) { this.rawCpi = raw; return this; }
        public Builder hardLifetime(Lifetime l) { this.hard = Objects.requireNonNull(l); return this; }
        public Builder softLifetime(Lifetime l) { this.soft = Objects.requireNonNull(l); return this; }
        public Builder encryption(AlgorithmKey k) { this.encryption = k; return this; }
        public Builder authentication(AlgorithmKey k) { this.authentication = k; return this; }
        public Builder compression(AlgorithmKey k) { this.compression = k; return this; }
        public Builder context(SecurityContext c) { this.context = c; return this; }

        public SecurityAssociation build() {
            return new SecurityAssociation(this);
        }

        private static int checkPort(int p) {
            if (p < 0 || p > 65535) throw new IllegalArgumentException("port out of range: " + p);
            return p;
        }
    }
}
