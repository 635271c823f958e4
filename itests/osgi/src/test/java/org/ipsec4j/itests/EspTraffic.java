package org.ipsec4j.itests;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.ipsec4j.api.io.PacketBuffers;
import org.ipsec4j.api.packet.InternetChecksum;
import org.ipsec4j.api.packet.PacketBuffer;
import org.ipsec4j.api.sa.SaEntry;
import org.ipsec4j.api.sa.SaId;
import org.ipsec4j.api.sa.SaProtocol;
import org.ipsec4j.api.sa.SecurityAssociationDatabase;
import org.ipsec4j.api.setkey.SetkeyService;
import org.ipsec4j.api.transform.IpsecTransform;
import org.ipsec4j.api.transform.Verdict;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * ESP traffic through the running container's services, as the engine would drive them: a pair of tunnel-mode SAs with
 * the same SPI and keys, one from {@value #LOCAL} to {@value #PEER} (outbound) and its mirror from {@value #PEER} to
 * {@value #LOCAL}, which stands in for the peer's inbound SA: {@link #send} protects packet {@code n} with the ESP
 * transform under the outbound SA, {@link #receive} opens the protected bytes under the mirror and checks that the
 * inner packet came back byte for byte. The ESP transform is looked up for each packet (through a tracker), so
 * traffic keeps flowing across an update of the ESP bundle; while there is none, {@link #send} says so with null.
 */
final class EspTraffic implements AutoCloseable {
    static final String LOCAL = "192.0.2.1";
    static final String PEER = "192.0.2.2";
    /** Offset of the ESP sequence number in a protected packet: outer IPv4 header (20), SPI (4). */
    static final int SEQUENCE_OFFSET = 24;

    private final SecurityAssociationDatabase sad;
    private final ServiceTracker<IpsecTransform, IpsecTransform> esp;
    private final SaId outId;
    private final SaId inId;
    private final PacketBuffer buffer = new PacketBuffer(PacketBuffers.CAPACITY, PacketBuffers.HEADROOM);

    /** One packet protected: the verdict and, when it is OK, the bytes on the wire. */
    record Sent(Verdict verdict, byte[] wire) {
        /** The 32-bit ESP sequence number on the wire. */
        long sequence() {
            return ByteBuffer.wrap(wire, SEQUENCE_OFFSET, 4).getInt() & 0xffffffffL;
        }
    }

    EspTraffic(BundleContext context, SecurityAssociationDatabase sad, int spi) {
        this.sad = sad;
        try {
            this.outId = new SaId(InetAddress.getByName(PEER), SaProtocol.ESP, spi);
            this.inId = new SaId(InetAddress.getByName(LOCAL), SaProtocol.ESP, spi);
            this.esp = new ServiceTracker<>(context, FrameworkUtil.createFilter("(&(objectClass="
                    + IpsecTransform.class.getName() + ")(" + IpsecTransform.PROTOCOL + "=esp))"), null);
        } catch (UnknownHostException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        esp.open();
    }

    /**
     * The two {@code add} statements of the pair, with {@code -r 32} (a window of 256 packets). Every hex key in
     * {@code algorithms} is replaced by fresh random bytes of its length: the SAD remembers the sequence number of an
     * SA identity and key across a delete (so that re-adding the same key never repeats a nonce), and each test wants
     * a fresh SA whose numbers start at 1.
     */
    static String statements(int spi, String algorithms) {
        String spiText = "0x" + Integer.toHexString(spi);
        String keyed = java.util.regex.Pattern.compile("0x[0-9a-fA-F]+").matcher(algorithms)
                .replaceAll(m -> freshKey(m.group().length() - 2));
        return "add " + LOCAL + " " + PEER + " esp " + spiText + " -m tunnel -r 32 " + keyed + " ;\n"
                + "add " + PEER + " " + LOCAL + " esp " + spiText + " -m tunnel -r 32 " + keyed + " ;\n";
    }

    private static String freshKey(int hexDigits) {
        byte[] b = new byte[hexDigits / 2];
        new java.security.SecureRandom().nextBytes(b);
        return "0x" + java.util.HexFormat.of().formatHex(b);
    }

    /** Adds the pair through {@code setkey -c}; fails with setkey's error text. */
    static void add(SetkeyService setkey, int spi, String algorithms) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = setkey.run(List.of("-c"),
                new java.io.ByteArrayInputStream(statements(spi, algorithms).getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new AssertionError("setkey -c failed: " + err.toString(StandardCharsets.UTF_8));
        }
    }

    SaEntry outbound() {
        return sad.get(outId).orElseThrow(() -> new AssertionError("outbound SA " + outId + " is gone"));
    }

    SaEntry inbound() {
        return sad.get(inId).orElseThrow(() -> new AssertionError("inbound SA " + inId + " is gone"));
    }

    /**
     * The plaintext packet {@code n}: IPv4 from 10.0.0.1 to 10.0.0.2, UDP from port 5000 to 5001, with {@code n} and a
     * pattern derived from it as payload.
     */
    static byte[] plaintext(long n) {
        byte[] p = new byte[20 + 8 + 40];
        ByteBuffer b = ByteBuffer.wrap(p);
        b.put((byte) 0x45).put((byte) 0).putShort((short) p.length).putShort((short) n).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        b.putShort(10, (short) InternetChecksum.compute(p, 0, 20));
        b.position(20);
        b.putShort((short) 5000).putShort((short) 5001).putShort((short) (p.length - 20)).putShort((short) 0);
        b.putLong(n);
        for (int i = 0; b.hasRemaining(); i++) {
            b.put((byte) (n * 31 + i));
        }
        return p;
    }

    /** Protects packet {@code n} under the outbound SA; null when no ESP transform is registered right now. */
    Sent send(long n) {
        IpsecTransform t = esp.getService();
        if (t == null) {
            return null;
        }
        byte[] p = plaintext(n);
        buffer.set(PacketBuffers.HEADROOM, p, 0, p.length);
        Verdict v = t.output(buffer, outbound());
        return new Sent(v, v == Verdict.OK ? buffer.toByteArray() : null);
    }

    /**
     * Opens {@code wire} (packet {@code n}) under the inbound SA: the verdict, or null when no ESP transform is
     * registered right now. An OK whose inner packet is not packet {@code n} byte for byte fails the test.
     */
    Verdict receive(byte[] wire, long n) {
        IpsecTransform t = esp.getService();
        if (t == null) {
            return null;
        }
        buffer.set(PacketBuffers.HEADROOM, wire, 0, wire.length);
        Verdict v = t.input(buffer, inbound());
        if (v == Verdict.OK && !Arrays.equals(buffer.toByteArray(), plaintext(n))) {
            throw new AssertionError("packet " + n + " decrypted to something else");
        }
        return v;
    }

    /** Sends and receives packet {@code n}, insisting that both succeed; returns its sequence number. */
    long roundTrip(long n) {
        Sent s = send(n);
        if (s == null || s.verdict() != Verdict.OK) {
            throw new AssertionError("packet " + n + " not protected: " + (s == null ? "no ESP transform" : s.verdict()));
        }
        Verdict v = receive(s.wire(), n);
        if (v != Verdict.OK) {
            throw new AssertionError("packet " + n + " not received: " + v);
        }
        return s.sequence();
    }

    @Override
    public void close() {
        esp.close();
    }
}
