#!/bin/bash
# Playing from a bundle, headless: clips read in place from the .limber file show the same
# pixels as the loose routine's at instants that need a seek and a loop (through `limber
# snapshot`, the same drawing as live playback), a packed routine plays to its end with the
# same --stats timings as the loose one and every clip opened, and export and print read it.
# Usage: test_bundle_play.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
cd "$tmp" || exit 1
mkdir -p src/clips
# red for 1 s then blue for 1 s, with a tone; left half green, right half magenta
ff -f lavfi -i "color=red:s=320x240:r=30:d=1" -f lavfi -i "color=blue:s=320x240:r=30:d=1" \
   -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=2" \
   -filter_complex "[0][1]concat=n=2:v=1[v]" -map "[v]" -map 2 -c:v libx264 -pix_fmt yuv420p \
   -g 15 -c:a aac src/clips/redblue.mp4
ff -f lavfi -i "color=green:s=320x240:r=30:d=2" -f lavfi -i "color=magenta:s=160x240:r=30:d=2" \
   -filter_complex "[0][1]overlay=160:0" -c:v libx264 -pix_fmt yuv420p -an src/clips/halves.mp4
cat >src/colours.yaml <<'YAML'
limber: 1
title: Colours
defaults: {countdown: 1s, rest: 1s, switch: 1s}
steps:
  - title: Loop
    clip: clips/redblue.mp4
    duration: 5s
  - title: Sides
    clip: ./clips/halves.mp4
    sides: [left, right]
    mirror: other-side
    duration: 2s
YAML
"$limber" pack src/colours.yaml -o colours.limber >/dev/null 2>pack.err && ok ||
    bad "pack: $(cat pack.err)"

# colour FILE X Y: the pixel's colour as "r,g,b".
colour() { convert "$1" -format "%[fx:int(255*p{$2,$3}.r)],%[fx:int(255*p{$2,$3}.g)],%[fx:int(255*p{$2,$3}.b)]" info: 2>/dev/null; }
near() { # near "r,g,b" "r,g,b": within 40 in each channel
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, ","); split(b, y, ",");
        for (i = 1; i <= 3; i++) if ((x[i] - y[i])^2 > 1600) exit 1 }'
}
# After the 1 s countdown: 1.5 s into the first block (blue: a seek), 2.5 s (red again: the
# loop), 3.5 s (blue, the second pass), and in the second step's mirrored side (magenta on
# the left).
for at in 2.5 3.5 4.5 5.5 11.5; do
    "$limber" snapshot src/colours.yaml --at $at -o loose.png 2>/dev/null
    "$limber" snapshot colours.limber --at $at -o packed.png 2>snap.err || bad "snapshot at $at: $(cat snap.err)"
    diff=$(compare -metric AE loose.png packed.png null: 2>&1)
    [ "$diff" = 0 ] && ok || bad "at ${at}s the bundle's picture differs from the loose routine's ($diff pixels)"
done
"$limber" snapshot colours.limber --at 2.5 -o blue.png 2>/dev/null
near "$(colour blue.png 640 420)" "0,0,255" && ok || bad "at 2.5s (a seek) not blue: $(colour blue.png 640 420)"
"$limber" snapshot colours.limber --at 3.5 -o red.png 2>/dev/null
near "$(colour red.png 640 420)" "255,0,0" && ok || bad "at 3.5s (the loop) not red: $(colour red.png 640 420)"
"$limber" snapshot colours.limber --at 11.5 -o mirrored.png 2>/dev/null
near "$(colour mirrored.png 500 420)" "255,0,255" && ok ||
    bad "the mirrored side from the bundle is not magenta on the left: $(colour mirrored.png 500 420)"

# Played to the end, headless: the same timings as the loose routine.
timeout 120 "$limber" --yes --autoexit --stats loose.jsonl src/colours.yaml 2>loose.err
timeout 120 "$limber" --yes --autoexit --stats packed.jsonl colours.limber 2>packed.err
a=$(stats_summary loose.jsonl); b=$(stats_summary packed.jsonl)
check_summary "$b" "d['done'] and d['clips_failed'] == 0 and d['clips_opened'] >= 3 and d['frames_presented'] > 0" \
    "the bundle did not play to its end with its clips"
python3 - "$a" "$b" <<'PY' && ok || bad "the bundle's timings differ from the loose routine's"
import json, sys
a, b = (json.loads(x) for x in sys.argv[1:3])
for k in ('planned_s', 'routine_pos_s', 'steps', 'clips_opened', 'clips_failed', 'transitions'):
    if a[k] != b[k]:
        print('%s: loose %s, bundle %s' % (k, a[k], b[k])); sys.exit(1)
if abs(a['routine_wall_s'] - b['routine_wall_s']) > 1.0:
    print('wall time: loose %s, bundle %s' % (a['routine_wall_s'], b['routine_wall_s'])); sys.exit(1)
PY

# export and print read the bundle's clips too.
"$limber" export colours.limber -o colours.mp4 --size 320x180 >/dev/null 2>export.err && [ -s colours.mp4 ] &&
    ok || bad "export of a bundle: $(tail -2 export.err)"
"$limber" print colours.limber -o colours.pdf >/dev/null 2>print.err &&
    [ "$(pdfimages -list colours.pdf | awk 'NR > 2' | wc -l)" -ge 4 ] && ok ||
    bad "print of a bundle has no pictures: $(cat print.err)"
finish
