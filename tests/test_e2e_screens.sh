#!/bin/bash
# End to end under Xvfb through the screens: the library (limber FOLDER), a routine's start
# screen, a pain stop ended with E, the end screen, back to the library with Enter, and Q.
# Keys go through xdotool; the record is read back from --stats; a screenshot of each stage.
# Usage: test_e2e_screens.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$(cd "$2" && pwd)
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
cleanup() { [ -n "${watchdog:-}" ] && kill "$watchdog" 2>/dev/null; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
command -v Xvfb >/dev/null && command -v xdotool >/dev/null ||
    { echo "SKIP: Xvfb or xdotool missing"; echo "0 passed, 0 failed"; exit 0; }

start_xvfb 121 150
export SDL_AUDIODRIVER=dummy

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

shot() { [ -n "$shots" ] && import -window root "$shots/e2e-screens-$1.png" 2>/dev/null; true; }
"$limber" --allow-any-path --stats "$tmp/stats.jsonl" "$tmp/lib" 2>"$tmp/err" &
pid=$!
# A watchdog: a key lost under load must not hang the suite.
( sleep 400; kill "$pid" 2>/dev/null; sleep 5; kill -9 "$pid" 2>/dev/null ) &
watchdog=$!
find_window() { timeout 20 xdotool search --sync --onlyvisible --name "$1" 2>/dev/null | head -1; }
key() { xdotool windowfocus "$win" 2>/dev/null; xdotool key "$1"; sleep "${2:-0.8}"; }
win=$(find_window '^Limber$')
[ -n "$win" ] && ok || bad "no library window"
sleep 1
shot library
for _ in 1 2 3 4 5; do  # choose the first routine: its start screen in its own window
    key Return 1.5
    w2=$(timeout 3 xdotool search --onlyvisible --name 'Alpha stretch' 2>/dev/null | head -1)
    [ -n "$w2" ] && break
done
win=$(find_window 'Alpha stretch')
[ -n "$win" ] && ok || bad "no routine window after Enter in the library"
# Keys count once the start screen is drawn (its background, #1B222B, in the title area).
for _ in $(seq 360); do
    import -window root -crop 1x1+640+400 txt:- 2>/dev/null | grep -qi '#1B222B' && break
    sleep 0.5
done
sleep 0.5
shot start
key Return 3        # confirm the safety points: countdown, then the block
shot playing
key p                 # this hurts
shot pain
key e                 # end the session: the end screen
shot end
for _ in 1 2 3 4 5; do  # Enter on the end screen: back to the library
    key Return 1.5
    w2=$(timeout 3 xdotool search --onlyvisible --name '^Limber$' 2>/dev/null | head -1)
    [ -n "$w2" ] && break
done
win=$(find_window '^Limber$')
[ -n "$win" ] && ok || bad "not back in the library after the end screen"
shot library-again
# Q until the process is gone (a window just mapped may miss the first key under load).
for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 "$pid" 2>/dev/null || break
    win=$(find_window '^Limber$')
    key q 1
done
wait "$pid"
status=$?
pid=
kill "$watchdog" 2>/dev/null
[ "$status" -eq 0 ] && ok || { bad "exit status $status"; cat "$tmp/err"; }
s=$(stats_summary "$tmp/stats.jsonl")
[ -n "$s" ] && ok || bad "no summary in the stats"
check() { check_summary "$s" "$1" "$2"; }
check "d['commands']['pain'] == 1" "one pain stop"
check "d['done'] == True" "the session ended"
check "d['steps'] == ['stopped for pain', 'not reached']" "the record: stopped for pain"
finish
