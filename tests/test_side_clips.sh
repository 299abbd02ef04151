#!/bin/bash
# A clip per side (`clip: {left: A, right: B}`): each side plays its own file, never mirrored,
# checked in the pixels of what a person sees: `limber snapshot` (the live drawing path) at each
# side's instant, live play (every clip opened ahead, none failed), the export's frames at each
# side's instant, a bundle made by `limber pack` (both files inside, the same pictures), and
# `limber print` (the other side's own picture, not a mirrored one). The two clips have
# different colours in each half, so a wrong file and a mirrored picture both show.
# Usage: test_side_clips.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
cd "$tmp" || exit 1

# left side: green | magenta; right side: blue | yellow (4:3, 2 s, no sound)
ff -f lavfi -i "color=green:s=320x240:r=30:d=2" -f lavfi -i "color=magenta:s=160x240:r=30:d=2" \
   -filter_complex "[0][1]overlay=160:0" -c:v libx264 -pix_fmt yuv420p -an knee-left.mp4
ff -f lavfi -i "color=blue:s=320x240:r=30:d=2" -f lavfi -i "color=yellow:s=160x240:r=30:d=2" \
   -filter_complex "[0][1]overlay=160:0" -c:v libx264 -pix_fmt yuv420p -an knee-right.mp4

# The filmed step first; `mirror` in defaults must not turn a filmed side around, but still
# mirrors the step with one clip.
cat >sides.yaml <<'YAML'
limber: 1
title: Filmed sides
defaults: {countdown: 0, rest: 0, warning: false, mirror: other-side}
steps:
  - title: Knee to chest
    sides: [left, right]
    clip: {left: knee-left.mp4, right: knee-right.mp4}
    switch: 0
    duration: 3s
  - title: One clip
    sides: [left, right]
    clip: knee-left.mp4
    switch: 0
    duration: 2s
YAML

pixel() { ffmpeg -v error -i "$1" -vf "crop=1:1:$2:$3" -f rawvideo -pix_fmt rgb24 - | od -An -tu1 | tr -s ' ' | sed 's/^ //'; }
near() {
    read -r r g b <<<"$1"
    case $2 in
        blue) [ "$r" -lt 80 ] && [ "$g" -lt 80 ] && [ "$b" -gt 180 ] ;;
        green) [ "$r" -lt 80 ] && [ "$g" -gt 90 ] && [ "$b" -lt 80 ] ;;
        magenta) [ "$r" -gt 180 ] && [ "$g" -lt 80 ] && [ "$b" -gt 180 ] ;;
        yellow) [ "$r" -gt 180 ] && [ "$g" -gt 180 ] && [ "$b" -lt 80 ] ;;
    esac
}
# halves NAME PNG X_LEFT X_RIGHT Y LEFT_COLOUR RIGHT_COLOUR
halves() {
    local left right # (near's read sets r, g and b)
    left=$(pixel "$2" "$3" "$5"); right=$(pixel "$2" "$4" "$5")
    near "$left" "$6" && near "$right" "$7" && ok ||
        bad "$1: left half '$left', right half '$right'; want $6 | $7"
}
snap() { "$limber" snapshot "$1" --size 640x360 --at "$2" -o "$3" 2>>log.txt || bad "snapshot $1 at $2 failed"; }

# check and plan: fine, and the plan names each block's file.
"$limber" check sides.yaml >/dev/null 2>&1 && ok || { bad "check sides.yaml"; "$limber" check sides.yaml; }
"$limber" plan sides.yaml >plan.txt 2>&1
grep -q "set 1, left 3s, clip knee-left.mp4" plan.txt && grep -q "set 1, right 3s, clip knee-right.mp4" plan.txt &&
    ok || { bad "plan does not name each side's clip"; cat plan.txt; }
"$limber" plan --json sides.yaml | python3 -c '
import json, sys
b = json.load(sys.stdin)["steps"][0]["blocks"]
got = [(x["side"], x["clip"].rsplit("/", 1)[-1], x["mirrored"]) for x in b]
want = [("left", "knee-left.mp4", False), ("right", "knee-right.mp4", False)]
sys.exit(0 if got == want else print(got) or 1)' && ok || bad "plan --json: each block's clip, not mirrored"

# Snapshots: the left side (0-3 s) green | magenta, the right side (3-6 s) blue | yellow, as
# filmed; the one-clip step's right side (8-10 s) mirrored: magenta | green.
snap sides.yaml 1s left.png;   halves "left side" left.png 200 440 200 green magenta
snap sides.yaml 4s right.png;  halves "right side, its own clip" right.png 200 440 200 blue yellow
snap sides.yaml 5.9s right-end.png; halves "right side near its end" right-end.png 200 440 200 blue yellow
snap sides.yaml 9s mirrored.png; halves "one clip, mirrored" mirrored.png 200 440 200 magenta green

