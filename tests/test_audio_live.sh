#!/bin/bash
# The player live, headless, with SDL's disk audio driver: its beeps must land where the offline
# mixer puts them, within one device buffer (aligned on the first beep).
set -u
limber=$1
mixer=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/live.yaml" <<'YAML'
limber: 1
title: Live beeps
defaults:
  countdown: 4s
  rest: 3s
steps:
  - title: Hold
    kind: timer
    duration: 3s
  - title: Tilts
    reps: 3
    rep_time: 1500ms
    rep_beep: true
YAML
SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$dir/out.raw" SDL_VIDEODRIVER=dummy \
    timeout 120 "$limber" --yes --autoexit --voice off "$dir/live.yaml" || {
    echo "limber failed"; exit 1; }
"$mixer" --compare-live "$dir/out.raw" "$dir/live.yaml"
