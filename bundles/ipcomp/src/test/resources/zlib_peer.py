#!/usr/bin/python3
"""Deflate peer for ipsec4j's IPComp tests: Python's zlib (the C zlib, an implementation independent of the JDK's
java.util.zip bindings) in raw deflate form (wbits=-15: RFC 1951, no zlib header or checksum), as RFC 2394 sends it.

Reads one JSON request per line on stdin, answers one JSON object per line on stdout:
  {"op": "deflate", "data": hex, "level": n, "strategy": "default"|"fixed"|"huffman"} -> {"data": hex}
  {"op": "inflate", "data": hex}  -> {"data": hex} or {"error": text} (corrupt or incomplete stream, or trailing bytes)
"""
import json
import sys
import traceback
import zlib

STRATEGIES = {"default": zlib.Z_DEFAULT_STRATEGY, "fixed": zlib.Z_FIXED, "huffman": zlib.Z_HUFFMAN_ONLY}


def handle(req):
    data = bytes.fromhex(req["data"])
    if req["op"] == "deflate":
        c = zlib.compressobj(req.get("level", 6), zlib.DEFLATED, -15, 8, STRATEGIES[req.get("strategy", "default")])
        return {"data": (c.compress(data) + c.flush()).hex()}
    if req["op"] == "inflate":
        d = zlib.decompressobj(-15)
        try:
            out = d.decompress(data) + d.flush()
        except zlib.error as e:
            return {"error": str(e)}
        if not d.eof or d.unused_data:
            return {"error": "incomplete stream or trailing bytes"}
        return {"data": out.hex()}
    raise ValueError("unknown op " + req["op"])


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line))
        except Exception:
            answer = {"exception": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
