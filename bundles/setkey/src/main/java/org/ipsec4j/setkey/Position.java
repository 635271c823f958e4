package org.ipsec4j.setkey;

/** Where a statement or token starts in setkey input: line and column, both from 1. */
public record Position(int line, int column) {
    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
