#!/bin/bash
# Playback as a person meets it, headless (SDL's dummy video and audio drivers): whole routines
# on time, trims, loop seams, mirroring and rotation checked in the pixels (through `limber
# snapshot`, the same drawing as live playback), bad clips that must not stop a routine, no
# audio device, and clip paths that are refused. Makes its own clips with the ffmpeg CLI.
# Usage: test_play.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
cd "$tmp" || exit 1

# red for 1 s then blue for 1 s, with a tone; 30 fps
ff -f lavfi -i "color=red:s=320x240:r=30:d=1" -f lavfi -i "color=blue:s=320x240:r=30:d=1" \
   -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" \
   -filter_complex "[0][1]concat=n=2:v=1[v]" -map "[v]" -map 2 -c:v libx264 -pix_fmt yuv420p \
   -g 15 -c:a aac redblue.mp4
# left half green, right half magenta, no audio
ff -f lavfi -i "color=green:s=320x240:r=30:d=2" -f lavfi -i "color=magenta:s=160x240:r=30:d=2" \
   -filter_complex "[0][1]overlay=160:0" -c:v libx264 -pix_fmt yuv420p -an halves.mp4
# top half red, bottom half blue, tagged as turned by 90 degrees (as phones do)
ff -f lavfi -i "color=red:s=320x240:r=30:d=2" -f lavfi -i "color=blue:s=320x120:r=30:d=2" \
   -filter_complex "[0][1]overlay=0:120" -c:v libx264 -pix_fmt yuv420p -an plain.mp4
ff -i plain.mp4 -c copy -metadata:s:v:0 rotate=90 rotated.mp4
ff -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" -c:a aac sound-only.m4a
# damaged copies
head -c 3000 redblue.mp4 >truncated.mp4
cp redblue.mp4 flipped.mp4
size=$(stat -c %s flipped.mp4)
python3 - "$size" <<'PY'
import sys
n = int(sys.argv[1]); data = bytearray(open("flipped.mp4", "rb").read())
for i in range(n // 3, n - 64, 97):
    data[i] ^= 0x5a
open("flipped.mp4", "wb").write(bytes(data))
PY
echo "this is not a video" >text.mp4
: >empty.mp4

# pixel R,G,B of a PNG at x,y
pixel() { ffmpeg -v error -i "$1" -vf "crop=1:1:$2:$3" -f rawvideo -pix_fmt rgb24 - | od -An -tu1 | tr -s ' ' | sed 's/^ //'; }
# is "R G B" close to the wanted colour name?
near() {
    read -r r g b <<<"$1"
    case $2 in
        red) [ "$r" -gt 180 ] && [ "$g" -lt 80 ] && [ "$b" -lt 80 ] ;;
        blue) [ "$r" -lt 80 ] && [ "$g" -lt 80 ] && [ "$b" -gt 180 ] ;;
        green) [ "$r" -lt 80 ] && [ "$g" -gt 90 ] && [ "$b" -lt 80 ] ;;
        magenta) [ "$r" -gt 180 ] && [ "$g" -lt 80 ] && [ "$b" -gt 180 ] ;;
        background) [ "$r" -lt 60 ] && [ "$g" -lt 60 ] && [ "$b" -lt 70 ] ;;
    esac
}
expect_pixel() { # name png x y colour
    local got
    got=$(pixel "$2" "$3" "$4")
    near "$got" "$5" && ok || bad "$1: pixel ($3,$4) is '$got', want $5"
}

cat >pixels.yaml <<'YAML'
limber: 1
title: Pixels
defaults: {countdown: 0, rest: 0, warning: false}
steps:
  - title: Trimmed
    clip: redblue.mp4
    clip_start: 1s
    duration: 3s
  - title: Looped
    clip: redblue.mp4
    duration: 5s
  - title: Held
    clip: redblue.mp4
    loop: false
    duration: 4s
  - title: Mirrored
    clip: halves.mp4
    sides: [left, right]
    mirror: other-side
    switch: 0
    duration: 2s
  - title: Rotated
    clip: rotated.mp4
    duration: 2s
