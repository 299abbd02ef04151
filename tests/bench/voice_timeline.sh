#!/bin/bash
# Where the speech is in a routine's first minutes: renders ROUTINE voice-only (`limber export
# --sounds voice`, 320x180 at 5 fps: the picture does not matter), cuts its sound with sox from
# the routine's start (after the opening cards) for SECONDS (default 120), and measures it
# against the export's "line" records with tests/voice_timeline.py (speech from 10 ms RMS
# windows; every stretch inside one line, every line heard from its instant, none overlapping).
# Usage: tests/bench/voice_timeline.sh LIMBER ROUTINE [SECONDS]   (run from the source folder)
set -eu
limber=$1
routine=$2
seconds=${3:-120}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
"$limber" --stats "$tmp/lines.json" export "$routine" -o "$tmp/voice.mp4" --size 320x180 \
    --fps 5 --sounds voice 2>"$tmp/log" || { cat "$tmp/log"; exit 1; }
tail -1 "$tmp/log"
# The routine's start in the file: a line's time in the file less its routine time.
start=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d.get("type") == "line":
        print("%.3f" % (d["at_s"] - d["routine_s"])); break' "$tmp/lines.json")
ffmpeg -v error -y -i "$tmp/voice.mp4" -vn -ac 1 -ar 48000 -c:a pcm_s16le "$tmp/full.wav"
sox "$tmp/full.wav" "$tmp/voice.wav" trim "$start" "$seconds"
echo "routine starts at ${start} s into the file; sox stat of the ${seconds} s from there:"
sox "$tmp/voice.wav" -n stat 2>&1 | grep -E "Length|RMS     amplitude|Maximum amplitude"
python3 "$here/voice_timeline.py" "$tmp/voice.wav" "$tmp/lines.json" "$start"
