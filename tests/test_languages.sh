#!/bin/bash
# A routine in German, French and Spanish as a person sees it (tests/data/valid/languages):
# snapshots of the countdown, exercise, rest, pain-stop and end screens against goldens
# (tests/ref/languages, PSNR >= 35 dB), and on the strings drawn ($LIMBER_DRAWN_TEXT, not
# OCR): no English word of Limber's own, every string inside the screen and inside the box it
# stands on, at 1280x720 and, for the screens with the most words (pain stop, end), at
# 3840x2160 too (goldens *-4k.png). Then the library under LANGUAGE=de and the export of the
# German unlock routine's chapters, in German.
# Usage: test_languages.sh LIMBER SOURCE_DIR [--update]
set -u
limber=$1
src=$2
update=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ref=$src/tests/ref/languages
data=$src/tests/data/valid/languages
unset DISPLAY LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8 SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}
case "$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null)" in
*DejaVuSans.ttf) ;;
*) echo "SKIP: DejaVu Sans (fonts-dejavu-core) is not the font"; echo "0 passed, 0 failed"; exit 0 ;;
esac

# english_words LANG DRAWN ROUTINE...: prints the English words of Limber's own (words of the
# template's msgids that no translation into LANG uses) found in the drawn strings, leaving
# out the routines' own words (the author's text). Nothing printed: all in LANG.
english_words() {
    python3 - "$src/assets/po" "$@" <<'PY'
import re, subprocess, sys
po, lang, drawn, routines = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def strings(path, key):
    text = subprocess.run(["msgcat", "--no-wrap", path], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for m in re.finditer(r'^%s(?:\[\d\])? "(.*)"$' % key, text, re.M):
        out.append(m.group(1).encode().decode("unicode_escape").encode("latin-1").decode())
    return out
words = lambda s: set(w.lower() for w in re.findall(r"[^\W\d_]{3,}", re.sub(r"%\w", " ", s)))
english = set().union(*map(words, strings(f"{po}/limber.pot", "msgid(?:_plural)?")))
native = set().union(*map(words, strings(f"{po}/{lang}.po", "msgstr")))
author = set().union(*(words(open(r, encoding="utf-8").read()) for r in routines))
found = set()
for line in open(drawn, encoding="utf-8"):
    if "\t" in line: # not a "BOX" line
        found |= (words(line.split("\t", 1)[1]) & english) - native - author
print(" ".join(sorted(found)))
PY
}

# misplaced W H DRAWN: prints the strings drawn (partly) outside a W x H screen, and those
# that go past the edge of the box they stand on (the last box drawn before them that they
# overlap: a button, the warning strip, the overlay's rows, a shade); and boxes off the screen.
misplaced() {
    python3 - "$@" <<'PY'
import sys
W, H, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
screen = (0, 0, W, H)
def inside(a, b):
    return b[0] <= a[0] and b[1] <= a[1] and a[0] + a[2] <= b[0] + b[2] and a[1] + a[3] <= b[1] + b[3]
def meet(a, b):
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
boxes = []
for line in open(path, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("BOX "):
        box = tuple(map(int, line.split()[1:]))
        if box[2] > 0 and box[3] > 0 and not inside(box, screen):
            print(f"a box off the screen: {box}")
        boxes.append(box)
        continue
    rect, text = line.split("\t", 1)
    r = tuple(map(int, rect.split()))
    under = [b for b in boxes if meet(r, b)]
    if not inside(r, screen):
        print(f"'{text}' {r}: off the screen")
    elif under and not inside(r, under[-1]):
        print(f"'{text}' {r}: past the edge of its box {under[-1]}")
PY
}

# name | snapshot arguments after the routine
screens=(
    "countdown|--at 0:01"
    "exercise|--at 0:10"
    "rest|--at 0:45"
    "pain|--at 0:10 --pain"
    "end|--at end --pain"
)
[ "$update" = --update ] && mkdir -p "$ref"
for lang in de fr es; do
    for entry in "${screens[@]}"; do
        name=${entry%%|*}
        args=${entry#*|}
        for size in 1280x720 3840x2160; do
            # 4K: the screens with the most words
            case $size-$name in
            1280x720-*|3840x2160-pain|3840x2160-end) ;;
            *) continue ;;
            esac
            out=$tmp/$lang-$name-$size.png
            drawn=$tmp/$lang-$name-$size.txt
            # shellcheck disable=SC2086
            if ! LIMBER_DRAWN_TEXT=$drawn "$limber" snapshot "$data/$lang.yaml" $args \
                    --allow-any-path --size $size -o "$out" 2>"$tmp/err"; then
                bad "$lang $name at $size: snapshot failed"; cat "$tmp/err"; continue
            fi
            [ -s "$drawn" ] && ok || bad "$lang $name at $size: no strings recorded"
            english=$(english_words $lang "$drawn" "$data/$lang.yaml")
            [ -z "$english" ] && ok ||
                { bad "$lang $name at $size: English words of Limber's own on screen: $english"; cat "$drawn"; }
            outside=$(misplaced "${size%x*}" "${size#*x}" "$drawn")
            [ -z "$outside" ] && ok || bad "$lang $name at $size: $outside"
            golden=$ref/$lang-$name.png
            [ $size = 3840x2160 ] && golden=$ref/$lang-$name-4k.png
            if [ "$update" = --update ]; then cp "$out" "$golden" && ok; continue; fi
            value=$(psnr "$out" "$golden")
            case "$value" in
            inf) ok ;;
            "") bad "$lang $name: no PSNR (is there a golden $golden?)" ;;
            *) if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 35 else 1)" "$value"
               then ok
               else bad "$lang $name: PSNR $value dB < 35 against $golden"
                    cp "$out" "/tmp/limber-language-$lang-$name.png"; fi ;;
            esac
        done
    done
