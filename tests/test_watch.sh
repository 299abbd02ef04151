#!/bin/bash
# --watch under Xvfb: a saved edit is played within a second at the same step and time; a
# save with errors keeps the last good routine playing with the errors on screen; fixing it
# clears them; a file that starts broken shows its errors and plays once fixed.
# Usage: test_watch.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$(cd "$2" && pwd)
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
x_test_setup 181 210 watch
clip=$src/tests/data/valid/clips/tiny.mp4
routine() { # routine TITLE_OF_STEP_1 DURATION [EXTRA]: written as an editor would save it
    cat >"$tmp/r.yaml.new" <<YAML
limber: 1
title: Watch me
defaults: {countdown: 1s}
steps:
  - {title: $1, clip: $clip, duration: $2${3:-}}
  - {title: Second, clip: $clip, duration: 30s}
YAML
    mv "$tmp/r.yaml.new" "$tmp/r.yaml"
}
reloads() { grep -c '"type": "reload"' "$tmp/stats.jsonl" 2>/dev/null; }
# wait_reload N: until there are N reload lines (5 s at most); prints the latency.
wait_reload() {
    local t0 i
    t0=$(date +%s%N)
    for i in $(seq 50); do
        [ "$(reloads)" -ge "$1" ] && {
            echo "reload $1 seen $(( ($(date +%s%N) - t0) / 1000000 )) ms after the save" >&2
            grep '"type": "reload"' "$tmp/stats.jsonl" | sed -n "${1}p"; return 0; }
        sleep 0.1
    done
    bad "no reload $1 within 5 s of the save"; return 1
}
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

routine "Knee rock" 60s
"$limber" --watch --yes --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/r.yaml" 2>"$tmp/err" &
pid=$!
start_watchdog 240
ws "exercise 1"
sleep 3
# 1. A longer block, same step: it goes on where it was.
routine "Knee rock" 90s
line=$(wait_reload 1 | tail -1)
[ "$(field "$line" ok)" = True ] && ok || bad "the edit did not load: $line"
python3 -c "import sys; f, t = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(t - f) < 0.5 and f > 3 else 1)" \
    "$(field "$line" from_s)" "$(field "$line" to_s)" && ok || bad "not the same time: $line"
ws "exercise 1"
# 2. A save with an error: the routine goes on, the error is on screen.
routine "Knee rock" 90s ", repz: 3"
line=$(wait_reload 2 | tail -1)
[ "$(field "$line" ok)" = False ] && [ "$(field "$line" errors)" -ge 1 ] && ok ||
    bad "an error was not reported: $line"
sleep 0.5
shot error
kill -0 "$pid" 2>/dev/null && ok || bad "the player quit on a file with errors"
grep -q "r.yaml:5:[0-9]*: error: .*repz" "$tmp/err" && ok || bad "no file:line error on stderr: $(cat "$tmp/err")"
# 3. Fixed, and the step renamed: still the first step (by position), same time.
routine "Knee rocking" 90s
line=$(wait_reload 3 | tail -1)
[ "$(field "$line" ok)" = True ] && ok || bad "the fix did not load: $line"
ws "exercise 1"
shot fixed
kill "$pid"; wait "$pid" 2>/dev/null; pid=

# 4. A file that is broken from the start: its errors on screen, then it plays once fixed.
printf 'limber: 1\ntitle: [unclosed\n' >"$tmp/r.yaml"
rm -f "$tmp/stats.jsonl"
"$limber" --watch --yes --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/r.yaml" 2>"$tmp/err" &
pid=$!
sleep 2
kill -0 "$pid" 2>/dev/null && ok || bad "a broken file under --watch did not stay open"
shot broken-start
routine "Knee rock" 60s
ws "exercise 1"
kill "$pid"; wait "$pid" 2>/dev/null; pid=
finish
