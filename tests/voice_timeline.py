#!/usr/bin/python3
"""Where the speech is in a voice-only render, against the lines Limber logged.

Usage: voice_timeline.py WAV STATS FROM_S [--quiet]

WAV is a voice-only render (`limber --stats STATS export ROUTINE --sounds voice`, its sound
decoded and cut with sox so that it starts FROM_S seconds into the file); STATS holds the
export's "line" records (each spoken line's time in the file and its length as the voice bank
made it). sox decodes the WAV to samples; the speech is found from the RMS of 10 ms windows
(above -50 dBFS, pauses under 120 ms joined). Checks that every stretch of speech lies inside
one logged line (so nothing else is heard), that every logged line is heard from its instant
(within 60 ms: a soft first consonant), and that no two logged lines overlap. Prints the
figures and each line with where its speech is; the last line is "N passed, N failed" and the
exit status is 1 when a check failed.
"""
import json
import struct
import subprocess
import sys

WINDOW = 480          # 10 ms at 48 kHz
THRESHOLD = 0.00316   # -50 dBFS
JOIN_S = 0.12
ONSET_S = 0.06


def speech(wav):
    raw = subprocess.run(["sox", wav, "-t", "f32", "-c", "1", "-r", "48000", "-"],
                         capture_output=True, check=True).stdout
    x = struct.unpack("<%df" % (len(raw) // 4), raw)
    segs = []
    for k in range(len(x) // WINDOW):
        w = x[k * WINDOW:(k + 1) * WINDOW]
        if (sum(v * v for v in w) / WINDOW) ** 0.5 <= THRESHOLD:
            continue
        t = k * WINDOW / 48000
        if segs and t - segs[-1][1] <= JOIN_S:
            segs[-1][1] = t + WINDOW / 48000
        else:
            segs.append([t, t + WINDOW / 48000])
    return segs, len(x) / 48000


def main(argv):
    wav, stats, start = argv[1], argv[2], float(argv[3])
    quiet = "--quiet" in argv
    segs, length = speech(wav)
    lines = []
    with open(stats, encoding="utf-8") as f:
        for row in f:
            d = json.loads(row)
            if d.get("type") == "line" and start <= d["at_s"] < start + length:
                lines.append((d["at_s"] - start, d["length_s"], d["text"]))
    passed = failed = 0

    def check(good, what):
        nonlocal passed, failed
        passed += good
        failed += not good
        if not good:
            print("FAIL: " + what)

    for a, b in segs:
        check(any(at - ONSET_S <= a and b <= at + n + ONSET_S for at, n, _ in lines),
              "speech at %.3f-%.3f s is in no logged line" % (a, b))
    worst = 0.0
    for at, n, text in lines:
        mine = [s for s in segs if at - ONSET_S <= s[0] <= at + n]
        check(bool(mine) and mine[0][0] - at <= ONSET_S, "'%s' at %.3f s is not heard then"
              % (text, at))
        if mine:
            worst = max(worst, abs(mine[0][0] - at))
    gaps = [lines[i + 1][0] - (lines[i][0] + lines[i][1]) for i in range(len(lines) - 1)]
    check(all(g >= 0 for g in gaps), "two logged lines overlap")
    total = sum(b - a for a, b in segs)
    print("%.1f s of sound: %d lines logged, %d stretches of speech, %.1f s of speech (%.0f%%); "
          "worst onset %.0f ms; smallest gap between lines %.3f s"
          % (length, len(lines), len(segs), total, 100 * total / length if length else 0,
             worst * 1000, min(gaps) if gaps else 0))
    if not quiet:
        print("   at_s  length  line                                   speech heard")
        for at, n, text in lines:
            mine = [s for s in segs if at - ONSET_S <= s[0] <= at + n]
            heard = "%.3f-%.3f" % (mine[0][0], mine[-1][1]) if mine else "none"
            print("%7.3f  %6.3f  %-38.38s %s" % (at, n, text, heard))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
