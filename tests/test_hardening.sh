#!/bin/bash
# Hostile and odd inputs (issue 17): FIFOs where files are read, clips swapped after the routine
# was loaded, and more; nothing may hang, crash or destroy a file. Headless (SDL's dummy drivers).
# Every run has a hard timeout: a hang shows as a failure with the time it took, never as a
# stuck suite. Usage: test_hardening.sh LIMBER KILL_AT_PNG_SHIM
set -u
limber=$1
kill_at_png=$2
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy XDG_STATE_HOME=$tmp/state
cd "$tmp" || exit 1

ff -f lavfi -i "color=red:s=320x240:r=30:d=2" -c:v libx264 -pix_fmt yuv420p -g 15 red.mp4
ff -f lavfi -i "color=blue:s=320x240:r=30:d=2" -c:v libx264 -pix_fmt yuv420p -g 15 blue.mp4
mkdir red && cp red.mp4 red/
printf 'limber: 1\ntitle: R\nsteps:\n  - {title: Red, clip: red.mp4, duration: 1s}\n' >red/r.yaml

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

# --- 4: export -o never destroys an input, and refuses a folder before encoding ---
mkdir out && cp red.mp4 out/clip.mp4 && mkdir out/folder
printf 'limber: 1\ntitle: O\nsteps:\n  - {title: Red, clip: clip.mp4, duration: 1s}\n' >out/r.yaml
sum_before=$(md5sum out/clip.mp4 out/r.yaml)
for target in out/clip.mp4 out/r.yaml out/folder; do
    run 20 "export -o $target" "$limber" export out/r.yaml --size 320x180 -o "$target" 2>out/err
    [ "$rc" -eq 2 ] && ok || bad "export -o $target: exit $rc, want 2: $(cat out/err)"
    [ "$(echo "$took < 10" | bc)" = 1 ] && ok || bad "export -o $target took $took s: refused late"
done
grep -q "one of the routine's own files" out/err || true
[ "$(md5sum out/clip.mp4 out/r.yaml)" = "$sum_before" ] && ok || bad "export -o changed an input"
[ -d out/folder ] && [ -z "$(ls out/folder)" ] && ok || bad "export -o FOLDER wrote into it"
ln -s clip.mp4 out/link.mp4
run 20 "export -o a link to the clip" "$limber" export out/r.yaml --size 320x180 -o out/link.mp4 2>out/err
[ "$rc" -eq 2 ] && [ "$(md5sum out/clip.mp4 out/r.yaml)" = "$sum_before" ] && ok || bad "export -o a link to an input: exit $rc"

# --- 5: stale .part files, SIGTERM in the encoder's finish, a file size limit ---
echo "stale" >out/new.mp4.part
echo "precious" >out/victim.txt
ln -s victim.txt out/other.mp4.part
run 60 "export over a stale .part" "$limber" export out/r.yaml --size 320x180 -o out/new.mp4 2>out/err
[ "$rc" -eq 0 ] && [ -s out/new.mp4 ] && [ ! -e out/new.mp4.part ] && ok || bad "stale .part: exit $rc, $(ls out)"
run 60 "export beside a planted .part link" "$limber" export out/r.yaml --size 320x180 -o out/other.mp4 2>out/err
[ "$(cat out/victim.txt)" = precious ] && [ ! -e out/other.mp4.part ] && ok || bad "export wrote through a .part link"
# SIGTERM as soon as the last frame is drawn (the progress line says 100%): the encoder is
# finishing (flush, trailer, faststart rewrite, fsync). Either the file is whole or it is gone.
printf 'limber: 1\ntitle: T\nsteps:\n  - {title: Red, clip: clip.mp4, duration: 8s, loop: true}\n' >out/t.yaml
for try in 1 2 3; do
    rm -f out/t.mp4 out/t.mp4.part
    "$limber" export out/t.yaml --size 1280x720 -o out/t.mp4 2>out/t.err &
    epid=$!
    for i in $(seq 1200); do grep -q "100%" out/t.err 2>/dev/null && break; kill -0 $epid 2>/dev/null || break; sleep 0.05; done
    kill -TERM $epid 2>/dev/null
    t0=$(date +%s.%N)
    for i in $(seq 50); do kill -0 $epid 2>/dev/null || break; sleep 0.1; done
    if kill -0 $epid 2>/dev/null; then bad "export ignores SIGTERM in its finish"; kill -KILL $epid; fi
    wait $epid
    erc=$?
    [ ! -e out/t.mp4.part ] && ok || bad "SIGTERM in the finish (try $try, exit $erc) left a .part"
    if [ -e out/t.mp4 ]; then
        ffprobe -v error -show_entries format=duration -of csv=p=0 out/t.mp4 >/dev/null 2>&1 &&
            ok || bad "SIGTERM in the finish (try $try) left a broken out.mp4"
    else
        [ "$erc" -eq 130 ] && grep -q "stopped" out/t.err && ok || bad "SIGTERM in the finish (try $try): exit $erc, no file: $(tail -2 out/t.err)"
    fi
