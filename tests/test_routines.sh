#!/bin/bash
# The bundled routines as a person gets them: each passes check, and every exercise block of
# each shows its clip (a snapshot in the middle of the block draws the clip's frame, not a
# "cannot play" card), mirrored on the sides the routine says.
# Usage: test_routines.sh LIMBER SOURCE_DIR
set -u
limber=$1
src=$2
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

for routine in "$src"/routines/*.yaml; do
    name=$(basename "$routine" .yaml)
    "$limber" check "$routine" >/dev/null 2>"$tmp/err" && ok || { bad "$name: check"; cat "$tmp/err"; }
    "$limber" plan --json "$routine" >"$tmp/plan.json" 2>/dev/null || { bad "$name: plan"; continue; }
    # the middle of every block of every step that has a clip
    python3 - "$tmp/plan.json" >"$tmp/times" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
for step in plan["steps"]:
    if step["clip"]:
        for b in step["blocks"]:
            print(f'{(b["start_s"] + b["end_s"]) / 2:.3f}s {step["index"]}')
PY
    while read -r at step; do
        "$limber" snapshot "$routine" --at "$at" --size 480x270 -o "$tmp/shot.png" 2>"$tmp/err"
        if [ $? -eq 0 ] && [ -s "$tmp/shot.png" ] && ! grep -q . "$tmp/err"; then
            ok
        else
            bad "$name: step $step at $at does not show its clip"; cat "$tmp/err"
        fi
    done <"$tmp/times"
done
finish