YAML
snap() { "$limber" snapshot pixels.yaml --size 640x360 --at "$1" -o "$2" 2>>log.txt || bad "snapshot at $1 failed"; }
# Trimmed: from 1 s into the clip: blue; then the 1 s trimmed clip loops: blue again.
snap 0.3s trim.png;      expect_pixel "trim start" trim.png 320 200 blue
snap 2.5s trim2.png;     expect_pixel "trimmed loop" trim2.png 320 200 blue
# Looped 2 s clip in a 5 s block starting at 3 s: red, blue, red after the seam, blue.
snap 3.3s loop1.png;     expect_pixel "first pass, first half" loop1.png 320 200 red
snap 4.5s loop2.png;     expect_pixel "first pass, second half" loop2.png 320 200 blue
snap 5.1s loop3.png;     expect_pixel "right after the seam" loop3.png 320 200 red
snap 6.5s loop4.png;     expect_pixel "second pass, second half" loop4.png 320 200 blue
# loop: false holds the last frame (blue) past the clip's end.
snap 11s hold.png;       expect_pixel "held last frame" hold.png 320 200 blue
# Mirrored on the second side only.
snap 12.5s side1.png;    expect_pixel "first side, left" side1.png 200 200 green
expect_pixel "first side, right" side1.png 440 200 magenta
snap 14.5s side2.png;    expect_pixel "second side mirrored, left" side2.png 200 200 magenta
expect_pixel "second side mirrored, right" side2.png 440 200 green
# Rotated by its metadata: portrait, letterboxed, turned the way ffmpeg itself shows it (the
# clip's top half, red, ends up on the left).
snap 16.5s rot.png;      expect_pixel "rotation: bar" rot.png 60 200 background
expect_pixel "rotation: left of picture" rot.png 290 200 red
expect_pixel "rotation: right of picture" rot.png 350 200 blue

# A whole routine, live, ends on time; the clip plays with its sound.
cat >live.yaml <<'YAML'
limber: 1
title: Live
defaults: {countdown: 1s, rest: 1s}
steps:
  - title: Looped with sound
    clip: redblue.mp4
    duration: 3s
  - title: Silent clip
    clip: halves.mp4
    sides: [left, right]
    switch: 0
    duration: 1s
  - title: Timer
    kind: timer
    duration: 1s
YAML
field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(d$2)" "$1"; }
timeout 60 "$limber" --yes --autoexit --stats live.jsonl live.yaml 2>>log.txt
[ $? -eq 0 ] && ok || bad "live routine: exit status"
s=$(stats_summary live.jsonl)
[ "$(field "$s" "['done']")" = True ] && ok || bad "live routine did not end: $s"
[ "$(field "$s" "['steps']")" = "['done', 'done', 'done']" ] && ok || bad "live record: $s"
check_summary "$s" "abs(d['routine_wall_s'] - d['planned_s']) <= 0.1" \
    "live routine not within 100 ms of its plan"
[ "$(field "$s" "['frames_presented'] > 60")" = True ] && ok || bad "live: too few frames: $s"
grep -q '"kind": "loop"' live.jsonl && ok || bad "live: no loop seam recorded"

# No audio device: plays silently, on time.
SDL_AUDIODRIVER=no-such-driver timeout 60 "$limber" --yes --autoexit --stats noaudio.jsonl \
    live.yaml 2>noaudio.err
s=$(stats_summary noaudio.jsonl)
[ "$(field "$s" "['audio']")" = False ] && [ "$(field "$s" "['done']")" = True ] && ok ||
    bad "no audio device: $s"
grep -q 'playing silently' noaudio.err && ok || bad "no audio device: no notice"

# Bad clips: each block still starts and ends on time with a card; one log line each.
cat >bad.yaml <<'YAML'
limber: 1
title: Bad clips
defaults: {countdown: 0, rest: 0}
steps:
  - {title: Truncated, clip: truncated.mp4, duration: 1s}
  - {title: Flipped, clip: flipped.mp4, duration: 2s}
  - {title: Missing, clip: missing.mp4, duration: 1s}
  - {title: Not a video, clip: text.mp4, duration: 1s}
  - {title: Empty, clip: empty.mp4, duration: 1s}
  - {title: Sound only, clip: sound-only.m4a, duration: 1s}
