#!/bin/bash
# The kiosk under Xvfb: --kiosk fills the screen, hides the cursor, ignores Q and Esc in the
# library, plays a routine to its end screen and goes back to the library after it, leaves a
# routine with a TV remote's Back key (asked first, then the end screen), and quits when Esc is
# held for 3 s.
# Usage: test_kiosk.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$(cd "$2" && pwd)
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
x_test_setup 151 180 kiosk

mkdir -p "$tmp/lib"
cat >"$tmp/lib/short.yaml" <<YAML
limber: 1
title: Short one
defaults: {countdown: 1s}
steps:
  - {title: Knee rock, clip: $src/tests/data/valid/clips/tiny.mp4, duration: 2s}
YAML

export XDG_STATE_HOME=$tmp/state
x_start 240 '^Limber$' "$limber" --kiosk --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/lib"
sleep 0.5
geometry=$(xdotool getwindowgeometry "$win" 2>/dev/null | sed -n 's/.*Geometry: //p')
[ "$geometry" = 1280x720 ] && ok || bad "the kiosk window is $geometry, not the whole 1280x720 screen"
shot library
key q                 # neither Q nor Esc leaves a kiosk
key Escape
sleep 1
kill -0 "$pid" 2>/dev/null && ok || bad "Q or Esc closed the kiosk"
key Return            # the first routine: its start screen
ws "start 0"
key Return            # confirm the safety points
ws "checkin 0"
key Return            # skip the pain check-in
ws "checkin-after 0"  # the whole (short) routine plays; the check-in at its end
key Return            # skipped too: the end screen
ws "end 0"
shot end
key Return            # back to the library
wait_title Limber && ok || bad "not back in the library after the end screen"
s=$(stats_summary "$tmp/stats.jsonl")
check() { check_summary "$s" "$1" "$2"; }
check "d['fullscreen'] == True" "fullscreen"
check "d['cursor'] == False" "the cursor is hidden"
check "d['done'] == True and d['steps'] == ['done']" "the routine played to its end"
grep -qx "last_routine=$tmp/lib/short.yaml" "$tmp/state/limber/state" && ok ||
    bad "the routine chosen is not remembered in \$XDG_STATE_HOME/limber/state"
key Return            # again, and leave it with a remote's Back key (or a mouse's back button)
ws "start 0"
key Return
ws "checkin 0"
key Return
ws "exercise 1"
key XF86Back          # asks "Leave this routine?"
ws "leave 1"
key XF86Back          # a second Back leaves: the end screen, then back to the library
ws "end 0"
key XF86Back
wait_title Limber && ok || bad "Back did not go back to the library"
kill -0 "$pid" 2>/dev/null && ok || bad "Back closed the kiosk"
# Holding Esc for 3 s quits.
xdotool keydown Escape
sleep 2
shot esc-held         # says to keep holding, and how long
kill -0 "$pid" 2>/dev/null && ok || bad "Esc held for 2 s already quit"
sleep 2.5
xdotool keyup Escape
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
    bad "holding Esc for 4.5 s did not quit"
else
    wait "$pid"; status=$?; pid=
    [ "$status" -eq 0 ] && ok || { bad "exit status $status"; cat "$tmp/err"; }
fi
finish
