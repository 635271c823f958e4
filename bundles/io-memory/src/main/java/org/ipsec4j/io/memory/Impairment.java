package org.ipsec4j.io.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults a link injects for tests: each packet sent is lost with probability {@code loss} and, if not lost, gets one
 * byte flipped with probability {@code corrupt}. Draws from a shared xorshift generator seeded with {@code seed}, so
 * a single-threaded run is reproducible; lock-free and allocation-free.
 *
 * @param loss    probability of loss, 0 to 1
 * @param corrupt probability of corruption, 0 to 1
 * @param seed    the generator's seed
 */
public record Impairment(double loss, double corrupt, long seed) {
    /** No faults. */
    public static final Impairment NONE = new Impairment(0, 0, 1);

    public Impairment {
        if (!(loss >= 0 && loss <= 1) || !(corrupt >= 0 && corrupt <= 1)) {
            throw new IllegalArgumentException("loss and corrupt are probabilities from 0 to 1");
        }
    }

    boolean active() {
        return loss > 0 || corrupt > 0;
    }

    /** The generator state of one port. */
    static final class Dice {
        private final AtomicLong state;

        Dice(long seed) {
            state = new AtomicLong(seed == 0 ? 0x9E3779B97F4A7C15L : seed);
        }

        /** A uniform number in [0, 1). */
        double next() {
            long x = state.updateAndGet(Dice::step);
            return (x >>> 11) * 0x1.0p-53;
        }

        /** A uniform int in [0, bound). */
        int nextInt(int bound) {
            return (int) (next() * bound);
        }

        private static long step(long x) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            return x;
        }
    }
}
