#!/bin/bash
# End to end under Xvfb: the player in a real X window, driven with keys through xdotool as a
# person would (start screen, screening answer, pause, next, previous, pain stop, skip, quit);
# the effects are read back from --stats, and a screenshot is taken of each stage.
# Usage: test_e2e.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$2
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

start_xvfb 90 120
export SDL_AUDIODRIVER=dummy

cat >"$tmp/e2e.yaml" <<YAML
limber: 1
title: End to end
safety: [Stop if it hurts.]
screening:
  - ask: Does the pain spread into your leg?
    stop_if: yes
    advice: See a doctor first.
defaults: {countdown: 1s, rest: 2s}
steps:
  - {title: First, clip: $src/tests/data/valid/clips/tiny.mp4, duration: 20s}
  - {title: Second, clip: $src/tests/data/valid/clips/tiny.mp4, duration: 20s}
  - {title: Third, duration: 20s}
YAML

shot() { [ -n "$shots" ] && import -window root "$shots/e2e-$1.png" 2>/dev/null; true; }
"$limber" --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/e2e.yaml" 2>"$tmp/err" &
pid=$!
win=$(timeout 20 xdotool search --sync --name "End to end" | head -1)
[ -n "$win" ] && ok || bad "no window"
key() { xdotool windowfocus "$win" 2>/dev/null; xdotool key "$1"; sleep "${2:-0.7}"; }
sleep 1
shot start
key Return            # confirm the safety points
shot question
key n                 # "no" to the screening question: the routine starts
sleep 1.5
shot playing
key space             # pause
shot paused
key space             # resume
key Right             # next step: Second
key Left              # previous within 3 s: back to First
key Right             # next: Second again
sleep 1.5
key p                 # this hurts
shot pain
key s                 # skip this exercise: on to Third
shot third
key q
wait "$pid"
status=$?
pid=
[ "$status" -eq 0 ] && ok || bad "exit status $status"
s=$(stats_summary "$tmp/stats.jsonl")
[ -n "$s" ] && ok || bad "no summary in the stats"
check() { check_summary "$s" "$1" "$2"; }
check "d['commands']['pause'] == 2" "two pause presses"
check "d['commands']['next'] == 3" "three next presses (one from skip)"
check "d['commands']['previous'] == 1" "one previous press"
check "d['commands']['pain'] == 1" "one pain stop"
check "d['steps'] == ['skipped', 'stopped for pain', 'started']" "the record"
check "d['frames_presented'] > 10" "clip frames shown"
finish