# Live: plays to the end on time, both files opened (the right side's before its block) and
# none failed; the first frame of each side is recorded.
timeout 60 "$limber" --yes --autoexit --voice off -v --stats live.jsonl sides.yaml 2>live.log
[ $? -eq 0 ] && ok || { bad "live: exit status"; tail -5 live.log; }
s=$(stats_summary live.jsonl)
check_summary "$s" "d['done'] and d['clips_failed'] == 0 and d['clips_opened'] >= 4" \
    "live: not done, or a clip failed"
[ "$(grep -c '"type": "transition", "kind": "step", .*"step": 1,' live.jsonl)" -ge 2 ] && ok ||
    { bad "live: no first frame recorded for each side of step 1"; grep transition live.jsonl; }
grep -q "joins its block" live.log && { bad "live: a side's clip was not open when its block began"; grep "joins" live.log; } || ok
grep -E "cannot|error" live.log && bad "live: errors logged" || ok

# Export: the frames at each side's instant (the opening cards come first: chapter 2 starts
# at the step).
"$limber" export sides.yaml -o sides.mp4 --size 640x360 --fps 25 --voice off 2>export.log ||
    { bad "export failed"; cat export.log; }
step_at=$(ffprobe -v error -show_chapters -of json sides.mp4 |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["chapters"][1]["start_time"])')
for at in 1:green:magenta 4:blue:yellow 9:magenta:green; do
    IFS=: read -r t lc rc <<<"$at"
    ft=$(python3 -c "print(float('$step_at') + $t)")
    ffmpeg -v error -y -ss "$ft" -i sides.mp4 -frames:v 1 "export-$t.png"
    halves "export at ${t}s" "export-$t.png" 200 440 200 "$lc" "$rc"
done

# pack: both files in the bundle; played from it, the same pictures.
"$limber" pack sides.yaml -o sides.limber >pack.txt 2>&1 || { bad "pack failed"; cat pack.txt; }
grep -q "knee-left.mp4" pack.txt && grep -q "knee-right.mp4" pack.txt && ok ||
    { bad "pack: both sides' files are not in the bundle"; cat pack.txt; }
"$limber" check sides.limber >/dev/null 2>check-bundle.txt && ok ||
    { bad "check of the bundle (each side's file probed in place)"; cat check-bundle.txt; }
snap sides.limber 1s b-left.png;  halves "bundle, left side" b-left.png 200 440 200 green magenta
snap sides.limber 4s b-right.png; halves "bundle, right side" b-right.png 200 440 200 blue yellow

# print: the other side's own picture, captioned without "mirrored".
if command -v pdftotext >/dev/null && command -v pdfimages >/dev/null; then
    SOURCE_DATE_EPOCH=1764892800 "$limber" print sides.yaml -o sides.pdf >/dev/null 2>print.log ||
        { bad "print failed"; cat print.log; }
    text=$(pdftotext sides.pdf - | tr -s ' \n' ' ')
    grep -qF "Other side (right)" <<<"$text" && ! grep -qF "Other side (right), mirrored" <<<"${text%%One clip*}" &&
        ok || bad "print: the filmed side's caption: $text"
    # Pictures in page order: step 1's start (left), middle (left), other side (right).
    pdfimages -png sides.pdf img
    third=$(ls img-*.png | sort | sed -n 3p)
    w=$(ffprobe -v error -show_entries stream=width -of csv=p=0 "$third")
    halves "print: step 1's other side" "$third" $((w * 200 / 640)) $((w * 440 / 640)) \
        $((w * 200 / 640)) blue yellow
    # Each side's middle picture from its own film's length: the left film (2 s) is shorter
    # than the middle of a rep (2 s in), so its middle is 1 s; the right film is 6 s long and
    # turns from blue to yellow at 1.5 s, so its picture 2 s in is yellow (blue if it took the
    # left film's 1 s).
    ff -f lavfi -i "color=blue:s=320x240:r=30:d=1.5" -f lavfi -i "color=yellow:s=320x240:r=30:d=4.5" \
       -filter_complex "[0][1]concat=n=2:v=1" -c:v libx264 -pix_fmt yuv420p -an late.mp4
    printf '%s\n' 'limber: 1' 'title: Lengths' 'defaults: {countdown: 0, rest: 0, warning: false}' \
        'steps:' '  - {title: Long right film, sides: [left, right], switch: 0, reps: 1, rep_time: 4s,' \
        '     loop: true, clip: {left: knee-left.mp4, right: late.mp4}}' >lengths.yaml
    "$limber" print lengths.yaml -o lengths.pdf >/dev/null 2>print2.log ||
        { bad "print lengths.yaml failed"; cat print2.log; }
    pdfimages -png lengths.pdf len
    third=$(ls len-*.png | sort | sed -n 3p)
    w=$(ffprobe -v error -show_entries stream=width -of csv=p=0 "$third")
    halves "print: the other side's middle from its own film" "$third" $((w / 4)) $((w * 3 / 4)) \
        $((w / 4)) yellow yellow
else
    echo "SKIP: print (poppler-utils missing)"
fi
finish
