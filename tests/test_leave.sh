#!/bin/bash
# Leaving a routine is a choice, under Xvfb: Esc in a routine pauses and asks "Leave this
# routine?" with Continue highlighted (Enter goes on); a second Esc leaves to the end screen,
# which lists what was done (the record and the outcome "quit" in --stats). Q on the pain-stop
# screen asks too, and leaving from there is a pain stop.
# Usage: test_leave.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$(cd "$2" && pwd)
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
x_test_setup 131 160 leave

cat >"$tmp/leave.yaml" <<YAML
limber: 1
title: Leave test
defaults: {countdown: 1s, rest: 1s}
steps:
  - {title: Warm up, clip: $src/tests/data/valid/clips/tiny.mp4, duration: 2s}
  - {title: Knee rock, clip: $src/tests/data/valid/clips/tiny.mp4, duration: 60s}
  - {title: Lie still, kind: timer, duration: 20s}
YAML
pos() { grep '"type": "screen"' "$tmp/stats.jsonl" | tail -1; }

x_start 240 '^Leave test$' "$limber" --yes --allow-any-path --stats "$tmp/stats.jsonl" \
    "$tmp/leave.yaml"
ws "exercise 2"
key Escape            # asks, and the routine waits
ws "leave 2"
shot asked
key Return            # Continue is highlighted: back to the routine
ws "exercise 2"
key Escape
ws "leave 2"
key Escape            # a second Esc leaves
ws "end 0"
shot end
kill -0 "$pid" 2>/dev/null && ok || bad "leaving closed the player instead of showing the end"
key Return            # the end screen closes with Enter (a file given: no library)
x_wait_exit
[ "$status" -eq 0 ] && ok || { bad "exit status $status"; cat "$tmp/err"; }
s=$(stats_summary "$tmp/stats.jsonl")
check() { check_summary "$s" "$1" "$2"; }
check "d['outcome'] == 'quit'" "leaving is a quit"
check "d['steps'] == ['done', 'started', 'not reached']" "the record of what was done"
check "d['commands']['pause'] == 0" "asking is not counted as the person's pause"
# The time asking: the routine clock did not run while the question was up.
grep -q '"screen": "leave"' "$tmp/stats.jsonl" && ok || bad "no leave screen in the stats"

# Arrows move to Leave and Enter takes it; Q on the pain-stop screen asks too, and leaving
# from there ends the session as a pain stop.
rm -f "$tmp/stats.jsonl"
x_start 240 '^Leave test$' "$limber" --yes --allow-any-path --stats "$tmp/stats.jsonl" \
    "$tmp/leave.yaml"
ws "exercise 2"
kill -0 "$pid" 2>/dev/null || { bad "the player ended at once"; cat "$tmp/err"; }
key p                 # this hurts
ws "pain 2"
key q                 # Q does not quit at once
ws "leave 2"
kill -0 "$pid" 2>/dev/null && ok || bad "Q on the pain screen quit at once"
key Right             # to Leave
key Return
ws "end 0"
shot pain-end
key q
x_wait_exit
s=$(stats_summary "$tmp/stats.jsonl")
check "d['outcome'] == 'pain-stop'" "left from the pain stop: a pain stop"
check "d['steps'] == ['done', 'stopped for pain', 'not reached']" "the record after pain"
finish
