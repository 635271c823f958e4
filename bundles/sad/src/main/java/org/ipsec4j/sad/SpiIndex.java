package org.ipsec4j.sad;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The inbound index of an {@link SaTable}: (destination address, IP protocol, SPI) to SA, as a hash table of immutable
 * chains. Readers take no lock and allocate nothing: they read the volatile table reference, then a bucket with
 * acquire semantics, and compare the address bytes in place. Writers are serialized by the table's writer lock; they
 * replace a bucket's chain (copying the nodes in front of a removed one) and publish a grown table through the
 * volatile reference, so a reader always walks a consistent chain.
 */
final class SpiIndex {
    private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Node[].class);

    private static final class Node {
        final int hash;
        final int ipProtocol;
        final int spi;
        final byte[] destination;
        final SaRecord record;
        final Node next;

        Node(int hash, int ipProtocol, int spi, byte[] destination, SaRecord record, Node next) {
            this.hash = hash;
            this.ipProtocol = ipProtocol;
            this.spi = spi;
            this.destination = destination;
            this.record = record;
            this.next = next;
        }

        boolean matches(int h, byte[] buf, int off, int len, int proto, int s) {
            if (hash != h || spi != s || ipProtocol != proto || destination.length != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (destination[i] != buf[off + i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private volatile Node[] table = new Node[64];
    /** Entries in the table; writers only. */
    private int size;

    /** The SA for this key, or null. Lock-free, allocation-free. */
    SaRecord find(byte[] buf, int off, int len, int ipProtocol, int spi) {
        int h = hash(buf, off, len, ipProtocol, spi);
        Node[] t = table;
        Node n = (Node) BUCKETS.getAcquire(t, h & (t.length - 1));
        while (n != null) {
            if (n.matches(h, buf, off, len, ipProtocol, spi)) {
                return n.record;
            }
            n = n.next;
        }
        return null;
    }

    /** Adds {@code record} under its key; the caller checked that the key is free. Writers only. */
    void put(SaRecord record) {
        byte[] dst = record.sa().destination().getAddress();
        int proto = record.sa().protocol().ipProtocol();
        int spi = record.sa().spi();
        if (size + 1 > table.length - (table.length >>> 2)) {
            grow();
        }
        Node[] t = table;
        int h = hash(dst, 0, dst.length, proto, spi);
        int i = h & (t.length - 1);
        BUCKETS.setRelease(t, i, new Node(h, proto, spi, dst, record, (Node) BUCKETS.getAcquire(t, i)));
        size++;
    }

    /** Removes {@code record} (by identity) if present. Writers only. */
    boolean remove(SaRecord record) {
        byte[] dst = record.sa().destination().getAddress();
        int proto = record.sa().protocol().ipProtocol();
        int spi = record.sa().spi();
        Node[] t = table;
        int h = hash(dst, 0, dst.length, proto, spi);
        int i = h & (t.length - 1);
        Node head = (Node) BUCKETS.getAcquire(t, i);
        Node rebuilt = without(head, record);
        if (rebuilt == head) {
            return false;
        }
        BUCKETS.setRelease(t, i, rebuilt);
        size--;
        return true;
    }

    /** The chain without {@code record}: the nodes in front of it are copied, the tail is shared. */
    private static Node without(Node head, SaRecord record) {
        int before = 0;
        Node target = head;
        while (target != null && target.record != record) {
            target = target.next;
            before++;
        }
        if (target == null) {
            return head;
        }
        Node[] front = new Node[before];
        Node n = head;
        for (int i = 0; i < before; i++, n = n.next) {
            front[i] = n;
        }
        Node rest = target.next;
        for (int i = before - 1; i >= 0; i--) {
            n = front[i];
            rest = new Node(n.hash, n.ipProtocol, n.spi, n.destination, n.record, rest);
        }
        return rest;
    }

    /** Empties the index. Writers only. */
    void clear() {
        table = new Node[64];
        size = 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        Node[] old = table;
        Node[] t = new Node[old.length * 2];
        for (Node head : old) {
            for (Node n = head; n != null; n = n.next) {
                int i = n.hash & (t.length - 1);
                t[i] = new Node(n.hash, n.ipProtocol, n.spi, n.destination, n.record, t[i]);
            }
        }
        table = t;
    }

    static int hash(byte[] buf, int off, int len, int ipProtocol, int spi) {
        int h = spi * 0x9E3779B9 + ipProtocol;
        for (int i = 0; i < len; i++) {
            h = h * 31 + buf[off + i];
        }
        return mix(h);
    }

    /** The finalizer of MurmurHash3: spreads every input bit over the low bits a table index uses. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
