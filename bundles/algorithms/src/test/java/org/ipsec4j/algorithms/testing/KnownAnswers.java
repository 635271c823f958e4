package org.ipsec4j.algorithms.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The known-answer vectors of {@code /vectors/} (see its README) with strongSwan's algorithm identifiers mapped to
 * setkey names. Vectors of algorithms ipsec4j does not offer (AES-CCM, the RFC 4434/4615 PRF variants with keys that
 * are not 128 bits) are left out. {@code hmac-sha256-96} (Linux's 96-bit ICV) has the RFC 4231 outputs and RFC 4868's
 * HMAC-SHA-256-128 ICVs, each truncated to 96 bits.
 */
public final class KnownAnswers {
    /** An encryption vector: {@code cipher} is {@code plain} encrypted under {@code key} with {@code iv}. */
    public record CipherVector(String name, String algorithm, byte[] key, byte[] iv, byte[] plain, byte[] cipher) {
        @Override
        public String toString() {
            return algorithm + " " + name;
        }
    }

    /** A combined-mode vector: {@code sealed} is the ciphertext followed by the ICV. */
    public record AeadVector(String name, String algorithm, byte[] key, byte[] iv, byte[] aad, byte[] plain,
            byte[] sealed) {
        @Override
        public String toString() {
            return algorithm + " " + name;
        }
    }

    /** A MAC vector: {@code mac} is the first {@code mac.length} bytes of the MAC of {@code data}. */
    public record MacVector(String name, String algorithm, byte[] key, byte[] data, byte[] mac) {
        @Override
        public String toString() {
            return algorithm + " " + name + " (" + mac.length + " bytes)";
        }
    }

    /** A compression vector: {@code compressed} decompresses to {@code plain}. */
    public record CompressionVector(String name, String algorithm, byte[] plain, byte[] compressed) {
        @Override
        public String toString() {
            return algorithm + " " + name;
        }
    }

    private static final Map<String, String> STRONGSWAN_CIPHERS = Map.of("ENCR_AES_CBC", "aes-cbc", "ENCR_AES_CTR",
            "aes-ctr", "ENCR_NULL", "null", "ENCR_3DES", "3des-cbc", "ENCR_DES", "des-cbc", "ENCR_DES_ECB", "des-cbc",
            "ENCR_CAMELLIA_CBC", "camellia-cbc", "ENCR_BLOWFISH", "blowfish-cbc", "ENCR_CAST", "cast128-cbc",
            "ENCR_TWOFISH_CBC", "twofish-cbc");
    private static final Map<String, String> STRONGSWAN_AEADS = Map.of("ENCR_AES_GCM_ICV16", "aes-gcm-16",
            "ENCR_AES_GCM_ICV12", "aes-gcm-12", "ENCR_AES_GCM_ICV8", "aes-gcm-8", "ENCR_CHACHA20_POLY1305",
            "chacha20-poly1305");
    /**
     * strongSwan signer and PRF identifiers: setkey name and how many bytes of the vector's MAC count, then as many more
     * pairs as other algorithms share the vector.
     */
    private static final Map<String, Object[]> STRONGSWAN_MACS = Map.ofEntries(
            Map.entry("AUTH_HMAC_MD5_96", new Object[] {"hmac-md5", 12}),
            Map.entry("AUTH_HMAC_MD5_128", new Object[] {"hmac-md5", 16}),
            Map.entry("PRF_HMAC_MD5", new Object[] {"hmac-md5", 16}),
            Map.entry("AUTH_HMAC_SHA1_96", new Object[] {"hmac-sha1", 12}),
            Map.entry("AUTH_HMAC_SHA1_128", new Object[] {"hmac-sha1", 16}),
            Map.entry("AUTH_HMAC_SHA1_160", new Object[] {"hmac-sha1", 20}),
            Map.entry("PRF_HMAC_SHA1", new Object[] {"hmac-sha1", 20}),
            Map.entry("AUTH_HMAC_SHA2_256_128", new Object[] {"hmac-sha256", 16, "hmac-sha256-96", 12}),
            Map.entry("PRF_HMAC_SHA2_256", new Object[] {"hmac-sha256", 32}),
            Map.entry("AUTH_HMAC_SHA2_384_192", new Object[] {"hmac-sha384", 24}),
            Map.entry("PRF_HMAC_SHA2_384", new Object[] {"hmac-sha384", 48}),
            Map.entry("AUTH_HMAC_SHA2_512_256", new Object[] {"hmac-sha512", 32}),
            Map.entry("PRF_HMAC_SHA2_512", new Object[] {"hmac-sha512", 64}),
            Map.entry("AUTH_AES_XCBC_96", new Object[] {"aes-xcbc-mac", 12}),
            Map.entry("PRF_AES128_XCBC", new Object[] {"aes-xcbc-mac", 16}),
            Map.entry("AUTH_AES_CMAC_96", new Object[] {"aes-cmac", 12}),
            Map.entry("PRF_AES128_CMAC", new Object[] {"aes-cmac", 16}));

    private static final List<CipherVector> CIPHERS = new ArrayList<>();
    private static final List<AeadVector> AEADS = new ArrayList<>();
    private static final List<MacVector> MACS = new ArrayList<>();
    private static final List<CompressionVector> COMPRESSIONS = new ArrayList<>();

    static {
        JsonObject files = read("strongswan_test_vectors.json").getAsJsonObject("files");
        for (Map.Entry<String, JsonElement> file : files.entrySet()) {
            for (JsonElement e : file.getValue().getAsJsonArray()) {
                strongswan(e.getAsJsonObject());
            }
        }
        JsonObject rfc = read("hmac_rfc4231_rfc2202.json");
        for (JsonElement e : rfc.getAsJsonArray("rfc4231")) {
            JsonObject o = e.getAsJsonObject();
            for (String sha : List.of("256", "384", "512")) {
                MACS.add(new MacVector("rfc4231_" + o.get("case"), "hmac-sha" + sha, hex(o, "key_hex"),
                        hex(o, "data_hex"), hex(o, "hmac_sha" + sha)));
            }
            MACS.add(new MacVector("rfc4231_" + o.get("case"), "hmac-sha256-96", hex(o, "key_hex"),
                    hex(o, "data_hex"), Arrays.copyOf(hex(o, "hmac_sha256"), 12)));
        }
        for (String md : List.of("md5", "sha1")) {
            for (JsonElement e : rfc.getAsJsonArray("rfc2202_" + md)) {
                JsonObject o = e.getAsJsonObject();
                MACS.add(new MacVector("rfc2202_" + o.get("case"), "hmac-" + md, hex(o, "key_hex"),
                        hex(o, "data_hex"), hex(o, "hmac_" + md)));
            }
        }
        JsonObject extra = read("extra_vectors.json");
        for (JsonElement e : extra.getAsJsonArray("mac")) {
            JsonObject o = e.getAsJsonObject();
            MACS.add(new MacVector(str(o, "name"), str(o, "algorithm"), hex(o, "key"), hex(o, "data"), hex(o, "mac")));
        }
        for (JsonElement e : extra.getAsJsonArray("aead")) {
            JsonObject o = e.getAsJsonObject();
            AEADS.add(new AeadVector(str(o, "name"), str(o, "algorithm"), hex(o, "key"), hex(o, "iv"), hex(o, "aad"),
                    hex(o, "plain"), hex(o, "sealed")));
        }
        for (JsonElement e : extra.getAsJsonArray("compression")) {
            JsonObject o = e.getAsJsonObject();
            COMPRESSIONS.add(new CompressionVector(str(o, "name"), str(o, "algorithm"), hex(o, "plain"),
                    hex(o, "compressed")));
        }
        for (JsonElement e : extra.getAsJsonArray("cipher")) {
            JsonObject o = e.getAsJsonObject();
            CIPHERS.add(new CipherVector(str(o, "name"), str(o, "algorithm"), hex(o, "key"), hex(o, "iv"),
                    hex(o, "plain"), hex(o, "cipher")));
        }
    }

    private KnownAnswers() {
    }

    public static List<CipherVector> ciphers() {
        return List.copyOf(CIPHERS);
    }

    public static List<AeadVector> aeads() {
        return List.copyOf(AEADS);
    }

    public static List<MacVector> macs() {
        return List.copyOf(MACS);
    }

    public static List<CompressionVector> compressions() {
        return List.copyOf(COMPRESSIONS);
    }

    private static void strongswan(JsonObject v) {
        String alg = str(v, "alg");
        String name = str(v, "name");
        switch (str(v, "type")) {
            case "crypter_test_vector_t" -> {
                String setkey = STRONGSWAN_CIPHERS.get(alg);
                if (setkey != null) {
                    // ECB of one block is CBC with an all-zero IV
                    byte[] iv = alg.equals("ENCR_DES_ECB") ? new byte[8] : hex(v, "iv");
                    CIPHERS.add(new CipherVector(name, setkey, hex(v, "key"), iv, hex(v, "plain"), hex(v, "cipher")));
                }
            }
            case "aead_test_vector_t" -> {
                String setkey = STRONGSWAN_AEADS.get(alg);
                if (setkey != null) {
                    byte[] aad = v.has("adata") ? hex(v, "adata") : new byte[0];
                    AEADS.add(new AeadVector(name, setkey, hex(v, "key"), hex(v, "iv"), aad, hex(v, "plain"),
                            hex(v, "cipher")));
                }
            }
            case "signer_test_vector_t", "prf_test_vector_t" -> {
                Object[] m = STRONGSWAN_MACS.get(alg);
                if (m == null) {
                    return;
                }
                boolean prf = str(v, "type").startsWith("prf");
                byte[] key = hex(v, "key");
                if (alg.startsWith("PRF_AES128") && key.length != 16) {
                    return; // RFC 4434 / RFC 4615 derive a 128-bit key first: a PRF, not the IPsec MAC
                }
                byte[] mac = hex(v, prf ? "out" : "mac");
                for (int i = 0; i < m.length; i += 2) {
                    MACS.add(new MacVector(name, (String) m[i], key, hex(v, prf ? "seed" : "data"),
                            Arrays.copyOf(mac, (Integer) m[i + 1])));
                }
            }
            default -> throw new IllegalStateException("unknown vector type in " + name);
        }
    }

    private static JsonObject read(String file) {
        try (InputStream in = KnownAnswers.class.getResourceAsStream("/vectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /vectors/" + file);
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String str(JsonObject o, String field) {
        return o.get(field).getAsString();
    }

    private static byte[] hex(JsonObject o, String field) {
        return HexFormat.of().parseHex(str(o, field));
    }

    /** How many vectors the algorithm called {@code algorithm} has, of every kind. */
    public static int count(String algorithm) {
        return (int) (CIPHERS.stream().filter(v -> v.algorithm().equals(algorithm)).count()
                + AEADS.stream().filter(v -> v.algorithm().equals(algorithm)).count()
                + MACS.stream().filter(v -> v.algorithm().equals(algorithm)).count()
                + COMPRESSIONS.stream().filter(v -> v.algorithm().equals(algorithm)).count());
    }
}
