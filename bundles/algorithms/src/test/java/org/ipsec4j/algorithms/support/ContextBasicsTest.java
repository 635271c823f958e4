package org.ipsec4j.algorithms.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContextBasicsTest {
    @Test
    void nullEncryptionLeavesTheDataAlone() {
        NullEncryptionContext c = new NullEncryptionContext();
        byte[] buf = {1, 2, 3, 4, 5};
        c.encrypt(new byte[0], 0, buf, 1, 3);
        c.decrypt(new byte[0], 0, buf, 0, 5);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, buf);
    }

    @Test
    void nullIntegrityHasAnEmptyIcvThatAlwaysVerifies() {
        NullIntegrityContext c = new NullIntegrityContext();
        byte[] buf = {9, 9};
        c.update(buf, 0, 2);
        c.finish(buf, 0);
        assertArrayEquals(new byte[] {9, 9}, buf);
        assertTrue(c.verify(buf, 2));
        assertEquals(0, c.macSize());
        assertEquals("null: ICV of 4 bytes, expected 0",
                assertThrows(IllegalArgumentException.class, () -> c.finish(buf, 0, 4)).getMessage());
    }

    @Test
    void aClosedContextRefusesWorkAndClosingTwiceIsHarmless() {
        NullEncryptionContext c = new NullEncryptionContext();
        c.close();
        c.close();
        assertEquals("null: context is closed", assertThrows(IllegalStateException.class,
                () -> c.encrypt(new byte[0], 0, new byte[1], 0, 1)).getMessage());
        assertEquals("null (closed)", c.toString());
    }

    @Test
    void icvCompareMatchesOnlyEqualBytesAtTheGivenOffset() {
        IcvCompare compare = new IcvCompare(4);
        byte[] mac = {1, 2, 3, 4, 5, 6};
        byte[] packet = {0, 0, 1, 2, 3, 4, 0};
        assertTrue(compare.equal(mac, packet, 2, 4));
        packet[5] ^= 1;
        assertFalse(compare.equal(mac, packet, 2, 4));
        assertTrue(compare.equal(mac, packet, 2, 3), "a shorter ICV, as for ah-old");
    }
}
