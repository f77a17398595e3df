#!/usr/bin/env python3
"""mkzip.py - write the zip fixtures of tests/cli/zip.sh (not a test itself).

  mkzip.py tree OUT.zip DIR [--stored] [--garbage]
      DIR's files under their relative paths (a Strava bulk export when DIR
      holds activities.csv and activities/); --stored: no compression (the
      zip's size is then fixed by the names and sizes); --garbage: every
      file's bytes but the CSVs' replaced by as many 'x' (same listing and
      size, unreadable activities)
  mkzip.py garmin OUT.zip DIR
      a Garmin Connect export: DI_CONNECT/DI-Connect-Uploaded-Files/
      UploadedFiles_0-_Part1.zip holding DIR's files (flat), and a JSON
      profile beside it
  mkzip.py bomb OUT.zip MIB       one member of MIB MiB of zeros, declared
  mkzip.py liar OUT.zip MIB       the same, its headers claiming 1000 bytes
  mkzip.py dotdot OUT.zip FILE    FILE as activities/ok.gpx and as ../evil.gpx
  mkzip.py absolute OUT.zip FILE  FILE as activities/ok.gpx and as /tmp/evil.gpx
  mkzip.py deep OUT.zip FILE      FILE in a zip in a zip in OUT.zip (depth 3)

--stream (any mode): written as to a pipe, sizes in data descriptors after
each member's data and none in the local headers.

Deterministic: members in sorted order, every timestamp 2024-01-01 00:00,
fixed permissions, deflate level 6: the same input gives the same bytes.
"""
import io
import os
import struct
import sys
import zipfile

STAMP = (2024, 1, 1, 0, 0, 0)


def info(name, stored=False):
    zi = zipfile.ZipInfo(name, date_time=STAMP)
    zi.create_system = 3
    zi.external_attr = 0o100644 << 16
    zi.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return zi


class Unseekable(io.BytesIO):
    """A stream zipfile cannot seek: it then writes data descriptors
    (sizes after the data), as Java's ZipOutputStream does."""

    def seekable(self):
        return False

    def seek(self, *a):
        raise io.UnsupportedOperation("seek")


STREAM = False


def zip_bytes(members, stored=False):
    """members: list of (name, bytes); returns the zip as bytes."""
    buf = Unseekable() if STREAM else io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            z.writestr(info(name, stored), data, compresslevel=None if stored else 6)
    return buf.getvalue()


def tree_members(d, garbage=False):
    out = []
    for root, dirs, files in os.walk(d):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            rel = os.path.relpath(p, d).replace(os.sep, "/")
            with open(p, "rb") as fh:
                data = fh.read()
            if garbage and not rel.endswith(".csv"):
                data = b"x" * len(data)
            out.append((rel, data))
    out.sort()
    return out


def patch_sizes(data, claimed):
    """Set every local and central uncompressed-size field to claimed."""
    b = bytearray(data)
    i = 0
    while True:
        i = b.find(b"PK\x03\x04", i)
        if i < 0:
            break
        struct.pack_into("<I", b, i + 22, claimed)
        i += 4
    i = 0
    while True:
        i = b.find(b"PK\x01\x02", i)
        if i < 0:
            break
        struct.pack_into("<I", b, i + 24, claimed)
        i += 4
    return bytes(b)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    global STREAM
    mode, out = argv[1], argv[2]
    args = [a for a in argv[3:] if a != "--stream"]
    STREAM = "--stream" in argv[3:]
    if mode == "tree":
        data = zip_bytes(tree_members(args[0], "--garbage" in args), "--stored" in args)
    elif mode == "garmin":
        inner = zip_bytes([(os.path.basename(n), d) for n, d in tree_members(args[0])])
        data = zip_bytes([
            ("DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", inner),
            ("DI_CONNECT/DI-Connect-User/user_profile.json", b'{"userName": "fixture"}\n'),
        ])
    elif mode in ("bomb", "liar"):
        data = zip_bytes([("activities/big.gpx", bytes(int(args[0]) << 20))])
        if mode == "liar":
            data = patch_sizes(data, 1000)
    elif mode in ("dotdot", "absolute"):
        with open(args[0], "rb") as fh:
            run = fh.read()
        bad = "../evil.gpx" if mode == "dotdot" else "/tmp/evil.gpx"
        data = zip_bytes([("activities/ok.gpx", run), (bad, run)])
    elif mode == "deep":
        with open(args[0], "rb") as fh:
            run = fh.read()
        level3 = zip_bytes([("run.gpx", run)])
        level2 = zip_bytes([("level3.zip", level3)])
        data = zip_bytes([("level2.zip", level2)])
    else:
        sys.exit("mkzip.py: unknown mode " + mode)
    with open(out, "wb") as fh:
        fh.write(data)


if __name__ == "__main__":
    main(sys.argv)
