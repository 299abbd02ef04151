#!/bin/bash
# The kiosk's "Add from USB stick" under Xvfb: --import-from lists a stick's bundles after the
# library's own routines; choosing one copies it into the library's folder (checked, whole or
# not at all) and selects it, and it plays; a bundle gone from the stick before it is chosen
# writes nothing and the kiosk carries on; a broken bundle is listed with its error; one that
# would replace a routine of its title asks first, "Keep mine" highlighted.
# Usage: test_kiosk_import.sh LIMBER SOURCE_DIR [SHOT_DIR]
set -u
limber=$1
src=$(cd "$2" && pwd)
shots=${3:-}
. "$(dirname "$0")/testlib.sh"
x_test_setup 151 180 kiosk-import

mkdir -p "$tmp/lib" "$tmp/stick" "$tmp/make"
cp "$src/tests/data/valid/clips/tiny.mp4" "$tmp/make/"
cat >"$tmp/lib/short.yaml" <<YAML
limber: 1
title: Short one
steps:
  - {title: Rest, kind: info, duration: 1s}
YAML
for title in "From the stick" "Gone soon"; do
    cat >"$tmp/make/routine.yaml" <<YAML
limber: 1
title: $title
defaults: {countdown: 1s}
steps:
  - {title: Knee rock, clip: tiny.mp4, duration: 2s}
YAML
    "$limber" pack "$tmp/make/routine.yaml" -o "$tmp/stick/${title// /-}.limber" >/dev/null ||
        bad "pack '$title'"
done
echo "not a bundle" >"$tmp/stick/bad.limber"
# A bundle in the library whose clip was damaged after it was packed: listed (the library does
# not hash members), and marked unusable with the reason once chosen.
sed 's/^title: .*/title: A damaged one/' "$tmp/make/routine.yaml" >"$tmp/make/damaged.yaml"
"$limber" pack "$tmp/make/damaged.yaml" -o "$tmp/lib/damaged.limber" >/dev/null || bad "pack damaged"
damage_member "$tmp/lib/damaged.limber" tiny.mp4
export XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data
x_start 240 '^Limber$' "$limber" --kiosk --import-from "$tmp/stick" --stats "$tmp/stats.jsonl" \
    "$tmp/lib"
sleep 1
shot library          # A damaged one, Short one; bad.limber (cannot be used), From the stick,
                      # Gone soon
key Home              # the damaged bundle in the library: refused when chosen, its row says so
import -window root "$tmp/listed.png"
key Return
sleep 2
import -window root "$tmp/refused.png"
kill -0 "$pid" 2>/dev/null && ok || bad "the kiosk ended on a damaged bundle"
grep -q "does not match its SHA-256" "$tmp/err" && ok ||
    bad "no message for the damaged bundle: $(cat "$tmp/err")"
[ "$(compare -metric AE "$tmp/listed.png" "$tmp/refused.png" null: 2>&1)" != 0 ] && ok ||
    bad "the damaged bundle's row did not change to say it cannot be used"
shot damaged
rm "$tmp/lib/damaged.limber"
key End               # "Gone soon": the stick is pulled out before it is chosen
rm "$tmp/stick/Gone-soon.limber"
key Return
sleep 2
kill -0 "$pid" 2>/dev/null && ok || bad "the kiosk ended when a bundle was gone from the stick"
[ "$(ls -A "$tmp/lib")" = short.yaml ] && ok ||
    bad "a bundle gone from the stick left something in the library: $(ls -A "$tmp/lib")"
grep -q "cannot add 'Gone soon' from the USB stick" "$tmp/err" && ok ||
    bad "no message for the bundle that was gone: $(cat "$tmp/err")"
key Up                # "From the stick"
key Return            # added, and selected in the library
for _ in $(seq 100); do [ -f "$tmp/lib/From-the-stick.limber" ] && break; sleep 0.1; done
cmp -s "$tmp/stick/From-the-stick.limber" "$tmp/lib/From-the-stick.limber" && ok ||
    bad "the bundle was not copied into the library: $(ls -A "$tmp/lib")"
[ -z "$(ls -A "$tmp/lib" | grep '^\.')" ] && ok || bad "a temporary file was left: $(ls -A "$tmp/lib")"
sleep 1
shot added
key Return            # the new routine, selected, plays to its end
ws "start 0"
key Return
ws "checkin 0"        # the pain check-ins before and after: skipped
key Return
ws "checkin-after 0"
key Return
ws "end 0"
key Return            # back to the library
wait_title Limber && ok || bad "not back in the library after the end screen"
s=$(stats_summary "$tmp/stats.jsonl")
check_summary "$s" "d['done'] == True and d['steps'] == ['done'] and d['clips_opened'] >= 1 and \
d['clips_failed'] == 0 and d['frames_presented'] > 0" "the imported routine played to its end with its clip"
grep -qx "last_routine=$tmp/lib/From-the-stick.limber" "$tmp/state/limber/state" && ok ||
    bad "the routine played is not the imported bundle: $(cat "$tmp/state/limber/state")"

# A newer "From the stick" on the stick replaces the one in the library only when the person
# says so: Enter asks, with "Keep mine" highlighted; Enter on it and Esc (Back) keep it.
cp "$tmp/lib/From-the-stick.limber" "$tmp/first.limber"
sed -e 's/^title: .*/title: From the stick/' -e 's/duration: 2s/duration: 3s/' \
    "$tmp/make/routine.yaml" >"$tmp/make/newer.yaml"
"$limber" pack "$tmp/make/newer.yaml" -o "$tmp/stick/From-the-stick.limber" >/dev/null ||
    bad "pack the newer bundle"
key End               # "From the stick", Replace from USB stick
sleep 1
import -window root "$tmp/before-question.png"
key Return
sleep 1
import -window root "$tmp/question.png"
shot question
[ "$(compare -metric AE "$tmp/before-question.png" "$tmp/question.png" null: 2>&1)" != 0 ] &&
    ok || bad "Enter on a bundle that replaces one asked nothing"
cmp -s "$tmp/first.limber" "$tmp/lib/From-the-stick.limber" && ok ||
    bad "the routine was replaced before the question was answered"
key Return            # "Keep mine"
sleep 1
import -window root "$tmp/kept.png"
[ "$(compare -metric AE "$tmp/before-question.png" "$tmp/kept.png" null: 2>&1)" = 0 ] && ok ||
    bad "after Keep mine the library is not as it was"
key Return
sleep 0.5
key Escape            # Back on a remote: keeps it too, and the kiosk stays
sleep 1
import -window root "$tmp/escaped.png"
[ "$(compare -metric AE "$tmp/before-question.png" "$tmp/escaped.png" null: 2>&1)" = 0 ] &&
    kill -0 "$pid" 2>/dev/null && ok || bad "Esc on the question did not go back to the library"
cmp -s "$tmp/first.limber" "$tmp/lib/From-the-stick.limber" && ok ||
    bad "Keep mine or Esc replaced the routine"
key Return
sleep 0.5
key Right             # "Replace"
sleep 1
shot question-replace
key Return
for _ in $(seq 100); do
    cmp -s "$tmp/stick/From-the-stick.limber" "$tmp/lib/From-the-stick.limber" && break
    sleep 0.1
done
cmp -s "$tmp/stick/From-the-stick.limber" "$tmp/lib/From-the-stick.limber" && ok ||
    bad "Replace did not put the stick's bundle in the library"
[ "$(ls -A "$tmp/lib" | grep -c limber)" = 1 ] && ok ||
    bad "Replace left two bundles: $(ls -A "$tmp/lib")"
finish
