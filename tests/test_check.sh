#!/bin/bash
# `limber check` and `limber plan` as an author meets them: every invalid file in tests/data/invalid
# gives exactly the messages in tests/ref/check (file:line:col), exit status 1; valid files pass.
# Usage: test_check.sh LIMBER SOURCE_DIR [--update]
set -u
limber=$1
src=$2
update=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$src/tests/data" || exit 1
for f in invalid/*.yaml; do
    name=$(basename "$f" .yaml)
    ref="$src/tests/ref/check/$name.txt"
    timeout 20 "$limber" check "$f" >"$tmp/out" 2>"$tmp/err"
    status=$?
    sed -i "s#$src/#SRC/#g" "$tmp/err"
    [ "$status" -eq 1 ] && ok || bad "$f: exit status $status, want 1"
    if [ "$update" = --update ]; then
        cp "$tmp/err" "$ref"
    elif diff -u "$ref" "$tmp/err" >"$tmp/diff"; then
        ok
    else
        bad "$f: messages differ from $ref"; cat "$tmp/diff"
    fi
    grep -q "^$f: [0-9]* errors\?\( (.*)\)\?$" "$tmp/out" && ok || bad "$f: no summary line"
done

# One message per mistake: every message of an invalid file is on a line its last comment
# ('# wrong: 4 9 14') names as wrong (no follow-on messages elsewhere), and every named line
# has a message (no mistake hidden). 0 stands for a message about the file as a whole.
for f in invalid/*.yaml; do
    wrong=$(grep -a '^# wrong:' "$f" | tail -n1 | sed 's/^# wrong://')
    if [ -z "$wrong" ]; then
        bad "$f: no '# wrong: LINE...' comment naming the lines with mistakes"; continue
    fi
    "$limber" check "$f" 2>&1 >/dev/null | sed -n "s#^$f:\([0-9]*\):[0-9]*: .*#\1#p;
        s#^$f: error: .*#0#p" | sort -un >"$tmp/lines"
    extra=$(for l in $(cat "$tmp/lines"); do case " $wrong " in *" $l "*) ;; *) echo "$l";; esac
            done)
    missed=$(for l in $wrong; do grep -qx "$l" "$tmp/lines" || echo "$l"; done)
    [ -z "$extra" ] && ok || bad "$f: messages on lines not named as wrong: $extra"
    [ -z "$missed" ] && ok || bad "$f: no message for the mistake on line(s) $missed"
done

# All files at once: every file's errors, exit 1, nothing skipped after the first bad file.
"$limber" check invalid/*.yaml valid/*.yaml >"$tmp/out" 2>/dev/null
[ $? -eq 1 ] && ok || bad "check of many files: want exit 1"
n_invalid=$(ls invalid/*.yaml | wc -l)
[ "$(grep -c ': [0-9]* errors\?\( (.*)\)\?$' "$tmp/out")" -eq "$n_invalid" ] && ok ||
    bad "check of many files: want one error summary per invalid file"

# Valid files pass, and plan prints a timeline ending with the total.
for f in valid/*.yaml "$src"/routines/*.yaml; do
    [ -e "$f" ] || continue
    "$limber" check "$f" >"$tmp/out" 2>"$tmp/err" && ok || { bad "$f: check failed"; cat "$tmp/err"; }
    "$limber" plan "$f" >"$tmp/plan" 2>&1 && grep -q '^Total [0-9:]*' "$tmp/plan" && ok ||
        { bad "$f: plan has no Total line"; cat "$tmp/plan"; }
    "$limber" plan --json "$f" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["total_s"] > 0' &&
        ok || bad "$f: plan --json is not valid JSON with total_s"
done

# A file over the size limit is refused at once, not read whole.
head -c 2000000 /dev/zero | tr '\0' '#' >"$tmp/huge.yaml"
timeout 10 "$limber" check "$tmp/huge.yaml" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'at most' "$tmp/err" && ok || bad "huge file: want a size error"

# Deep nesting does not exhaust the stack.
python3 -c 'print("limber: 1\ntitle: deep\nsteps: " + "["*100000 + "]"*100000)' >"$tmp/deep.yaml"
timeout 20 "$limber" check "$tmp/deep.yaml" >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "deeply nested file: want exit 1 (no crash, no hang)"

# A directory, a missing file, and an unreadable file: clear messages, exit 1.
"$limber" check "$tmp" 2>"$tmp/err"; [ $? -eq 1 ] && grep -q 'cannot read' "$tmp/err" && ok ||
    bad "directory: want 'cannot read'"
"$limber" check "$tmp/nope.yaml" 2>"$tmp/err"; [ $? -eq 1 ] && grep -q 'No such file' "$tmp/err" &&
    ok || bad "missing file: want 'No such file'"

# A clip that is there but cannot be read: its place and the system's reason. Root reads any
# file, so as root the check runs as nobody (setpriv or runuser), or is skipped.
mkdir "$tmp/locked" && chmod 755 "$tmp" "$tmp/locked"
printf 'limber: 1\ntitle: Locked clip\nsteps:\n  - title: Move\n    clip: locked.mp4\n%s\n' \
    '    duration: 30s' >"$tmp/locked/r.yaml"
: >"$tmp/locked/locked.mp4" && chmod 644 "$tmp/locked/r.yaml" && chmod 000 "$tmp/locked/locked.mp4"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null; then
        as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    elif command -v runuser >/dev/null; then
        as_user=(runuser -u nobody --)
    fi
    [ ${#as_user[@]} -gt 0 ] && ! (cd "$tmp/locked" && "${as_user[@]}" "$limber" --version) \
        >/dev/null 2>&1 && as_user=()
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    (cd "$tmp/locked" && "${as_user[@]}" "$limber" check r.yaml) >/dev/null 2>"$tmp/err"
    status=$?
    want="r.yaml:5:11: error: clip 'locked.mp4' cannot be read: Permission denied"
    want="$want ($tmp/locked/locked.mp4) in step 1"
    [ "$status" -eq 1 ] && [ "$(cat "$tmp/err")" = "$want" ] && ok ||
        { bad "unreadable clip: want exit 1 and '$want'"; cat "$tmp/err"; }
else
    echo "SKIP: unreadable clip: as root, and limber cannot run as nobody (no setpriv or" \
         "runuser, or the binary is out of nobody's reach)"
fi

# The clip probe on files that are no clip at all: a FIFO (no writer: opening it must not wait)
# and a folder, each one clear message, at once. A warning alone (clip_audio on a silent clip)
# passes, unless --strict.
mkdir "$tmp/probe" "$tmp/probe/folder.mp4" && mkfifo "$tmp/probe/fifo.mp4"
cp "$src/tests/data/invalid/media/silent.mp4" "$tmp/probe/"
printf 'limber: 1\ntitle: Odd files\nsteps:\n  - {title: A, duration: 5s, clip: fifo.mp4}\n%s\n' \
    '  - {title: B, duration: 5s, clip: folder.mp4}' >"$tmp/probe/odd.yaml"
(cd "$tmp/probe" && timeout 10 "$limber" check odd.yaml) >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" -eq 1 ] && ok || bad "FIFO and folder clips: exit $status, want 1 (124: it hung)"
grep -q "^odd.yaml:4:36: error: clip 'fifo.mp4' is not a file" "$tmp/err" && ok ||
    { bad "FIFO clip: want one message at its clip"; cat "$tmp/err"; }
grep -q "^odd.yaml:5:36: error: clip 'folder.mp4' is not a file" "$tmp/err" && ok ||
    { bad "folder clip: want one message at its clip"; cat "$tmp/err"; }
[ "$(wc -l <"$tmp/err")" -eq 2 ] && ok || { bad "FIFO and folder: want 2 lines"; cat "$tmp/err"; }
printf 'limber: 1\ntitle: Silent\nsteps:\n  - title: A\n    duration: 5s\n%s\n%s\n' \
    '    clip: silent.mp4' '    clip_audio: loop' >"$tmp/probe/silent.yaml"
want="silent.yaml:7:17: warning: 'clip_audio: loop' but clip 'silent.mp4' has no sound; nothing"
want="$want will be heard from it (write clip_audio: off, or leave it out) in step 1"
(cd "$tmp/probe" && "$limber" check silent.yaml) >"$tmp/out" 2>"$tmp/err"
status=$?
[ "$status" -eq 0 ] && [ "$(cat "$tmp/err")" = "$want" ] && ok ||
    { bad "warning only: want exit 0 and '$want'"; cat "$tmp/err"; }
grep -q '^silent.yaml: ok: Silent, 1 step, 0:08 (1 warning)$' "$tmp/out" && ok ||
    { bad "warning only: summary"; cat "$tmp/out"; }
(cd "$tmp/probe" && "$limber" check --strict silent.yaml) >"$tmp/out" 2>/dev/null
[ $? -eq 1 ] && grep -q 'refused with --strict' "$tmp/out" && ok ||
    { bad "--strict: a warning must fail the check"; cat "$tmp/out"; }

# Usage errors exit 2.
"$limber" check >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "check without files: want exit 2"
"$limber" --no-such-option >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown option: want exit 2"
"$limber" --help | grep -q '^Usage: limber' && ok || bad "--help"
"$limber" --version | grep -q '^limber [0-9]' && ok || bad "--version"

# A language Limber has no translation for: a warning at the field, not an error (its words
# will be English); a translated one (German) gets none.
for lang in ja de; do
    printf 'limber: 1\ntitle: T\nlanguage: %s\nsteps:\n  - title: Rest\n    kind: timer\n%s\n' \
        "$lang" '    duration: 30s' >"$tmp/lang-$lang.yaml"
    "$limber" check "$tmp/lang-$lang.yaml" >/dev/null 2>"$tmp/err"
    status=$?
    if [ $lang = ja ]; then
        [ $status -eq 0 ] && grep -q "lang-ja.yaml:3:11: warning: Limber has no translation into 'ja'" \
            "$tmp/err" && ok || { bad "language ja: want a warning at 3:11, exit 0"; cat "$tmp/err"; }
    else
        [ $status -eq 0 ] && [ ! -s "$tmp/err" ] && ok || { bad "language de: want no message"; cat "$tmp/err"; }
    fi
done

finish