YAML
timeout 60 "$limber" --yes --autoexit --stats bad.jsonl bad.yaml 2>bad.err
[ $? -eq 0 ] && ok || bad "bad clips: exit status (or a hang)"
s=$(stats_summary bad.jsonl)
[ "$(field "$s" "['done']")" = True ] && ok || bad "bad clips: routine did not end: $s"
check_summary "$s" "abs(d['routine_wall_s'] - d['planned_s']) <= 0.1" "bad clips: not on time"
[ "$(field "$s" "['clips_failed'] >= 3")" = True ] && ok || bad "bad clips: failures not counted: $s"
for name in missing.mp4 text.mp4 empty.mp4; do
    [ "$(grep -c "$name" bad.err)" -eq 1 ] && ok || bad "bad clips: want one log line for $name"
done
"$limber" snapshot bad.yaml --size 640x360 --at 2.5s -o missing.png 2>/dev/null
"$limber" snapshot bad.yaml --size 640x360 --at 3.5s -o text.png 2>/dev/null
[ -s missing.png ] && [ -s text.png ] && ok || bad "bad clips: no card snapshot"

# Previews: every --at form. A screening question by number, as asked (its words drawn);
# one past the last question, and a time past the routine's end, are errors that say why.
cat >ask.yaml <<YAML
limber: 1
title: Two questions
screening:
  - {ask: Does the pain spread into your leg?, stop_if: yes, advice: See a doctor.}
  - {ask: Can you get up from the floor?, stop_if: no, advice: Do the standing routine.}
steps:
  - {title: Move, clip: halves.mp4, duration: 10s}
YAML
for form in start screening screening:1 screening:2 question screening-stop 0:05 "5 sec" end; do
    LIMBER_DRAWN_TEXT=drawn.txt "$limber" snapshot ask.yaml --size 640x360 --at "$form" \
        -o at.png 2>at.err && [ -s at.png ] && ok || { bad "--at $form: no picture"; cat at.err; }
    case $form in
    screening|screening:1|question) grep -q 'Does the pain spread' drawn.txt && ok ||
        bad "--at $form: question 1 not drawn" ;;
    screening:2) grep -q 'Can you get up from the floor' drawn.txt &&
        ! grep -q 'Does the pain spread' drawn.txt && ok || bad "--at $form: not question 2" ;;
    esac
    rm -f at.png drawn.txt
done
"$limber" snapshot ask.yaml --at screening:3 -o at.png 2>at.err
[ $? -ne 0 ] && [ ! -e at.png ] && grep -q 'has 2 screening questions: there is no question 3' at.err &&
    ok || { bad "--at screening:3: want an error"; cat at.err; }
"$limber" snapshot ask.yaml --at 9:00 -o at.png 2>at.err
[ $? -ne 0 ] && [ ! -e at.png ] && grep -q "past the end of 'ask.yaml', which lasts 0:13" at.err &&
    ok || { bad "--at past the end: want an error with the length"; cat at.err; }
"$limber" snapshot ask.yaml --at screening:x -o at.png 2>at.err
[ $? -ne 0 ] && grep -q 'screening:N' at.err && ok || { bad "--at screening:x: want an error"; cat at.err; }

# Refused paths: a URL and a path out of the routine's folder.
mkdir -p sub
printf 'limber: 1\ntitle: U\nsteps:\n  - {title: A, clip: "http://example.com/a.mp4", duration: 1s}\n' >url.yaml
printf 'limber: 1\ntitle: U\nsteps:\n  - {title: A, clip: ../redblue.mp4, duration: 1s}\n' >sub/up.yaml
timeout 20 "$limber" --yes --autoexit --allow-any-path url.yaml 2>url.err
[ $? -eq 1 ] && grep -q 'is a URL' url.err && ok || bad "http:// clip not refused"
timeout 20 "$limber" --yes --autoexit sub/up.yaml 2>up.err
[ $? -eq 1 ] && grep -q "leaves the routine's folder" up.err && ok || bad "../ clip not refused"

finish
