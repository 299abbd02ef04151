#!/bin/bash
# `limber export`: a short routine (a screening question, two exercises, an info card that
# waits) into an MP4, read back with ffprobe and ffmpeg: the streams; the duration against the
# plan (cards + planned total + the info card's time), within one frame; a chapter per step at
# its time; frames at three instants against `limber snapshot` at those instants; the beeps
# at their planned instants; and Ctrl-C leaves no file.
# Usage: test_export.sh LIMBER TEST_MIXER
set -u
limber=$1
mixer=$2
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
# A clip without sound, so only beeps are heard (the voice is off).
ffmpeg -v error -y -f lavfi -i "testsrc2=size=320x240:rate=25:duration=3" -c:v libx264 \
    -pix_fmt yuv420p "$tmp/c.mp4" || { echo "no test clip"; exit 1; }
cat >"$tmp/ex.yaml" <<'YAML'
limber: 1
title: Export test
author: Limber tests
screening:
  - {ask: Does the pain spread into your leg?, stop_if: yes, advice: See a doctor first.}
defaults: {countdown: 3s, rest: 2s, warning: Stop if painful}
steps:
  - {title: First move, clip: c.mp4, duration: 6s}
  - {title: Read this, kind: info, instructions: Sit up slowly.}
  - {title: Second move, clip: c.mp4, reps: 2, rep_time: 2s, rep_beep: true, mirror: true}
YAML
size=640x360 fps=30 info=3
t0=$(date +%s%N)
# The player's --voice, after the routine like export's own options (the beeps below are
# only right without the voice).
"$limber" export "$tmp/ex.yaml" -o "$tmp/ex.mp4" --size $size --fps $fps --voice off \
    --info-time ${info}s 2>"$tmp/log" || { bad "export failed"; cat "$tmp/log"; finish; exit 1; }
echo "exported in $(( ($(date +%s%N) - t0) / 1000000 )) ms: $(tail -1 "$tmp/log")"
[ -f "$tmp/ex.mp4" ] && [ ! -e "$tmp/ex.mp4.part" ] && ok || bad "no file, or a .part left"
ffprobe -v error -show_streams -show_chapters -show_format -of json "$tmp/ex.mp4" >"$tmp/probe.json"
"$limber" plan --json "$tmp/ex.yaml" >"$tmp/plan.json"
# Prints the cards' length in ms (the first chapter's end) for the checks below.
cards=$(python3 - "$tmp/probe.json" "$tmp/plan.json" $fps $info <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); plan = json.load(open(sys.argv[2]))
fps, info = int(sys.argv[3]), float(sys.argv[4])
fails = []
def check(cond, what):
    if not cond: fails.append(what)
v = [s for s in p["streams"] if s["codec_type"] == "video"]
a = [s for s in p["streams"] if s["codec_type"] == "audio"]
check(len(v) == 1 and v[0]["codec_name"] == "h264" and v[0]["pix_fmt"] == "yuv420p"
      and (v[0]["width"], v[0]["height"]) == (640, 360) and v[0]["r_frame_rate"] == f"{fps}/1",
      f"video stream: {v}")
check(len(a) == 1 and a[0]["codec_name"] == "aac" and a[0]["sample_rate"] == "48000"
      and a[0]["channels"] == 2, f"audio stream: {a}")
tags = p["format"].get("tags", {})
check(tags.get("title") == "Export test" and tags.get("artist") == "Limber tests", f"tags {tags}")
ch = p["chapters"]
titles = [c["tags"]["title"] for c in ch]
# The opening cards' chapter has the routine's title, never a step's name.
want = [plan["title"]] + [s["title"] for s in plan["steps"]]
check(titles == want, f"chapters {titles}, want {want}")
cards = float(ch[0]["end_time"])
waits_before = 0
for c, s in zip(ch[1:], plan["steps"]):
    start = cards + s["start_s"] + waits_before * info
    check(abs(float(c["start_time"]) - start) < 0.001, f"chapter {s['title']} at {c['start_time']}, want {start}")
    waits_before += 1 if s["wait"] else 0
