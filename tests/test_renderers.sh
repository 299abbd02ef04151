#!/bin/bash
# The picture through both renderers under Xvfb: the software one (converted straight into the
# window's pixels) and the accelerated one (YUV planes handed to OpenGL, here Mesa's llvmpipe),
# each showing a plain, a mirrored, a turned (phone rotation metadata) and a turned-and-mirrored
# clip; the colours are checked where they must be in a screenshot of the window. Then the pain
# stop and the leave question over the picture, drawn again after a key: the picture shaded.
# Usage: test_renderers.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
x_test_setup 211 240 renderers
cd "$tmp" || exit 1

# left half green, right half magenta; top half red, bottom half blue, tagged as turned by 90
ff -f lavfi -i "color=green:s=320x240:r=30:d=2" -f lavfi -i "color=magenta:s=160x240:r=30:d=2" \
   -filter_complex "[0][1]overlay=160:0" -c:v libx264 -pix_fmt yuv420p -an halves.mp4
ff -f lavfi -i "color=red:s=320x240:r=30:d=2" -f lavfi -i "color=blue:s=320x120:r=30:d=2" \
   -filter_complex "[0][1]overlay=0:120" -c:v libx264 -pix_fmt yuv420p -an plain.mp4
ff -i plain.mp4 -c copy -metadata:s:v:0 rotate=90 rotated.mp4
cat >r.yaml <<'YAML'
limber: 1
title: Renderers
defaults: {countdown: 0, rest: 0, warning: false}
steps:
  - {title: Plain, clip: halves.mp4, duration: 60s}
  - {title: Mirrored, clip: halves.mp4, duration: 60s, mirror: true}
  - {title: Turned, clip: rotated.mp4, duration: 60s}
  - {title: Turned and mirrored, clip: rotated.mp4, duration: 60s, mirror: true}
YAML

# colour name of the pixel at x,y of the window $win
colour_at() {
    import -window "$win" -crop "1x1+$1+$2" -depth 8 rgb:- 2>/dev/null | od -An -tu1 |
        { read -r r g b
          if [ "${b:-}" = "" ]; then echo none
          elif [ "$r" -gt 180 ] && [ "$g" -lt 80 ] && [ "$b" -gt 180 ]; then echo magenta
          elif [ "$r" -gt 180 ] && [ "$g" -lt 80 ] && [ "$b" -lt 80 ]; then echo red
          elif [ "$r" -lt 80 ] && [ "$g" -gt 90 ] && [ "$b" -lt 80 ]; then echo green
          elif [ "$r" -lt 80 ] && [ "$g" -lt 80 ] && [ "$b" -gt 180 ]; then echo blue
          else echo "$r,$g,$b"; fi; }
}
# expect RENDERER STEP X Y COLOUR: the colour comes within 10 s (a step jumped to opens its
# clip then, which a sanitizer build on a slow machine takes a while to do)
expect() {
    local got i
    for i in $(seq 50); do
        got=$(colour_at "$3" "$4")
        [ "$got" = "$5" ] && { ok; return; }
        sleep 0.2
    done
    bad "$1, step $2: ($3,$4) is $got, want $5"
}

# expect_dim RENDERER WHAT X Y LOW HIGH: within 10 s the pixel is the blue band under a shade:
# blue between LOW and HIGH, red and green under 40
expect_dim() {
    local rgb i
    for i in $(seq 50); do
        rgb=$(import -window "$win" -crop "1x1+$3+$4" -depth 8 rgb:- 2>/dev/null | od -An -tu1)
        set -- "$1" "$2" "$3" "$4" "$5" "$6" $rgb
        [ $# -eq 9 ] && [ "$7" -lt 40 ] && [ "$8" -lt 40 ] && [ "$9" -ge "$5" ] &&
            [ "$9" -le "$6" ] && { echo "$1, $2: ($3,$4) is $7 $8 $9"; ok; return; }
        set -- "$1" "$2" "$3" "$4" "$5" "$6"
        sleep 0.2
    done
    bad "$1, $2: ($3,$4) is $rgb, want a shaded blue ($5 to $6)"
}

# A 640x480 window: the 4:3 halves clip fills it; the turned clip (3:4) is letterboxed to
# 360x480 at x = 140, so its left band is around x = 230 and its right band around x = 410.
for renderer in software accelerated; do
    rm -f stats.jsonl
    x_start 120 '^Renderers$' "$limber" --yes --renderer "$renderer" --size 640x480 \
        --stats stats.jsonl r.yaml
    ws "exercise 1"
    expect "$renderer" 1 100 300 green
    expect "$renderer" 1 540 300 magenta
    key Right; ws "exercise 2"
    expect "$renderer" 2 100 300 magenta
    expect "$renderer" 2 540 300 green
    key Right; ws "exercise 3"
    expect "$renderer" 3 230 300 red
    expect "$renderer" 3 410 300 blue
    key Right; ws "exercise 4"
    expect "$renderer" 4 230 300 blue
    expect "$renderer" 4 410 300 red
    shot "$renderer"
    # The pain stop over the blue band: the picture under its shade (240/255) dark blue, below
    # the choices; moved highlight (drawn from the kept backdrop with the software renderer)
    # and back: the same.
    key p; ws "pain 4"
    expect_dim "$renderer" pain 150 472 25 60
    key Down; sleep 0.3; key Down; sleep 0.3
    expect_dim "$renderer" "pain, highlight moved" 150 472 25 60
    key Escape; ws "leave 4"  # the leave question over it: its lighter shade (200/255)
    expect_dim "$renderer" leave 150 472 50 100
    key Right; sleep 0.3
    expect_dim "$renderer" "leave, answer moved" 150 472 50 100
    key Escape; ws "end 0"    # a second Esc leaves (to the end screen)
    drawn=$(grep '"type": "drawn", "screen": "pain"' stats.jsonl | head -1)
    python3 - "$renderer" "$drawn" <<'PY' && ok || bad "$renderer: the pain stop's draws: $drawn"
import json, sys
renderer, d = sys.argv[1], json.loads(sys.argv[2])
# the software renderer blends the shade once (twice if the stopped frame came late) and draws
# from the backdrop after; a GPU blends it at every draw
sys.exit(0 if d["draws"] >= 3 and (d["shades"] <= 2 if renderer == "software"
                                     else d["shades"] == d["draws"]) else 1)
PY
    key q
    wait "$pid"
    stop_watchdog
    used=$(stats_summary stats.jsonl | sed -n 's/.*"renderer": "\([^"]*\)".*/\1/p')
    case $renderer in
        software) [ "$used" = software ] && ok || bad "software: the renderer was '$used'" ;;
        accelerated) [ -n "$used" ] && [ "$used" != software ] && ok ||
                         bad "accelerated: the renderer was '$used' ($(cat "$tmp/err"))" ;;
    esac
done
pid=
finish
