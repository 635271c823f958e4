/**
 * The setkey(8) language parser: {@link org.ipsec4j.setkey.parse.SetkeyParser#parse(String)} turns setkey input into
 * {@link org.ipsec4j.setkey.Statement}s, or fails with a {@link org.ipsec4j.setkey.SetkeyParseException} at the first
 * error. {@link org.ipsec4j.setkey.parse.SetkeyLexer} splits the input into tokens; the statement parsers follow
 * ipsec-tools' {@code parse.y} and libipsec's {@code policy_parse.y}. Plain Java, no OSGi; private to the bundle.
 */
package org.ipsec4j.setkey.parse;
