#!/bin/bash
# Hostile and odd inputs (issue 17): FIFOs where files are read, clips swapped after the routine
# was loaded, and more; nothing may hang, crash or destroy a file. Headless (SDL's dummy drivers).
# Every run has a hard timeout: a hang shows as a failure with the time it took, never as a
# stuck suite. Usage: test_hardening.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy XDG_STATE_HOME=$tmp/state
cd "$tmp" || exit 1

ff() { ffmpeg -v error -y "$@" || echo "ffmpeg failed: $*"; }
ff -f lavfi -i "color=red:s=320x240:r=30:d=2" -c:v libx264 -pix_fmt yuv420p -g 15 red.mp4
ff -f lavfi -i "color=blue:s=320x240:r=30:d=2" -c:v libx264 -pix_fmt yuv420p -g 15 blue.mp4

# run SECONDS NAME COMMAND...: run with a hard limit; sets rc and took (seconds, 1 decimal).
run() {
    local limit=$1 name=$2 t0
    shift 2
    t0=$(date +%s.%N)
    timeout -k 2 "$limit" "$@"
    rc=$?
    took=$(echo "$(date +%s.%N) - $t0" | bc)
    [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && bad "$name: still running after ${limit} s"
}
pixel() { ffmpeg -v error -i "$1" -vf "crop=1:1:$2:$3" -f rawvideo -pix_fmt rgb24 - | od -An -tu1 | tr -s ' ' | sed 's/^ //'; }
is_red() { read -r r g b <<<"$(pixel "$1" "$2" "$3")"; [ "$r" -gt 180 ] && [ "$g" -lt 80 ] && [ "$b" -lt 80 ]; }
is_blue() { read -r r g b <<<"$(pixel "$1" "$2" "$3")"; [ "$r" -lt 80 ] && [ "$g" -lt 80 ] && [ "$b" -gt 180 ]; }

# --- 1: a FIFO as a clip: play, snapshot and export end within seconds, with the card ---
mkdir fifo && cp red.mp4 fifo/ && mkfifo fifo/clip.mp4
printf 'limber: 1\ntitle: F\nsteps:\n  - {title: Piped, clip: clip.mp4, duration: 2s}\n  - {title: Red, clip: red.mp4, duration: 1s}\n' >fifo/r.yaml
run 30 "play with a FIFO clip" "$limber" --yes --autoexit --stats fifo/s.jsonl fifo/r.yaml 2>fifo/play.err
[ "$rc" -eq 0 ] && ok || bad "play with a FIFO clip: exit $rc"
grep -q "named pipe" fifo/play.err && ok || bad "play: no word of the FIFO: $(cat fifo/play.err)"
s=$(stats_summary fifo/s.jsonl)
check_summary "$s" "d['clips_failed'] >= 1 and d['done']" "play: the FIFO step gets the card and the routine goes on"
run 20 "snapshot with a FIFO clip" "$limber" snapshot fifo/r.yaml --size 320x180 --at 1s -o fifo/snap.png 2>fifo/snap.err
[ "$rc" -eq 0 ] && [ -s fifo/snap.png ] && ok || bad "snapshot with a FIFO clip: exit $rc"
[ "$(echo "$took < 10" | bc)" = 1 ] && ok || bad "snapshot with a FIFO clip took $took s"
run 60 "export with a FIFO clip" "$limber" export fifo/r.yaml --size 320x180 -o fifo/out.mp4 2>fifo/export.err
[ "$rc" -eq 0 ] && [ -s fifo/out.mp4 ] && ok || bad "export with a FIFO clip: exit $rc: $(tail -3 fifo/export.err)"
# play, stopped with SIGTERM while the FIFO step shows: ends at once and writes its summary
"$limber" --yes --stats fifo/t.jsonl fifo/r.yaml 2>/dev/null &
pid=$!
sleep 2
kill -TERM $pid
for i in $(seq 30); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && { bad "play with a FIFO clip ignores SIGTERM"; kill -KILL $pid; } || ok
wait $pid 2>/dev/null
[ -n "$(stats_summary fifo/t.jsonl)" ] && ok || bad "play stopped by SIGTERM wrote no summary"

# --- 2: a FIFO where Limber reads any file ---
mkdir lib && cp fifo/red.mp4 lib/ && mkfifo lib/piped.yaml
printf 'limber: 1\ntitle: Good one\nsteps:\n  - {title: Red, clip: red.mp4, duration: 1s}\n' >lib/good.yaml
run 20 "snapshot --library with a FIFO routine" "$limber" snapshot --library lib --size 640x360 -o lib.png 2>lib.err
[ "$rc" -eq 0 ] && [ -s lib.png ] && ok || bad "snapshot --library with a FIFO: exit $rc"
run 20 "check a FIFO" "$limber" check lib/piped.yaml 2>check.err >check.out
[ "$rc" -eq 1 ] && grep -q "named pipe" check.out check.err && ok || bad "check of a FIFO: exit $rc: $(cat check.out check.err)"
run 20 "play a FIFO" "$limber" --yes --autoexit lib/piped.yaml 2>playfifo.err
[ "$rc" -eq 1 ] && grep -q "named pipe" playfifo.err && ok || bad "play of a FIFO routine: exit $rc: $(cat playfifo.err)"
# the state file is a FIFO: the library still comes up, says so, and quits on SIGTERM
mkdir -p state/limber && mkfifo state/limber/state
"$limber" lib 2>libstate.err &
pid=$!
for i in $(seq 100); do grep -q "named pipe" libstate.err && break; sleep 0.1; done
sleep 1
kill -0 $pid 2>/dev/null && ok || bad "the library with a FIFO state file ended: $(cat libstate.err)"
kill -TERM $pid
for i in $(seq 30); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && { bad "library ignores SIGTERM"; kill -KILL $pid; } || ok
wait $pid 2>/dev/null
grep -q "named pipe" libstate.err && ok || bad "the FIFO state file is not mentioned: $(cat libstate.err)"
rm -f state/limber/state

# --- 3: a clip swapped after load is held to the same rules ---
mkdir swap outside && cp red.mp4 swap/a.mp4 && cp red.mp4 swap/b.mp4 && cp blue.mp4 outside/secret.mp4
printf 'limber: 1\ntitle: S\nsteps:\n  - {title: One, clip: a.mp4, duration: 3s, rest: 0s}\n  - {title: Two, clip: b.mp4, duration: 3s}\n' >swap/r.yaml
# step 2's clip (its block from 9 s, opened from 6 s) becomes a link out of the folder 1.5 s in
( sleep 1.5; ln -sf "$tmp/outside/secret.mp4" swap/b.mp4 ) &
run 40 "play with a clip swapped for a link" "$limber" --yes --autoexit --stats swap/s.jsonl swap/r.yaml 2>swap/play.err
wait
grep -q "leads out of the routine's folder" swap/play.err && ok || bad "swapped link: not refused: $(cat swap/play.err)"
s=$(stats_summary swap/s.jsonl)
check_summary "$s" "d['clips_failed'] == 1 and d['done']" "swapped link: the card instead of the outside file"
# (snapshot's own load refuses the link: that rule is older)
run 20 "snapshot of a swapped link" "$limber" snapshot swap/r.yaml --size 320x180 --at 10s -o swap/link.png 2>/dev/null
[ -s swap/link.png ] && is_blue swap/link.png 160 90 && bad "the file outside the folder was shown" || ok
# ... and a FIFO
rm swap/b.mp4 && cp red.mp4 swap/b.mp4
( sleep 1.5; rm -f swap/b.mp4; mkfifo swap/b.mp4 ) &
run 40 "play with a clip swapped for a FIFO" "$limber" --yes --autoexit --stats swap/f.jsonl swap/r.yaml 2>swap/fifo.err
wait
[ "$rc" -eq 0 ] && grep -q "named pipe" swap/fifo.err && ok || bad "swapped FIFO: exit $rc: $(cat swap/fifo.err)"
# with --allow-any-path the outside file is allowed, as at load
rm -f swap/b.mp4 && ln -s "$tmp/outside/secret.mp4" swap/b.mp4
run 20 "snapshot --allow-any-path" "$limber" snapshot --allow-any-path swap/r.yaml --size 320x180 --at 10s -o swap/any.png 2>/dev/null
is_blue swap/any.png 160 90 && ok || bad "--allow-any-path: the linked clip is not shown"

finish
