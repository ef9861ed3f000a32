#!/usr/bin/env python3
"""Writes the events of dims archive files (YYYY.dimslog.z) as JSON Lines, one object per event, to stdout.

The reference for the archive size: the same events, every field, as a plain JSON Lines export would hold
them. It decodes the event stream format independently of dims (Sources/DIMSStore/EventStream.swift and
EventCodec.swift), so it also checks that format.

    python3 jsonl.py inventory/archive/*.dimslog.z > events.jsonl
"""
import datetime
import json
import struct
import sys
import zlib

KINDS = {1: "measured", 2: "measurement_failed", 3: "baseline_set", 4: "cache_written", 5: "cache_cleared",
         6: "snapshot_taken", 7: "imported"}
REASONS = {1: "update", 2: "verify_update", 3: "import", 4: "approval", 5: "manual"}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class Reader:
    def __init__(self, data, offset=0):
        self.data, self.offset = data, offset

    def u8(self):
        self.offset += 1
        return self.data[self.offset - 1]

    def varint(self):
        result = shift = 0
        while True:
            byte = self.u8()
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7

    def zigzag(self):
        v = self.varint()
        return (v >> 1) ^ -(v & 1)

    def raw(self, n):
        self.offset += n
        return self.data[self.offset - n:self.offset]

    def string(self):
        return self.raw(self.varint()).decode("utf-8")

    def value(self):
        tag = self.u8()
        if tag == 1:
            return self.zigzag()
        if tag == 2:
            return struct.unpack("<d", self.raw(8))[0]
        if tag == 3:
            return self.string()
        return self.u8() == 1


def iso(micros):
    return (EPOCH + datetime.timedelta(microseconds=micros)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event(seq, record):
    if zlib.crc32(record[:-4]) != struct.unpack("<I", record[-4:])[0]:
        sys.exit(f"event {seq} fails its checksum")
    r = Reader(record)
    version, kind = r.u8(), r.u8()
    ident = r.raw(16).hex()
    out = {"seq": seq, "id": f"{ident[:8]}-{ident[8:12]}-{ident[12:16]}-{ident[16:20]}-{ident[20:]}",
           "recorded": iso(r.zigzag()), "observed": iso(r.zigzag()), "actor": r.string(), "kind": KINDS.get(kind, f"unknown{kind}")}
    if version != 1 or kind not in KINDS:
        return out
    if kind == 1:
        out.update(metric=r.string(), value=r.value(), source=r.string(), duration_us=r.varint(), from_cache=r.u8() == 1)
    elif kind == 2:
        out.update(metric=r.string(), source=r.string(), reason=r.string())
    elif kind == 3:
        out["metric"] = r.string()
        out["previous"] = r.value() if r.u8() == 1 else None
        out.update(value=r.value(), reason=REASONS.get(r.u8(), "?"))
    elif kind == 4:
        out.update(key=r.string(), value=r.value(), expires=iso(r.zigzag()))
    elif kind == 5:
        out["key"] = r.string() if r.u8() == 1 else None
    elif kind == 6:
        out["day"] = (EPOCH + datetime.timedelta(days=r.zigzag())).strftime("%Y-%m-%d")
    else:
        out.update(what=r.string(), source=r.string())
    return out


def main(paths):
    write = sys.stdout.write
    for path in paths:
        with open(path, "rb") as f:
            data = zlib.decompress(f.read())
        if data[:7] != b"DIMSLOG" or zlib.crc32(data[:-4]) != struct.unpack("<I", data[-4:])[0]:
            sys.exit(f"{path}: not a whole DIMSLOG stream")
        r = Reader(data, 8)
        count = r.varint()
        r.varint(), r.varint(), r.zigzag(), r.zigzag()
        for _ in range(count):
            seq, length = r.varint(), r.varint()
            write(json.dumps(event(seq, r.raw(length)), separators=(",", ":"), ensure_ascii=False) + "\n")
        if r.offset != len(data) - 4:
            sys.exit(f"{path}: {len(data) - 4 - r.offset} bytes after the last event")


if __name__ == "__main__":
    main(sys.argv[1:])
