package org.ipsec4j.sad;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.ipsec4j.sad.persist.SequenceStore;

/**
 * Where the SAD keeps its sequence state, from framework properties: {@value #DIR} (default {@code sad/} in the run
 * directory {@value #RUN_DIR}; without either, sequence numbers are not persisted), {@value #ENABLED} ({@code false}
 * turns persistence off) and {@value #BLOCK} (numbers leased per write, default
 * {@value SequenceStore#DEFAULT_BLOCK}).
 */
final class SequenceStoreSettings {
    /** The gateway's run directory, set by the launcher. */
    static final String RUN_DIR = "ipsec4j.run.dir";
    /** The directory of the sequence state. */
    static final String DIR = "ipsec4j.sad.sequence.dir";
    /** {@code false} turns persistence off. */
    static final String ENABLED = "ipsec4j.sad.sequence.persist";
    /** Numbers leased per write. */
    static final String BLOCK = "ipsec4j.sad.sequence.block";
    private static final System.Logger LOG = System.getLogger(SequenceStoreSettings.class.getName());

    private SequenceStoreSettings() {
    }

    /**
     * The store the properties ask for, or null when persistence is off. A directory that cannot be used gives a store
     * that refuses every SA (logged), never a silent fallback to numbers from 1.
     */
    static SequenceStore open(UnaryOperator<String> properties) {
        if ("false".equalsIgnoreCase(trim(properties.apply(ENABLED)))) {
            LOG.log(Level.INFO, "outbound sequence numbers are not persisted ({0} = false)", ENABLED);
            return null;
        }
        String dir = trim(properties.apply(DIR));
        String run = trim(properties.apply(RUN_DIR));
        if (dir == null && run == null) {
            return null;
        }
        Path path = dir != null ? Path.of(dir) : Path.of(run, "sad");
        int block = SequenceStore.DEFAULT_BLOCK;
        String b = trim(properties.apply(BLOCK));
        if (b != null) {
            try {
                block = Integer.parseInt(b);
                if (block < 16 || block > (1 << 30)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "{0} = {1} is not a number from 16 to 2^30; using {2}", BLOCK, b,
                        SequenceStore.DEFAULT_BLOCK);
                block = SequenceStore.DEFAULT_BLOCK;
            }
        }
        try {
            SequenceStore store = SequenceStore.open(path, block);
            LOG.log(Level.INFO, "outbound sequence numbers persist in {0} (blocks of {1})", path, block);
            return store;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "cannot use {0} for the sequence state ({1}); every SA is refused outbound until it "
                    + "can be used", path, e.toString());
            return SequenceStore.unavailable(path, e.toString());
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
