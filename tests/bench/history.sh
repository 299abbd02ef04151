#!/bin/bash
# Benchmark, not a test: what recording the history costs the frame loop. Plays the 1080p30
# benchmark clip (as tests/bench/playback.sh makes it) as 8 blocks of 2.5 s under Xvfb, RUNS
# times with the history and RUNS times with --no-history, and prints the medians of frames
# presented, late and dropped from --stats, and how long after its end each block was
# committed (the "block" lines' recorded_s - ended_s). Then the size of a history of 1,000
# made-up sessions (tests/history_seed, 7 blocks each).
# Usage: tests/bench/history.sh [BUILD_DIR] [RUNS]     (default build, 5 runs)
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
runs=${2:-5}
limber=$build/limber
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=../testlib.sh
. "$here/tests/testlib.sh"
start_xvfb 120 129 1920x1080x24
export SDL_AUDIODRIVER=dummy
clip=$work/clip-1080.mp4
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 20 -c:v libx264 -preset fast \
    -pix_fmt yuv420p -g 60 -c:a aac -b:a 128k -movflags +faststart "$clip"
printf 'limber: 1\ntitle: Bench\nsteps:\n  - {title: Clip, clip: %s, duration: 2.5s, sets: 8, set_rest: 0.1s, countdown: 0}\n' \
    "$clip" >"$work/bench.yaml"
for mode in history no-history; do
    : >"$work/$mode.jsonl"
    for i in $(seq "$runs"); do
        flag=(--history "$work/history.sqlite3")
        [ "$mode" = no-history ] && flag=(--no-history)
        "$limber" --yes --autoexit --allow-any-path --size 1920x1080 "${flag[@]}" \
            --stats "$work/stats.jsonl" "$work/bench.yaml" 2>/dev/null
        cat "$work/stats.jsonl" >>"$work/$mode.jsonl"
    done
    python3 - "$mode" "$work/$mode.jsonl" <<'PY'
import json, statistics, sys
lines = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
runs = [l for l in lines if l["type"] == "summary"]
blocks = [l for l in lines if l["type"] == "block"]
m = lambda k: statistics.median(r[k] for r in runs)
lat = sorted((b["recorded_s"] - b["ended_s"]) * 1000 for b in blocks)
committed = (f"; {len(blocks)} blocks committed {statistics.median(lat):.1f} ms (median) / "
             f"{lat[-1]:.1f} ms (max) after their end" if lat else "")
print(f"{sys.argv[1]:>10}: {len(runs)} runs, medians: {m('frames_presented'):.0f} frames, "
      f"{m('frames_late'):.0f} late, {m('frames_dropped'):.0f} dropped, worst gap "
      f"{m('worst_gap_ms'):.1f} ms{committed}")
PY
done
"$build/tests/history_seed" "$work/k.sqlite3" 2026-12-05 365 1000
python3 - "$work/k.sqlite3" <<'PY'
import os, sqlite3, sys
d = sqlite3.connect(sys.argv[1])
n = [d.execute(q).fetchone()[0] for q in ("select count(*) from sessions",
     "select count(*) from blocks", "select count(*) from pain_stops")]
d.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(f"history of {n[0]} sessions, {n[1]} blocks, {n[2]} pain stops: "
      f"{os.path.getsize(sys.argv[1]) / 1024:.0f} KiB")
PY
echo "($(nproc) cores; Xvfb, dummy audio; the history's writer thread commits with"
echo " synchronous=FULL, an fsync per ended block)"
