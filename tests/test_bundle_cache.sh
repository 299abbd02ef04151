#!/bin/bash
# A bundle verified whole is not hashed again while its file is unchanged: played twice, it is
# hashed once (the --stats summary's "bundle" and the -v log say so); `check` hashes every time
# and remembers nothing; a byte changed in a clip with the file's mtime put back (touch -d) is
# caught on the next play; a copy elsewhere is hashed once too; a damaged record is said and
# made anew. Then the library under Xvfb: choosing a bundle twice shows "Checking the routine's
# files..." once (the busy line, logged with -v), a changed bundle shows it again and is
# refused, and adding one from a USB stick shows "Adding it from the USB stick...".
# Usage: test_bundle_cache.sh LIMBER SOURCE_DIR
set -u
limber=$1
src=$(cd "$2" && pwd)
. "$(dirname "$0")/testlib.sh"
x_test_setup 301 330 bundle-cache
export XDG_STATE_HOME=$tmp/state
record=$tmp/state/limber/verified-bundles
cd "$tmp" || exit 1
mkdir -p make lib stick elsewhere
cp "$src/tests/data/valid/clips/tiny.mp4" make/
routine() { # routine TITLE: a one-step routine with the clip, into make/routine.yaml
    cat >make/routine.yaml <<YAML
limber: 1
title: $1
defaults: {countdown: 1s}
steps:
  - {title: Knee rock, clip: tiny.mp4, duration: 1s}
YAML
}
routine "Kept"
"$limber" pack make/routine.yaml -o lib/kept.limber >/dev/null 2>&1 || bad "pack"
cp lib/kept.limber elsewhere/kept.limber
# A file changed less than a second before it is checked is not remembered (a change in the
# same tick of the file system's clock could go unseen): let these settle.
sleep 1.2

# play FILE NAME: headless, to its end, --stats into NAME.jsonl and -v into NAME.err; prints the
# summary's "bundle" as "HASHED_BYTES REMEMBERED".
play() {
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy timeout 120 "$limber" -v --yes --autoexit \
        --stats "$2.jsonl" "$1" 2>"$2.err"
    stats_summary "$2.jsonl" 2>/dev/null | python3 -c "import json, sys
b = json.loads(sys.stdin.read() or '{}').get('bundle')
print('%d %s' % (b['hashed_bytes'], b['remembered']) if b else 'none')"
}
size=$(stat -c %s lib/kept.limber)
first=$(play lib/kept.limber first)
second=$(play lib/kept.limber second)
[ "${first% *}" -gt 5000 ] && [ "${first#* }" = False ] && ok ||
    bad "the first play did not hash the bundle's clip: $first"
[ "${second#* }" = True ] && [ "${second% *}" -lt 1000 ] && ok ||
    bad "the second play hashed the bundle again ($second, the first: $first)"
grep -q "kept.limber: verified, 2 files" first.err && ok || bad "no -v line for the hashing: $(cat first.err)"
grep -q "kept.limber: verified before and unchanged since: not hashed again" second.err && ok ||
    bad "no -v line saying the bundle was not hashed again: $(cat second.err)"
check_summary "$(stats_summary second.jsonl)" "d['done'] and d['clips_opened'] >= 1 and d['clips_failed'] == 0" \
    "the remembered bundle did not play its clip to the end"
[ -f "$record" ] && [ "$(stat -c %a "$record")" = 600 ] && ok || bad "no record, or not 0600: $(ls -l "$record")"

# check is the author's tool: it hashes every time and leaves the record alone.
cp "$record" record.before
for i in 1 2; do
    "$limber" -v check lib/kept.limber >/dev/null 2>check$i.err || bad "check failed: $(cat check$i.err)"
    grep -q "kept.limber: verified, 2 files" check$i.err && ok || bad "check $i did not hash: $(cat check$i.err)"
done
cmp -s "$record" record.before && ok || bad "check changed the record"

# A copy elsewhere is another file: hashed once, then remembered too.
[ "$(play elsewhere/kept.limber copy1 | cut -d' ' -f2)" = False ] && ok || bad "the copy was not hashed"
[ "$(play elsewhere/kept.limber copy2 | cut -d' ' -f2)" = True ] && ok || bad "the copy was hashed twice"
[ "$(play lib/kept.limber third | cut -d' ' -f2)" = True ] && ok || bad "the copy made the first forgotten"

