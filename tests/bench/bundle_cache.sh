#!/bin/bash
# Benchmark, not a test: what remembering a verified bundle saves. Packs a bundle holding one
# large clip (x264 lossless noise, SIZE_MIB MiB), then plays it headless RUNS times with the
# record of verified bundles removed before each run (cold: every member hashed) and RUNS times
# with it kept (cached: only the routine file hashed), alternating, and prints the medians of
# the time from the process's start to the first frame of the clip (--stats first_frame_ms),
# the bytes hashed, and the load average before and after. The page cache is warm in both (the
# file was just written and read); a bundle read from a cold SD card costs more when hashed.
# Usage: tests/bench/bundle_cache.sh [BUILD_DIR] [RUNS] [SIZE_MIB]    (build, 9 runs, 200 MiB)
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
runs=${2:-9}
mib=${3:-200}
limber=$build/limber
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy XDG_STATE_HOME=$work/state
mkdir -p "$work/src"
# 1280x720 lossless noise is about 2.2 MB a frame: frames for the size asked.
frames=$(( mib * 1048576 / 2200000 + 1 ))
ffmpeg -v error -y -f rawvideo -pix_fmt yuv420p -s 1280x720 -r 30 -i /dev/urandom \
    -frames:v "$frames" -c:v libx264 -qp 0 -preset ultrafast "$work/src/noise.mp4" || exit 1
printf 'limber: 1\ntitle: Big\ndefaults: {countdown: 0}\nsteps:\n  - {title: Noise, clip: noise.mp4, duration: 1s}\n' \
    >"$work/src/big.yaml"
"$limber" pack "$work/src/big.yaml" -o "$work/big.limber" >/dev/null || exit 1
echo "bundle: $(du -m "$work/big.limber" | cut -f1) MiB ($(stat -c %s "$work/big.limber") bytes)"
sleep 1.2 # a file changed less than a second before it is verified is not remembered
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/cold.jsonl"
: >"$work/cached.jsonl"
"$limber" --yes --autoexit --stats /dev/null "$work/big.limber" 2>/dev/null # warm the page cache
for i in $(seq "$runs"); do
    for mode in cold cached; do
        [ "$mode" = cold ] && rm -f "$work/state/limber/verified-bundles"
        "$limber" --yes --autoexit --stats "$work/stats.jsonl" "$work/big.limber" 2>/dev/null
        grep '"type": "summary"' "$work/stats.jsonl" >>"$work/$mode.jsonl"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/cold.jsonl" "$work/cached.jsonl" <<'PY'
import json, statistics, sys
for name, path in zip(("cold", "cached"), sys.argv[1:3]):
    runs = [json.loads(l) for l in open(path) if l.strip()]
    first = sorted(r["first_frame_ms"] for r in runs)
    hashed = statistics.median(r["bundle"]["hashed_bytes"] for r in runs)
    remembered = sum(r["bundle"]["remembered"] for r in runs)
    print("%-6s first frame: median %d ms (%d-%d), %d runs; hashed %.1f MiB; remembered in %d"
          % (name, statistics.median(first), first[0], first[-1], len(runs), hashed / 2**20,
             remembered))
PY