done
# ulimit -f: a message and no .part, not a silent death by SIGXFSZ
( ulimit -f 40; "$limber" export out/t.yaml --size 1280x720 -o out/big.mp4 2>out/big.err )
erc=$?
[ "$erc" -eq 1 ] && [ ! -e out/big.mp4.part ] && [ ! -e out/big.mp4 ] && grep -qi "too large" out/big.err && ok || bad "ulimit -f: exit $erc, $(tail -2 out/big.err), $(ls out)"

# --- 6 and 9: a clip with no picture gets the card, live and in export, in bounded time ---
mkdir dark && python3 - red.mp4 dark/dark.mp4 <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.find(b"mdat")
size = int.from_bytes(data[at - 4:at], "big")
for i in range(at + 4, at - 4 + size):  # every video byte zero: packets, no picture
    data[i] = 0
open(sys.argv[2], "wb").write(bytes(data))
PY
printf 'limber: 1\ntitle: D\nsteps:\n  - {title: Dark, clip: dark.mp4, duration: 4s, rest: 0s}\n  - {title: Red, clip: ../red.mp4, duration: 1s}\n' >dark/r.yaml
run 90 "export of a clip with no picture" "$limber" export dark/r.yaml --allow-any-path --size 320x180 -o dark/out.mp4 2>dark/export.err
[ "$rc" -eq 0 ] && [ -s dark/out.mp4 ] && ok || bad "export of a clip with no picture: exit $rc: $(tail -3 dark/export.err)"
[ "$(echo "$took < 60" | bc)" = 1 ] && ok || bad "export of a 5 s routine with a dark clip took $took s"
run 30 "play a clip with no picture" "$limber" --yes --autoexit --allow-any-path --stats dark/s.jsonl dark/r.yaml 2>dark/play.err
grep -q "no picture" dark/play.err && ok || bad "play: the clip with no picture is not reported: $(cat dark/play.err)"
run 20 "snapshot of a clip with no picture" "$limber" snapshot --allow-any-path dark/r.yaml --size 640x360 --at 5s -o dark/card.png 2>/dev/null
[ "$rc" -eq 0 ] && ok || bad "snapshot of a dark clip: exit $rc"

# --- 8: --size has bounds, with a message ---
for size in 40000x16384 46341x46341 0x0 7681x100 abc 100x; do
    run 10 "snapshot --size $size" "$limber" snapshot fifo/r.yaml --size "$size" --at 1s -o size.png 2>size.err
    [ "$rc" -eq 2 ] && grep -q "7680x4320" size.err && ok || bad "snapshot --size $size: exit $rc: $(cat size.err)"
    run 10 "export --size $size" "$limber" export fifo/r.yaml --size "$size" -o size.mp4 2>size.err
    [ "$rc" -eq 2 ] && grep -q "7680x4320" size.err && ok || bad "export --size $size: exit $rc: $(cat size.err)"
