#!/usr/bin/env python3
"""gen.py - write a large, realistic TCX or GPX run for the memory measurement.

usage: gen.py tcx|gpx OUT TARGET_MB

A running activity sampled every second, written the way Garmin Connect
exports it: TCX with a lap per kilometre, Position, AltitudeMeters,
DistanceMeters, HeartRateBpm and an ActivityExtension v2 TPX block with
Speed and RunCadence; GPX 1.1 with <ele>, <time> and a Garmin
TrackPointExtension (hr, cad).  The course wanders over rolling hills at
2.8 to 3.8 m/s with a little GPS jitter, deterministically (no random
seed), so every run of the script writes the same bytes.

Prints "points=N bytes=B" on stdout.
"""
import math
import sys
from datetime import datetime, timedelta, timezone

R = 6371008.8
START = datetime(2024, 3, 2, 7, 0, 0, tzinfo=timezone.utc)


def samples():
    """Endless 1 Hz samples: (t, lat, lon, ele, dist, speed, hr, cad)."""
    lat, lon, dist, heading = 46.05, 14.50, 0.0, 0.3
    i = 0
    while True:
        speed = 3.3 + 0.5 * math.sin(i / 97.0) * math.sin(i / 13.0)
        heading += 0.02 * math.sin(i / 41.0)
        step = speed
        lat += math.degrees(step * math.cos(heading) / R)
        lon += math.degrees(step * math.sin(heading) / (R * math.cos(math.radians(lat))))
        jitter = 1.5e-6 * math.sin(i * 12.9898)
        ele = 300 + 40 * math.sin(i / 900.0) + 8 * math.sin(i / 77.0) + 0.4 * math.sin(i * 7.7)
        dist += step
        hr = 140 + 15 * math.sin(i / 600.0) + 5 * math.sin(i / 37.0)
        cad = 86 + 3 * math.sin(i / 53.0)
        yield (START + timedelta(seconds=i), lat + jitter, lon - jitter, ele, dist,
               speed, hr, cad)
        i += 1


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


TCX_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd" xmlns:ns5="http://www.garmin.com/xmlschemas/ActivityGoals/v1" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2" xmlns:ns2="http://www.garmin.com/xmlschemas/UserProfile/v2" xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Activities>
    <Activity Sport="Running">
      <Id>{start}</Id>
"""
TCX_LAP_HEAD = """      <Lap StartTime="{t}">
        <TotalTimeSeconds>{secs:.1f}</TotalTimeSeconds>
        <DistanceMeters>{dist:.1f}</DistanceMeters>
        <Calories>{cal}</Calories>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
        <Track>
"""
TCX_POINT = """          <Trackpoint>
            <Time>{t}</Time>
            <Position>
              <LatitudeDegrees>{lat:.14f}</LatitudeDegrees>
              <LongitudeDegrees>{lon:.14f}</LongitudeDegrees>
            </Position>
            <AltitudeMeters>{ele:.13f}</AltitudeMeters>
            <DistanceMeters>{dist:.13f}</DistanceMeters>
            <HeartRateBpm>
              <Value>{hr:.0f}</Value>
            </HeartRateBpm>
            <Extensions>
              <ns3:TPX>
                <ns3:Speed>{speed:.13f}</ns3:Speed>
                <ns3:RunCadence>{cad:.0f}</ns3:RunCadence>
              </ns3:TPX>
            </Extensions>
          </Trackpoint>
"""
TCX_LAP_TAIL = """        </Track>
      </Lap>
"""
TCX_TAIL = """      <Creator xsi:type="Device_t">
        <Name>Forerunner 245</Name>
        <UnitId>3999999999</UnitId>
        <ProductID>3076</ProductID>
      </Creator>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""

GPX_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/11.xsd" xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns2="http://www.garmin.com/xmlschemas/GpxExtensions/v3">
  <metadata>
    <time>{start}</time>
  </metadata>
  <trk>
    <name>Long run</name>
    <type>running</type>
    <trkseg>
"""
GPX_POINT = """      <trkpt lat="{lat:.14f}" lon="{lon:.14f}">
        <ele>{ele:.13f}</ele>
        <time>{t}</time>
        <extensions>
          <ns3:TrackPointExtension>
            <ns3:hr>{hr:.0f}</ns3:hr>
            <ns3:cad>{cad:.0f}</ns3:cad>
          </ns3:TrackPointExtension>
        </extensions>
      </trkpt>
"""
GPX_TAIL = """    </trkseg>
  </trk>
</gpx>
"""


def write_tcx(out, target):
    n = 0
    lap_m = 1000.0
    out.write(TCX_HEAD.format(start=iso(START)))
    lap_points, lap_start = [], None
    for t, lat, lon, ele, dist, speed, hr, cad in samples():
        if lap_start is None:
            lap_start = (t, dist - speed)
        lap_points.append(TCX_POINT.format(t=iso(t), lat=lat, lon=lon, ele=ele, dist=dist,
                                           hr=hr, speed=speed, cad=cad))
        n += 1
        if dist - lap_start[1] >= lap_m:
            secs = (t - lap_start[0]).total_seconds() + 1
            out.write(TCX_LAP_HEAD.format(t=iso(lap_start[0]), secs=secs,
                                          dist=dist - lap_start[1], cal=int(secs / 5)))
            out.write("".join(lap_points))
            out.write(TCX_LAP_TAIL)
            lap_points, lap_start = [], None
            if out.tell() >= target:
                break
    out.write(TCX_TAIL)
    return n


def write_gpx(out, target):
    n = 0
    out.write(GPX_HEAD.format(start=iso(START)))
    for t, lat, lon, ele, dist, speed, hr, cad in samples():
        out.write(GPX_POINT.format(lat=lat, lon=lon, ele=ele, t=iso(t), hr=hr, cad=cad))
        n += 1
        if n % 1000 == 0 and out.tell() >= target:
            break
    out.write(GPX_TAIL)
    return n


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("tcx", "gpx"):
        sys.stderr.write(__doc__)
        return 2
    kind, path, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(path, "w", encoding="utf-8") as out:
        n = (write_tcx if kind == "tcx" else write_gpx)(out, int(mb * 1e6))
        size = out.tell()
    print(f"points={n} bytes={size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
