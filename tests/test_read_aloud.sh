#!/bin/bash
# The start card and the screening questions read aloud, in the voice of the routine's language
# (German here), while the card shows them. Export: the file's sound has each card's lines at
# the schedule's instants within the opening chapter, said by the German voice (test_mixer
# --opening-export). Live, under Xvfb with SDL's disk audio driver: --stats' "spoken" lines
# (what the mixer played, and the voice bank's voice for it) show the start card's first lines,
# each question read once although its card stays up and is redrawn (the keys overlay opened
# and closed over it), the start card's reading stopped when it was confirmed early (its later
# lines never heard), and the routine's own lines after. With --watch, a save while the start
# card shows reads the card again from its start, with its new words.
# Usage: test_read_aloud.sh LIMBER TEST_MIXER
set -u
limber=$1
mixer=$2
. "$(dirname "$0")/testlib.sh"
x_test_setup 160 169 read-aloud

cat >"$tmp/de.yaml" <<'YAML'
limber: 1
title: Rücken lockern
author: Anna Berg
language: de
checkin: false
description: Sanfte Übungen für den unteren Rücken.
safety:
  - Langsam bewegen.
  - Bei Schmerz sofort aufhören.
screening:
  - {ask: Strahlt der Schmerz ins Bein aus?, stop_if: yes, advice: Erst zum Arzt.}
  - {ask: Können Sie auf dem Boden liegen?, stop_if: no, advice: Im Stehen üben.}
defaults: {countdown: 3s}
steps:
  - title: Knie zur Brust
    duration: 6s
YAML

# --- export: the opening chapter is read aloud ---
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "$limber" export "$tmp/de.yaml" \
    -o "$tmp/de.mp4" --size 640x360 --fps 25 2>"$tmp/export.log" ||
    { bad "export failed"; cat "$tmp/export.log"; }
cards=$(ffprobe -v error -show_chapters -of json "$tmp/de.mp4" |
        python3 -c 'import json,sys; print(round(float(json.load(sys.stdin)["chapters"][0]["end_time"]) * 1000))')
ffmpeg -v error -y -i "$tmp/de.mp4" -vn -f f32le -ac 2 -ar 48000 "$tmp/de.raw"
"$mixer" --opening-export "$tmp/de.raw" "$tmp/de.yaml" "$cards" >"$tmp/opening.txt" 2>&1 && ok ||
    bad "the export's opening cards are not read where the schedule puts them"
cat "$tmp/opening.txt"
grep -q "^ok .* de voice, .*: Strahlt der Schmerz ins Bein aus?$" "$tmp/opening.txt" &&
    grep -q "^ok .* de voice, .*: Können Sie auf dem Boden liegen?$" "$tmp/opening.txt" && ok ||
    bad "the export does not read both questions with the German voice"

# --- live ---
spoken() { grep '"type": "spoken"' "$tmp/stats.jsonl"; }
heard() { spoken | grep -cF "\"line\": \"$1\""; }
export SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$tmp/out.raw"
x_start 240 '^Rücken lockern$' "$limber" -v --no-history --autoexit --stats "$tmp/stats.jsonl" \
    "$tmp/de.yaml"
ws "start 0"
# The title is read first, then "by Anna Berg"; Enter before the safety points are read.
for i in $(seq 150); do [ "$(heard "von Anna Berg")" -ge 1 ] && break; sleep 0.1; done
key Return
ws "question 0"
for i in $(seq 150); do [ "$(heard "Strahlt der Schmerz ins Bein aus?")" -ge 1 ] && break; sleep 0.1; done
shot question
key h                 # the keys overlay over the question, and closed again: redraws
ws "help 0"
key h
ws "question 0"
sleep 4               # the card stays up: it is not read again
key n
for i in $(seq 150); do [ "$(heard "Können Sie auf dem Boden liegen?")" -ge 1 ] && break; sleep 0.1; done
key y                 # yes, the person can: the routine starts
ws "exercise 1"
for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
x_wait_exit
[ "$status" -eq 0 ] && ok || { bad "exit status $status"; tail -5 "$tmp/err"; }
spoken
[ "$(heard "Rücken lockern")" -eq 1 ] && [ "$(heard "von Anna Berg")" -eq 1 ] && ok ||
    bad "the start card's first lines were not heard once each"
[ "$(heard "Strahlt der Schmerz ins Bein aus?")" -eq 1 ] && ok ||
    bad "question 1 heard $(heard "Strahlt der Schmerz ins Bein aus?") times, want once"
[ "$(heard "Können Sie auf dem Boden liegen?")" -eq 1 ] && ok ||
    bad "question 2 heard $(heard "Können Sie auf dem Boden liegen?") times, want once"
# Confirmed before they came: the start card's safety points and its "press Enter" stopped.
[ "$(heard "Bei Schmerz sofort aufhören.")" -eq 0 ] && ok ||
    bad "the start card went on being read after it was confirmed"
# Every opening line in the German voice; the routine's own lines after them.
[ -z "$(spoken | grep '"routine_s": -' | grep -v '"voice": "de"')" ] && ok ||
    bad "an opening line not said by the German voice"
spoken | grep -q '"line": "Bereit machen: Knie zur Brust", "voice": "de", "routine_s": 0.000' &&
    ok || bad "the routine's first line was not heard at its start after the cards"
[ "$(grep -c "reading screening question 1 aloud" "$tmp/err")" -eq 1 ] && ok ||
    bad "the log does not say once that question 1 is read"

# --- live with --watch: the author saves while the start card shows; the card is read again
# from its start, with the new words (before, the reload silenced the reading) ---
sed 's/^title: Rücken lockern$/title: Rücken sanft lockern/' "$tmp/de.yaml" >"$tmp/new.yaml"
cp "$tmp/de.yaml" "$tmp/w.yaml"
rm -f "$tmp/stats.jsonl"
x_start 240 '^Rücken lockern$' "$limber" -v --no-history --watch --stats "$tmp/stats.jsonl" \
    "$tmp/w.yaml"
ws "start 0"
for i in $(seq 150); do [ "$(heard "von Anna Berg")" -ge 1 ] && break; sleep 0.1; done
cp "$tmp/new.yaml" "$tmp/w.yaml"
for i in $(seq 300); do [ "$(heard "Rücken sanft lockern")" -ge 1 ] && break; sleep 0.1; done
[ "$(heard "Rücken sanft lockern")" -eq 1 ] && ok ||
    bad "a save on the start card: the new title was not read ($(spoken | tail -3))"
for i in $(seq 150); do [ "$(heard "von Anna Berg")" -ge 2 ] && break; sleep 0.1; done
[ "$(heard "von Anna Berg")" -eq 2 ] && ok ||
    bad "a save on the start card: the card was not read on after its new title"
kill -TERM "$pid"
x_wait_exit
finish
