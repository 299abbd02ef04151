#!/bin/bash
# Benchmark, not a test: how long a person waits for Limber's first screen (the start card of
# ROUTINE, drawn: "first_draw_ms" of --stats, from the process's start) and for its first
# spoken line (the first "spoken" record's at_s: the card's reading begun), live under Xvfb with
# SDL's dummy audio output (a device: the voice bank starts; --allow-any-path so that another
# build's binary can play this tree's routines), RUNS times; prints each run and
# the median, with the load average. Compare two builds on the same routine.
# Usage: tests/bench/first_draw.sh LIMBER ROUTINE [RUNS] [EXTRA LIMBER OPTIONS...]
#        (default 9 runs; e.g. `--voice off` as extra options)
set -u
limber=$1
routine=$2
runs=${3:-9}
shift 3 2>/dev/null || shift $#
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=../testlib.sh
. "$here/tests/testlib.sh"
start_xvfb 190 199 1280x720x24
export SDL_AUDIODRIVER=dummy
for i in $(seq "$runs"); do
    "$limber" --stats "$work/s$i.json" --allow-any-path "$@" "$routine" >/dev/null 2>"$work/log$i" &
    pid=$!
    for _ in $(seq 100); do
        grep -q '"spoken"' "$work/s$i.json" 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.5
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ -s "$work/s$i.json" ] || { echo "run $i: no statistics"; cat "$work/log$i"; }
done
python3 - "$work" "$runs" <<'PY'
import json, os, statistics, sys
got, said = [], []
for i in range(1, int(sys.argv[2]) + 1):
    path = os.path.join(sys.argv[1], "s%d.json" % i)
    first = None
    for line in open(path) if os.path.exists(path) else []:
        d = json.loads(line)
        if d.get("first_draw_ms", -1) >= 0:
            got.append(d["first_draw_ms"])
        if d.get("type") == "spoken" and first is None:
            first = round(d["at_s"] * 1000)
    if first is not None:
        said.append(first)
print("first screen drawn (ms):", " ".join(str(g) for g in got))
print("first line heard (ms):  ", " ".join(str(g) for g in said))
print("medians: first screen %.0f ms, first line %.0f ms, over %d runs; load average %s"
      % (statistics.median(got), statistics.median(said) if said else -1, len(got),
         open("/proc/loadavg").read().split()[0]))
PY
