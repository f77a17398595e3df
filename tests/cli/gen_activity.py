#!/usr/bin/env python3
"""gen_activity.py - write small synthetic GPX files for the classification
tests (tests/cli/classify.sh).  Not a test itself.

  gen_activity.py PATH START_EPOCH [--type T] [--name N] SEG [SEG...]

Each SEG is SECONDS:SPEED_M_S[:STEP_S[:CLIMB_M_S]], or "gap:SECONDS" (no
points, the clock moves on), or "trk" (a new <trk>), or
"jitter:SECONDS:METRES" (standing, each point up to METRES off the spot
north-south, deterministic).  The track goes due north (south for a
negative speed) from 46 N 14 E at 200 m, one point every STEP_S (default
1) seconds, climbing CLIMB_M_S (default 0), so the distance of a segment
is SECONDS x |SPEED| exactly (R = 6 371 008.8 m, as runrisk).
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
    ele = 200.0
    seed = 12345
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gpx version="1.1" creator="runrisk test" xmlns="http://www.topografix.com/GPX/1/1">']

    def open_trk():
        s = "<trk>"
        if name:
            s += "<name>%s</name>" % name
        if typ:
            s += "<type>%s</type>" % typ
        out.append(s + "<trkseg>")

    def point(dlat=0.0):
        out.append('<trkpt lat="%.9f" lon="14.000000000"><ele>%.2f</ele><time>%s</time></trkpt>'
                   % (lat + dlat, ele, iso(t)))

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
        if f[0] == "jitter":
            for _ in range(int(float(f[1]))):
                seed = (seed * 1103515245 + 12345) % 2**31
                t += 1
                point(math.degrees((seed / 2**31 * 2 - 1) * float(f[2]) / R))
            continue
        secs, v = float(f[0]), float(f[1])
        step = float(f[2]) if len(f) > 2 else 1.0
        vz = float(f[3]) if len(f) > 3 else 0.0
        for _ in range(int(secs / step)):
            t += step
            lat += math.degrees(v * step / R)
            ele += vz * step
            point()
    out.append("</trkseg></trk></gpx>")
    with open(path, "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)
