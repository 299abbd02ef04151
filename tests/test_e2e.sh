#!/bin/bash
# End to end under Xvfb: the player in a real X window, driven with keys through xdotool as a
# person would (start screen, screening answer, pause, next, previous, pain stop, skip, quit),
# partly with the keys a TV remote has (arrows, Enter, Play/Pause);
# the effects are read back from --stats, and a screenshot is taken of each stage.
# Usage: test_e2e.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$2
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
x_test_setup 90 120 e2e

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

x_start 240 "End to end" "$limber" --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/e2e.yaml"
# Each key once the screen it is meant for is up (the player's "screen" lines in --stats).
ws "start 0"
shot start
key Return            # confirm the safety points
ws "question 0"
shot question
key Down              # with a remote: an arrow picks "No" (highlighted already),
key Return            # and Enter gives it
ws "checkin 0"        # "how is your back right now?": Enter with nothing picked skips it
key Return            # the routine starts
ws "exercise 1"
sleep 2               # let the clip play a while
shot playing
key XF86AudioPlay     # pause, from a TV remote or media key (play/pause)
ws "paused 1"
shot paused
key space             # resume
ws "exercise 1"
key Right             # next step: Second
ws "countdown 2"
key Left              # previous within 3 s: back to First
ws "countdown 1"
key Right             # next: Second again
ws "exercise 2"
key Down              # "this hurts", from a remote (P on a keyboard)
ws "pain 2"
shot pain
key Return            # the highlighted choice, "skip this exercise": a rest first
ws "recovery 3"
shot recovery
key Return            # ended early: on to Third
ws "countdown 3"
shot third
key q                 # Q in a routine asks "Leave this routine?"
ws "leave 3"
key q                 # and a second Q leaves: the end screen
ws "end 0"
key q                 # which Q closes
wait "$pid"
status=$?
pid=
stop_watchdog
[ "$status" -eq 0 ] && ok || bad "exit status $status"
s=$(stats_summary "$tmp/stats.jsonl")
[ -n "$s" ] && ok || bad "no summary in the stats"
check() { check_summary "$s" "$1" "$2"; }
check "d['commands']['pause'] == 2" "two pause presses"
check "d['commands']['next'] == 3" "three next presses (one from skip)"
check "d['commands']['previous'] == 1" "one previous press"
check "d['commands']['pain'] == 1" "one pain stop"
check "d['steps'] == ['skipped', 'stopped for pain', 'started']" "the record"
check "d['outcome'] == 'quit'" "left: a quit"
check "d['frames_presented'] >= 10" "clip frames shown"
finish