dur = float(p["format"]["duration"])
want_dur = cards + plan["total_s"] + plan["waits"] * info
check(abs(dur - want_dur) <= 1.0 / fps + 0.001, f"duration {dur}, want {want_dur} (cards {cards})")
print(f"duration {dur:.3f} s = cards {cards:.3f} + plan {plan['total_s']} + waits {plan['waits']} x {info}", file=sys.stderr)
for f in fails: print("FAIL:", f, file=sys.stderr)
print(int(round(cards * 1000)) if not fails else -1)
PY
)
[ "${cards:--1}" -ge 0 ] 2>/dev/null && ok || { bad "streams, chapters or duration"; cards=0; }
# Frames at three instants (a countdown, a block, the mirrored second move) as snapshot draws
# them: the right frame is about 30 dB from the snapshot (4:2:0 chroma on sharp colour edges
# sets that floor), its neighbours about 22.
for at in 1.5 5 17; do
    ft=$(python3 -c "import sys; t=float(sys.argv[1]); print((int(sys.argv[2]) + t * 1000 + (${info}000 if t >= 11 else 0)) / 1000)" $at "$cards")
    ffmpeg -v error -y -ss "$ft" -i "$tmp/ex.mp4" -frames:v 1 "$tmp/f-$at.png"
    "$limber" --voice off snapshot "$tmp/ex.yaml" --at "$at" --size $size -o "$tmp/s-$at.png"
    psnr=$(ffmpeg -v info -i "$tmp/f-$at.png" -i "$tmp/s-$at.png" \
               -lavfi "[0:v]format=rgb24[a];[1:v]format=rgb24[b];[a][b]psnr" -f null - 2>&1 |
           sed -n 's/.*average:\([0-9.a-z]*\).*/\1/p' | tail -1)
    echo "routine ${at}s = file ${ft}s: PSNR $psnr dB against the snapshot"
    python3 -c "import sys; sys.exit(0 if sys.argv[1] == 'inf' or float(sys.argv[1]) >= 27 else 1)" "${psnr:-0}" &&
        ok || bad "the frame at ${at}s differs from the snapshot (PSNR ${psnr:-none})"
done
# The beeps where the plan puts them.
ffmpeg -v error -y -i "$tmp/ex.mp4" -vn -f f32le -ac 2 -ar 48000 "$tmp/ex.raw"
"$mixer" --compare-export "$tmp/ex.raw" "$tmp/ex.yaml" "$cards" ${info}000 && ok ||
    bad "beeps not at their planned instants"
# A bad value for a player option given to export: its message and the usage, exit 2.
"$limber" export "$tmp/ex.yaml" --voice maybe -o "$tmp/no.mp4" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "bad value 'maybe' for --voice" "$tmp/err" && [ ! -e "$tmp/no.mp4" ] && ok ||
    { bad "export --voice maybe: want exit 2 and the reason"; cat "$tmp/err"; }
"$limber" --help | grep -cE -- '^ +(-[a-z], )?--voice ' | grep -qx 1 && ok ||
    bad "--help must list --voice once, in the option table"

# Ctrl-C: stops, says so, leaves nothing behind.
"$limber" --voice off export "$tmp/ex.yaml" -o "$tmp/stop.mp4" --size 1280x720 2>"$tmp/log2" &
pid=$!
for _ in $(seq 100); do [ -e "$tmp/stop.mp4.part" ] && break; sleep 0.05; done
sleep 0.5
kill -INT $pid
wait $pid
status=$?
[ $status -eq 130 ] && ok || bad "Ctrl-C: exit status $status, not 130"
[ ! -e "$tmp/stop.mp4" ] && [ ! -e "$tmp/stop.mp4.part" ] && ok || bad "Ctrl-C left a file"
# A folder that does not exist: a clear message, no file.
"$limber" --voice off export "$tmp/ex.yaml" -o "$tmp/missing/x.mp4" --size 320x180 2>"$tmp/log3"
[ $? -ne 0 ] && grep -q "missing" "$tmp/log3" && ok || bad "no clear error for a missing folder: $(cat "$tmp/log3")"
finish
