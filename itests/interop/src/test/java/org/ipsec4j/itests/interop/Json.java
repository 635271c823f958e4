package org.ipsec4j.itests.interop;

import java.util.List;

/** Just enough JSON writing for the scripts' case lists: objects of strings, numbers and booleans. */
final class Json {
    private Json() {
    }

    static String field(String name, String value) {
        return quote(name) + ":" + quote(value);
    }

    static String field(String name, long value) {
        return quote(name) + ":" + value;
    }

    static String field(String name, boolean value) {
        return quote(name) + ":" + value;
    }

    /** A JSON array of already-written values. */
    static String array(List<String> values) {
        return "[\n" + String.join(",\n", values) + "\n]\n";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
