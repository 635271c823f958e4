package org.ipsec4j.management;

import java.util.Map;

/**
 * One SA of the SAD ({@code org.ipsec4j:type=SA,dst=...,proto=...,spi=0x...}). Every attribute is read from the SAD
 * when asked (the data path pays nothing for it); an SA that left the SAD meanwhile fails the read. Keys are never
 * shown, only the algorithms' names.
 */
public interface SaMXBean {
    /** The source address. */
    String getSource();

    /** The destination address. */
    String getDestination();

    /** The protocol's setkey name: {@code esp}, {@code ah}, {@code ipcomp}, ... */
    String getProtocol();

    /** The SPI (for IPComp the CPI), unsigned. */
    long getSpi();

    /** {@code transport}, {@code tunnel} or {@code any}. */
    String getMode();

    /** The reqid, unsigned. */
    long getReqid();

    /** {@code larval}, {@code mature}, {@code dying} or {@code dead}. */
    String getState();

    /** The encryption algorithm's setkey name, or an empty string. */
    String getEncryptionAlgorithm();

    /** The authentication algorithm's setkey name, or an empty string. */
    String getAuthenticationAlgorithm();

    /** The compression algorithm's setkey name, or an empty string. */
    String getCompressionAlgorithm();

    /** Packets protected (outbound SA) or verified (inbound SA). */
    long getPackets();

    /** Bytes counted against the byte lifetime. */
    long getBytes();

    /** The last sequence number sent, or the highest accepted. */
    long getSequence();

    /** Packets dropped under this SA, all reasons together. */
    long getDropped();

    /** Packets dropped under this SA by reason ({@code replay}, {@code badauth}, ...), the non-zero ones. */
    Map<String, Long> getDrops();

    /** When the SA was added, epoch milliseconds. */
    long getCreatedMillis();

    /** When the SA last carried a packet, epoch milliseconds; 0 if never. */
    long getLastUseMillis();

    /** The hard time lifetime in seconds; 0 for none. */
    long getHardLifetimeSeconds();

    /** The soft time lifetime in seconds; 0 for none. */
    long getSoftLifetimeSeconds();

    /** The hard byte lifetime; 0 for none. */
    long getHardLifetimeBytes();

    /** The soft byte lifetime; 0 for none. */
    long getSoftLifetimeBytes();
}
