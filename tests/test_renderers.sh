#!/bin/bash
# The picture through both renderers under Xvfb: the software one (converted straight into the
# window's pixels) and the accelerated one (YUV planes handed to OpenGL, here Mesa's llvmpipe),
# each showing a plain, a mirrored, a turned (phone rotation metadata) and a turned-and-mirrored
# clip; the colours are checked where they must be in a screenshot of the window.
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
    key q; ws "leave 4"   # Q in a routine asks first; a second Q leaves (to the end screen)
    key q; ws "end 0"
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