done
run 10 "play --size 0x0" "$limber" --size 0x0 --yes fifo/r.yaml 2>size.err
[ "$rc" -eq 2 ] || [ "$rc" -eq 1 ] && grep -q "7680x4320" size.err && ok || bad "--size 0x0: exit $rc: $(cat size.err)"
run 60 "snapshot --size 7680x4320" "$limber" snapshot red/r.yaml --size 7680x4320 --at 1s -o big.png 2>/dev/null || true

# --- 9: no display: say so and exit 1, unless asked to run without one ---
run 20 "play with no display" env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$limber" --yes --autoexit fifo/r.yaml 2>nodisplay.err
[ "$rc" -eq 1 ] && grep -q "no display" nodisplay.err && ok || bad "no display: exit $rc: $(cat nodisplay.err)"
run 30 "play offscreen on purpose" env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=offscreen "$limber" --yes --autoexit red/r.yaml 2>offscreen.err
[ "$rc" -eq 0 ] && ok || bad "SDL_VIDEODRIVER=offscreen: exit $rc: $(cat offscreen.err)"

# --- 7 and 10: documented limits, enforced by check with the limit in the message ---
mkdir limits
long() { python3 -c "print('word ' * ($1 // 5))"; }
printf 'limber: 1\ntitle: L\nsteps:\n  - title: Say\n    duration: 30s\n    cues:\n      - {at: 1s, say: "%s"}\n' "$(long 9000)" >limits/say.yaml
printf 'limber: 1\ntitle: "%s"\nsteps:\n  - {title: T, duration: 10s}\n' "$(long 10000)" >limits/title.yaml
printf 'limber: 1\ntitle: L\nsteps:\n  - {title: C, duration: 30s, cues: [{at: 1s, text: "%s"}]}\n' "$(long 10000)" >limits/caption.yaml
printf 'limber: 1\ntitle: L\nsteps:\n  - {title: Long, duration: 24h, sets: 100}\n' >limits/total.yaml
for f in say:600 title:200 caption:300 total:100; do
    run 20 "check limits/${f%%:*}.yaml" "$limber" check "limits/${f%%:*}.yaml" >limits/out 2>limits/err
    [ "$rc" -eq 1 ] && grep -q "at most ${f##*:}" limits/err && ok || bad "check ${f%%:*}: exit $rc: $(head -c 300 limits/err)"
done
# at the limits: accepted, and the routine plays and snapshots in bounded time
printf 'limber: 1\ntitle: "%s"\nsteps:\n  - title: "%s"\n    duration: 20s\n    cues:\n      - {at: 1s, say: "%s", text: "%s"}\n' \
    "$(python3 -c "print('T' * 200)")" "$(python3 -c "print('S ' * 100)")" "$(long 600)" "$(long 300)" >limits/max.yaml
run 20 "check at the limits" "$limber" check limits/max.yaml >/dev/null 2>limits/err
[ "$rc" -eq 0 ] && ok || bad "a routine at the text limits is refused: $(cat limits/err)"
run 60 "snapshot at the text limits" "$limber" snapshot limits/max.yaml --size 1280x720 --at 3s -o limits/max.png 2>/dev/null
[ "$rc" -eq 0 ] && ok || bad "snapshot at the text limits: exit $rc"
printf 'limber: 1\ntitle: L\nsteps:\n  - {title: Long, duration: 24h, sets: 4, set_rest: 0s}\n' >limits/day4.yaml
run 30 "snapshot --at end of a 96 h routine" "$limber" snapshot limits/day4.yaml --size 320x180 --at end -o limits/end.png 2>/dev/null
[ "$rc" -eq 0 ] && [ "$(echo "$took < 15" | bc)" = 1 ] && ok || bad "snapshot --at end of 96 hours: exit $rc in $took s"