# A damaged record: said once, every bundle hashed, the record made anew.
printf 'limber-verified-bundles 1\n12 34 not a line\n' >"$record"
[ "$(play lib/kept.limber damaged1 | cut -d' ' -f2)" = False ] && ok || bad "a damaged record was trusted"
[ "$(grep -c "the record of verified bundles .* cannot be used (line 2 is not one Limber writes)" damaged1.err)" = 1 ] &&
    ok || bad "no single message about the damaged record: $(cat damaged1.err)"
[ "$(play lib/kept.limber damaged2 | cut -d' ' -f2)" = True ] && ok || bad "the record was not made anew"
grep -q "cannot be used" damaged2.err && bad "the record made anew is still said to be damaged" || ok

# One byte in the clip changed and the mtime put back: caught on the next play, every time.
damage_member lib/kept.limber tiny.mp4
touch -d "$(stat -c %y elsewhere/kept.limber)" lib/kept.limber
[ "$(stat -c %y lib/kept.limber)" = "$(stat -c %y elsewhere/kept.limber)" ] &&
    [ "$(stat -c %s lib/kept.limber)" = "$size" ] && ok || bad "the mtime was not put back"
sleep 1.2
for i in 1 2; do
    play lib/kept.limber changed$i >/dev/null
    grep -q "does not match its SHA-256" changed$i.err && ok ||
        bad "play $i of the changed bundle was not refused: $(tail -3 changed$i.err)"
done

# The library: choosing a bundle twice hashes it once, and says so on its foot once.
cp elsewhere/kept.limber lib/kept.limber # whole again (a new file: hashed once more)
routine "From the stick"
"$limber" pack make/routine.yaml -o stick/stick.limber >/dev/null 2>&1 || bad "pack for the stick"
sleep 1.2
x_start 240 '^Limber$' "$limber" -v --stats "$tmp/stats.jsonl" --import-from stick lib
sleep 1
busy() { grep -c "library: $1" "$tmp/err"; }
key Home              # "Kept", then "From the stick" (to add)
key Return
ws "start 0"
key Escape            # back to the library
wait_title Limber || bad "Esc did not go back to the library"
key Return            # chosen again
for _ in $(seq 100); do [ "$(screen_now "$tmp/stats.jsonl")" = "start 0" ] &&
    [ "$(grep -c '"type": "summary"' "$tmp/stats.jsonl")" = 1 ] && break; sleep 0.1; done
ws "start 0"
key Escape
wait_title Limber || bad "Esc did not go back to the library the second time"
[ "$(busy "Checking the routine's files")" = 1 ] && ok ||
    bad "the busy line was shown $(busy "Checking the routine's files") times for two choices"
[ "$(grep -c "kept.limber: verified, 2 files" "$tmp/err")" = 1 ] &&
    [ "$(grep -c "kept.limber: verified before" "$tmp/err")" = 1 ] && ok ||
    bad "choosing twice did not hash once: $(grep verified "$tmp/err")"
# Changed in place with its mtime put back: checked again (the busy line), refused.
cp lib/kept.limber kept.whole
damage_member lib/kept.limber tiny.mp4
touch -d "$(stat -c %y kept.whole)" lib/kept.limber
key Return
for _ in $(seq 100); do grep -q "cannot use this bundle" "$tmp/err" && break; sleep 0.1; done
[ "$(busy "Checking the routine's files")" = 2 ] && ok ||
    bad "the changed bundle was not checked with the busy line: $(grep library: "$tmp/err")"
grep -q "cannot use this bundle: the member 'tiny.mp4' does not match its SHA-256" "$tmp/err" &&
    ok || bad "the changed bundle was not refused: $(grep -i bundle "$tmp/err")"
key End               # "From the stick": added, with its own busy line
key Return
for _ in $(seq 100); do [ -f lib/stick.limber ] && break; sleep 0.1; done
[ "$(busy "Adding it from the USB stick")" = 1 ] && ok ||
    bad "no busy line while the bundle was added from the stick: $(grep library: "$tmp/err")"
key q
x_wait_exit
finish
