#!/usr/bin/env python3
"""gen_activity.py - write small synthetic GPX files for the classification
tests (tests/cli/classify.sh).  Not a test itself.

  gen_activity.py PATH START_EPOCH [--type T] [--name N] SEG [SEG...]

Each SEG is SECONDS:SPEED_M_S[:STEP_S], or "gap:SECONDS" (no points, the
clock moves on), or "trk" (a new <trk>).  The track goes due north from
46 N 14 E, one point every STEP_S (default 1) seconds, so the distance of
a segment is SECONDS x SPEED exactly (R = 6 371 008.8 m, as runrisk).
"""
import math
import sys
import time

R = 6371008.8


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def main(argv):
    path, t = argv[1], float(argv[2])
    args = argv[3:]
    typ = name = None
    while args and args[0].startswith("--"):
        if args[0] == "--type":
            typ = args[1]
        elif args[0] == "--name":
            name = args[1]
        args = args[2:]
    lat = 46.0
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gpx version="1.1" creator="runrisk test" xmlns="http://www.topografix.com/GPX/1/1">']

    def open_trk():
        s = "<trk>"
        if name:
            s += "<name>%s</name>" % name
        if typ:
            s += "<type>%s</type>" % typ
        out.append(s + "<trkseg>")

    def point():
        out.append('<trkpt lat="%.9f" lon="14.000000000"><ele>200.0</ele><time>%s</time></trkpt>'
                   % (lat, iso(t)))

    open_trk()
    point()
    for seg in args:
        if seg == "trk":
            out.append("</trkseg></trk>")
            open_trk()
            point()
            continue
        f = seg.split(":")
        if f[0] == "gap":
            t += float(f[1])
            continue
        secs, v = float(f[0]), float(f[1])
        step = float(f[2]) if len(f) > 2 else 1.0
        for _ in range(int(secs / step)):
            t += step
            lat += math.degrees(v * step / R)
            point()
    out.append("</trkseg></trk></gpx>")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)