# --- snapshot writes its PNG whole or not at all ---
mkdir snap
run 20 "snapshot" "$limber" snapshot red/r.yaml --size 1280x720 --at 0.5s -o snap/s.png 2>/dev/null
cp snap/s.png snap/before.png
# a file size limit (as a full disk): a message, exit 1, the picture that was there, no temporary
( ulimit -f 8; "$limber" snapshot fifo/r.yaml --size 1280x720 --at 1.5s -o snap/s.png 2>snap/full.err )
src=$?
[ "$src" -eq 1 ] && cmp -s snap/s.png snap/before.png && grep -q "too large" snap/full.err &&
    [ -z "$(ls -A snap | grep -v -e '^s.png$' -e '^before.png$' -e '^full.err$')" ] && ok ||
    bad "snapshot over a file size limit: exit $src, $(tail -1 snap/full.err), $(ls -A snap)"
# killed as it starts writing the PNG: the picture that was there stays, whole
# (timeout says 137 for the kill, 124 for a hang)
timeout 20 env LD_PRELOAD="$kill_at_png" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
    "$limber" snapshot fifo/r.yaml --size 640x360 --at 1.5s -o snap/s.png 2>/dev/null
krc=$?
[ "$krc" -eq 137 ] && ok || bad "the kill shim did not stop the snapshot (exit $krc)"
cmp -s snap/s.png snap/before.png && ok ||
    bad "a snapshot killed while writing left $(stat -c %s snap/s.png) bytes instead of the picture"
# ... and nothing else: the picture is written to a file with no name until it is complete
[ -z "$(ls -A snap | grep -v -e '^s.png$' -e '^before.png$' -e '^full.err$')" ] && ok ||
    bad "a snapshot killed while writing left a temporary: $(ls -A snap)"
# a link planted at the output is replaced, not written through
echo precious >snap/victim.txt
ln -s victim.txt snap/link.png
run 20 "snapshot onto a link" "$limber" snapshot red/r.yaml --size 320x180 --at 0.5s -o snap/link.png 2>/dev/null
[ "$rc" -eq 0 ] && [ "$(cat snap/victim.txt)" = precious ] && [ ! -L snap/link.png ] && [ -s snap/link.png ] &&
    ok || bad "snapshot onto a link: exit $rc, victim '$(cat snap/victim.txt)'"

# --- 2: --watch with the routine replaced by a FIFO: a message, the routine goes on ---
mkdir watch && cp red.mp4 watch/
printf 'limber: 1\ntitle: W\ndefaults: {countdown: 1s}\nsteps:\n  - {title: Red, clip: red.mp4, duration: 5s, loop: true}\n' >watch/r.yaml
t0=$(date +%s.%N)
"$limber" --yes --autoexit --watch --stats watch/s.jsonl watch/r.yaml 2>watch/err &
wpid=$!
for i in $(seq 100); do grep -q '"screen": "exercise"' watch/s.jsonl 2>/dev/null && break; sleep 0.1; done
rm watch/r.yaml && mkfifo watch/r.yaml
for i in $(seq 300); do kill -0 $wpid 2>/dev/null || break; sleep 0.1; done
if kill -0 $wpid 2>/dev/null; then bad "--watch onto a FIFO: still running after 30 s"; kill -KILL $wpid; fi
wait $wpid
wrc=$?
took=$(echo "$(date +%s.%N) - $t0" | bc)
[ "$wrc" -eq 0 ] && grep -q "named pipe" watch/err && ok || bad "--watch onto a FIFO: exit $wrc: $(cat watch/err)"
grep -q '"type": "reload", "ok": false' watch/s.jsonl && ok || bad "--watch onto a FIFO: no failed reload recorded"
check_summary "$(stats_summary watch/s.jsonl)" "d['done'] and d['routine_wall_s'] < d['planned_s'] + 3" \
    "--watch onto a FIFO: the routine goes on to its end on time"
[ "$(echo "$took < 25" | bc)" = 1 ] && ok || bad "--watch onto a FIFO: a 6 s routine took $took s"

# --- 6: damaged Ogg clips (Theora with Vorbis or Opus) in export: bounded time, the card ---
mkdir ogg
ff -f lavfi -i "testsrc2=s=320x240:r=30:d=4" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=4" \
    -c:v libtheora -g 15 -c:a libvorbis ogg/vorbis.ogg
