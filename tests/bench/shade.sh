#!/bin/bash
# Benchmark, not a test: what a shaded screen costs the player per draw, drawn and presented,
# under Xvfb with the software renderer at 1280x720 and 3840x2160. The bundled knee-to-chest
# clip plays, then P (the pain stop) and its highlight moved MOVES times, Esc (the leave
# question over it) and its answer moved MOVES times, Space, H (the keys) and closed. From the
# --stats "drawn" lines: per screen, how often it was drawn, the shades blended, the draws from
# the kept backdrop, the first draw's milliseconds (the picture converted, the shade blended,
# the backdrop kept) and the median of the others (the exercise's: a clip frame each).
# Usage: tests/bench/shade.sh LIMBER [MOVES]      (default 15; displays :180-:189)
set -u
limber=$(realpath "$1")
moves=${2:-15}
src=$(cd "$(dirname "$0")/../.." && pwd)
. "$src/tests/testlib.sh"
tmp=$(mktemp -d)
cleanup() {
    [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
    [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export SDL_AUDIODRIVER=dummy
cat >"$tmp/r.yaml" <<YAML
limber: 1
title: Shade bench
defaults: {countdown: 1s, warning: Stop if painful}
steps:
  - {title: Knee to chest, clip: $src/assets/clips/knee-to-chest.mp4, duration: 5m}
YAML
press() { local i; for i in $(seq "$2"); do xdotool key "$1"; sleep 0.3; done; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for size in 1280x720 3840x2160; do
    start_xvfb 180 189 "${size}x24"
    "$limber" --allow-any-path --yes --voice off --renderer software --size "$size" \
        --stats "$tmp/stats.jsonl" "$tmp/r.yaml" 2>"$tmp/err" &
    pid=$!
    wait_screen "$tmp/stats.jsonl" "exercise 1" "$pid" >/dev/null
    sleep 3
    win=$(xdotool search --name '^Shade bench$' | head -1)
    xdotool windowfocus "$win" 2>/dev/null
    xdotool key p; sleep 1; press Down "$moves"
    xdotool key Escape; sleep 1; press Right "$moves"
    xdotool key space; sleep 1
    xdotool key h; sleep 1; xdotool key h; sleep 1
    kill "$pid"; wait "$pid" 2>/dev/null; pid=
    kill "$xvfb"; wait "$xvfb" 2>/dev/null; xvfb=
    echo "$size:"
    python3 - "$tmp/stats.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("type") == "drawn" and d["screen"] in ("exercise", "pain", "leave", "help"):
        print(f"  {d['screen']:9} {d['draws']:4} draws {d['shades']:3} shades "
              f"{d['reuses']:4} from the backdrop  first {d['first_ms']:7.2f} ms  "
              f"again (median) {d['again_ms_median']:7.2f} ms")
PY
    rm -f "$tmp/stats.jsonl"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