done

# The library in the person's language: LANGUAGE=de, with the German routine in it.
mkdir -p "$tmp/library"
cp "$data/de.yaml" "$tmp/library/"
sed -i 's#\.\./\.\./\.\./\.\./assets#'"$src"'/assets#' "$tmp/library/de.yaml"
LANGUAGE=de LIMBER_DRAWN_TEXT="$tmp/library.txt" "$limber" --allow-any-path snapshot --library \
    "$tmp/library" -o "$tmp/library.png" 2>"$tmp/err" && ok || { bad "library snapshot"; cat "$tmp/err"; }
grep -q "	Routine wählen$" "$tmp/library.txt" && ok || { bad "library under LANGUAGE=de: no 'Routine wählen'"; cat "$tmp/library.txt"; }
english=$(english_words de "$tmp/library.txt" "$data/de.yaml")
[ -z "$english" ] && ok || bad "library under LANGUAGE=de: English words: $english"
# ... and in English without it.
LIMBER_DRAWN_TEXT="$tmp/library-en.txt" "$limber" --allow-any-path snapshot --library \
    "$tmp/library" -o "$tmp/library-en.png" 2>/dev/null
grep -q "	Choose a routine$" "$tmp/library-en.txt" && ok || bad "library without LANGUAGE: not English"

# The German unlock routine exported: its chapters are its German title (the opening cards)
# and step titles, anything of Limber's own in German (a short export: small, few frames; the
# voice off).
"$limber" --voice off export "$src/routines/unlock-back-spasm-de.yaml" -o "$tmp/de.mp4" \
    --size 320x180 --fps 5 2>"$tmp/err" && ok || { bad "export of the German routine"; tail -5 "$tmp/err"; }
ffprobe -v error -show_chapters -of json "$tmp/de.mp4" >"$tmp/chapters.json" 2>/dev/null
python3 - "$tmp/chapters.json" "$src/routines/unlock-back-spasm-de.yaml" "$src/assets/po/de.po" <<'PY' && ok || bad "export chapters"
import json, re, subprocess, sys
import yaml
chapters = [c["tags"].get("title", "") for c in json.load(open(sys.argv[1]))["chapters"]]
routine = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
steps = [s["title"] for s in routine["steps"]]
po = subprocess.run(["msgcat", "--no-wrap", sys.argv[3]], capture_output=True, text=True).stdout
german = set(m.encode().decode("unicode_escape").encode("latin-1").decode()
             for m in re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', po, re.M))
# The opening cards' chapter has the routine's (German) title; any other chapter of Limber's
# own (e.g. "Start" when a step has the routine's title) is in the German catalog.
own = [c for c in chapters if c not in steps and c != routine["title"]]
ok = (chapters[-len(steps):] == steps and chapters[0] == routine["title"]
      and all(c in german for c in own))
print("chapters:", chapters)
sys.exit(0 if ok else 1)
PY
finish