ff -f lavfi -i "testsrc2=s=320x240:r=30:d=4" -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=4" \
    -c:v libtheora -g 15 -c:a libopus ogg/opus.ogg
# "sound": every sound page after the first second gets a wrong CRC (the demuxer drops it: the
# sound stops coming while the picture goes on); "all": every page after the stream headers.
damage_ogg() {
    python3 - "$@" <<'PY'
import sys
src, dst, mode = sys.argv[1:4]
data, kinds, pos = bytearray(open(src, "rb").read()), {}, 0
while (at := data.find(b"OggS", pos)) >= 0 and at + 27 <= len(data):
    nseg = data[at + 26]
    body = at + 27 + nseg
    size = sum(data[at + 27:body])
    serial = int.from_bytes(data[at + 14:at + 18], "little")
    granule = int.from_bytes(data[at + 6:at + 14], "little", signed=True)
    if data[at + 5] & 2:  # a stream's first page names its codec
        kinds[serial] = "picture" if data[body + 1:body + 7] == b"theora" else "sound"
    if size and granule > 0 and (mode == "all" or (kinds.get(serial) == "sound" and granule > 48000)):
        data[body + size // 2] ^= 0x5A
    pos = body + size
open(dst, "wb").write(bytes(data))
PY
}
for codec in vorbis opus; do
    for mode in sound all; do
        damage_ogg "ogg/$codec.ogg" "ogg/$codec-$mode.ogg" $mode
        printf 'limber: 1\ntitle: O\ndefaults: {countdown: 1s, rest: 0s}\nsteps:\n  - {title: Damaged, clip: %s, duration: 4s, loop: true}\n  - {title: Red, clip: ../red.mp4, duration: 1s}\n' \
            "$codec-$mode.ogg" >"ogg/$codec-$mode.yaml"
        run 120 "export of a damaged Ogg ($codec, $mode)" "$limber" export --allow-any-path "ogg/$codec-$mode.yaml" \
            --size 320x180 --fps 15 -o "ogg/$codec-$mode.mp4" 2>"ogg/$codec-$mode.err"
        [ "$rc" -eq 0 ] && [ -s "ogg/$codec-$mode.mp4" ] && [ ! -e "ogg/$codec-$mode.mp4.part" ] && ok ||
            bad "export of a damaged Ogg ($codec, $mode): exit $rc: $(tail -2 "ogg/$codec-$mode.err")"
        # a 5 s routine: one wait for the sound at most (3 s), not one per frame
        [ "$(echo "$took < 45" | bc)" = 1 ] && ok || bad "export of a damaged Ogg ($codec, $mode) took $took s"
    done
    # nothing decodes: the card says so, and the picture in the block is the card, not a clip
    grep -q "cannot open clip" "ogg/$codec-all.err" && ok || bad "damaged Ogg ($codec): no card: $(tail -3 "ogg/$codec-all.err")"
    ffmpeg -v error -ss 8 -i "ogg/$codec-all.mp4" -frames:v 1 "ogg/$codec-all-8s.png" # 2 s into the block
    read -r r g b <<<"$(pixel "ogg/$codec-all-8s.png" 160 62)"
    [ "$r" -lt 70 ] && [ "$g" -lt 70 ] && [ "$b" -lt 90 ] && ok ||
        bad "damaged Ogg ($codec): the block shows $r,$g,$b where the card's background should be"
done

# --- 12: check --allow-any-path FILE; plan too ---
run 10 "check --allow-any-path" "$limber" check --allow-any-path dark/r.yaml >allow.out 2>&1
[ "$rc" -eq 0 ] && ok || bad "check --allow-any-path FILE: exit $rc: $(cat allow.out)"
run 10 "plan --allow-any-path" "$limber" plan --allow-any-path dark/r.yaml >allow.out 2>&1
[ "$rc" -eq 0 ] && ok || bad "plan --allow-any-path FILE: exit $rc: $(cat allow.out)"

finish
