#!/bin/bash
# Benchmark, not a test: a long session. 40 blocks of 15 s of a 1080p30 H.264 + AAC clip
# (10 minutes) played under Xvfb with SDL's dummy audio driver. Prints the summary's dropped
# frames, A/V offset, audio resyncs (jumps of the coaching sound to the routine clock: 0 is the
# goal, drift is corrected gradually) and the resident memory every 30 s, from which memory after
# warm-up must be flat. Usage: tests/bench/soak.sh [LIMBER] [BLOCKS]  (default build/limber, 40)
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
limber=$(realpath "${1:-$here/build/limber}")
blocks=${2:-40}
work=$(mktemp -d)
. "$here/tests/testlib.sh"
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
start_xvfb 172 179 1920x1080x24
export SDL_AUDIODRIVER=dummy XDG_STATE_HOME=$work/state
cd "$work" || exit 1
ffmpeg -nostdin -v error -f lavfi -i "testsrc2=s=1920x1080:r=30:d=15" \
    -f lavfi -i "sine=frequency=330:sample_rate=48000:duration=15" \
    -c:v libx264 -preset veryfast -g 60 -pix_fmt yuv420p -c:a aac -b:a 128k soak.mp4
{
    echo "limber: 1"
    echo "title: Soak"
    echo "defaults: {countdown: 1s, rest: 0s}"
    echo "steps:"
    echo "  - {title: Soak, clip: soak.mp4, duration: 15s, sets: $blocks, set_rest: 0s,"
    echo "     cues: [{at: 5s, say: Breathe out slowly and let the back soften}]}"
} >soak.yaml
"$here/build/limber" plan soak.yaml | tail -1
"$limber" --yes --autoexit --size 1920x1080 --stats stats.jsonl soak.yaml 2>soak.err &
pid=$!
t=0
echo "time_s rss_mb"
while kill -0 $pid 2>/dev/null; do
    rss=$(awk '/VmRSS/ { print $2 / 1024 }' /proc/$pid/status 2>/dev/null)
    [ -n "$rss" ] && printf '%d %.1f\n' "$t" "$rss"
    sleep 30
    t=$((t + 30))
done
wait $pid
echo "exit $?"
grep -c "off the routine clock" soak.err | sed 's/^/clip sound restarts (A\/V stalls): /'
grep '"type": "summary"' stats.jsonl | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
for k in ("frames_presented", "frames_dropped", "frames_late", "av_offset_median_ms",
          "av_offset_p99_ms", "av_offset_max_ms", "audio_resyncs", "peak_rss_mb",
          "planned_s", "routine_wall_s", "worst_gap_ms"):
    print(f"{k}: {d.get(k)}")'
