#!/bin/bash
# End to end under Xvfb through the screens: the library (limber FOLDER), a routine's start
# screen, a pain stop (its highlight moved; the shade under it blended once) ended with E, the
# end screen, back to the library with Enter, and Q.
# Keys go through xdotool; the record is read back from --stats; a screenshot of each stage.
# Usage: test_e2e_screens.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$(cd "$2" && pwd)
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
x_test_setup 121 150 e2e-screens

mkdir -p "$tmp/lib"
cat >"$tmp/lib/a-stretch.yaml" <<YAML
limber: 1
title: Alpha stretch
safety: [Stop if it hurts.]
defaults: {countdown: 1s, rest: 2s, warning: Stop if painful}
steps:
  - {title: Knee rock, clip: $src/tests/data/valid/clips/tiny.mp4, duration: 30s}
  - {title: Lie still, kind: timer, duration: 20s}
YAML
printf 'limber: 1\ntitle: [unclosed\n' >"$tmp/lib/b-broken.yaml"

# The player writes a "screen" line to --stats each time it presents another screen: keys are
# pressed once the screen they are meant for is up.
x_start 300 '^Limber$' "$limber" --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/lib"
sleep 0.5
shot library
key Return            # the first routine: its start screen, in the same window
ws "start 0"
wait_title 'Alpha stretch' && ok || bad "the window is not titled with the routine"
[ "$(xdotool search --onlyvisible --name . 2>/dev/null | wc -l)" -le 1 ] && ok ||
    bad "the routine opened another window"
shot start
key Return            # confirm the safety points
ws "checkin 0"
key Return            # skip the pain check-in: countdown, then the block
ws "exercise 1"
shot playing
key p                 # this hurts
ws "pain 1"
shot pain
# The pain stop stands (the clip frozen under its shade), the highlight moves: each move is
# drawn, from the kept backdrop (player/render/backdrop.c), not by blending the shade again.
sleep 1.5
for k in Down Down Up; do key $k; sleep 0.4; done
key e                 # end the session: the check-in at the end, skipped, then the end screen
ws "checkin-after 0"
key s
ws "end 0"
shot end
key Return            # back to the library, same window
wait_title Limber && ok || bad "not back in the library after the end screen"
sleep 0.5
shot library-again
key q
x_wait_exit
[ "$status" -eq 0 ] && ok || { bad "exit status $status"; cat "$tmp/err"; }
s=$(stats_summary "$tmp/stats.jsonl")
[ -n "$s" ] && ok || bad "no summary in the stats"
check() { check_summary "$s" "$1" "$2"; }
check "d['commands']['pain'] == 1" "one pain stop"
check "d['done'] == True" "the session ended"
check "d['steps'] == ['stopped for pain', 'not reached']" "the record: stopped for pain"
check "d['outcome'] == 'pain-stop'" "ended from the pain stop: a pain-stop"
# The pain stop's draws ("drawn" line of --stats): drawn when it came and for each of the three
# moves (not at every frame while it stood); the full-screen shade blended once with the
# software renderer (twice when the clip's decoder hands in the frame for the stopped time
# after the first draw, on a loaded machine), the other draws from the kept backdrop; a GPU
# blends it at every draw, for nothing.
drawn=$(grep '"type": "drawn", "screen": "pain"' "$tmp/stats.jsonl" | tail -1)
[ -n "$drawn" ] && ok || { bad "no drawn line for the pain stop"; cat "$tmp/stats.jsonl"; }
python3 - "$drawn" "$s" <<'PY' && ok || bad "the pain stop's draws: $drawn"
import json, sys
d, summary = json.loads(sys.argv[1]), json.loads(sys.argv[2])
software = summary["renderer"] == "software"
print(f"pain stop: {d['draws']} draws, {d['shades']} shades, {d['reuses']} from the backdrop "
      f"({summary['renderer']} renderer)")
ok = 4 <= d["draws"] <= 10  # the first, three moves, and a spoken line's caption or two
ok = ok and (d["shades"] <= 2 if software else d["shades"] == d["draws"])
ok = ok and (not software or d["reuses"] == d["draws"] - d["shades"])
sys.exit(0 if ok else 1)
PY
finish
