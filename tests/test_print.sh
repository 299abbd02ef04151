#!/bin/bash
# The printed handout: `limber print` of every bundled routine, loose and packed: pdftotext has
# each step's title, dosage and warning and the safety points, every step on one page;
# pdfimages shows pictures from each step's clip at >= 150 dpi; pdftoppm renders page 1, which
# matches tests/ref/print/ (PSNR >= 30 dB through ffmpeg); letter paper; right-to-left text.
# Usage: test_print.sh LIMBER SOURCE_DIR [--update]   (--update writes the golden again)
set -u
limber=$1
src=$2
update=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset DISPLAY
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}
export SOURCE_DATE_EPOCH=1764892800 # 2025-12-05: the date on the sheet
for tool in pdftotext pdfimages pdftoppm pdfinfo; do
    command -v $tool >/dev/null || { echo "SKIP: $tool (poppler-utils) missing"; echo "0 passed, 0 failed"; exit 0; }
done

# facts ROUTINE: "title<TAB>warning<TAB>has-clip" per step, then "safety<TAB>point" lines.
# Limber's default warning is in the routine's language (German: assets/po/de.po's words).
facts() {
    python3 - "$1" <<'PY'
import sys, yaml
r = yaml.safe_load(open(sys.argv[1]))
d = r.get('defaults') or {}
default = {'de': 'Stopp bei Schmerzen'}.get(r.get('language'), 'Stop if painful')
for s in r['steps']:
    kind = s.get('kind', 'exercise')
    w = s.get('warning', d.get('warning', default) if kind == 'exercise' else False)
    if w is True: w = default
    if w == 'Stop if painful': w = default
    print('%s\t%s\t%s' % (s['title'], w or '', 'clip' if s.get('clip') else ''))
for p in r.get('safety') or []:
    print('safety\t%s' % p)
PY
}
# Text of the PDF (or of one page) with runs of white space made one space.
flat() { pdftotext "$@" - 2>/dev/null | tr -s ' \n\t\f' ' '; }

for routine in "$src"/routines/*.yaml; do
    name=$(basename "$routine" .yaml)
    # The sheet is in the routine's language (the German routine's in German).
    if grep -q '^language: de' "$routine"; then
        start=Anfang page_of=(Seite von) printed="gedruckt am"
        units='[0-9]+ Wiederholungen?|[0-9]+ Sekunden?|[0-9]+ Minuten?|Timer: [0-9]+|[0-9]+ s|[0-9]+ min'
    else
        start=Start page_of=(Page of) printed="printed"
        units='[0-9]+ reps?|[0-9]+ seconds?|[0-9]+ minutes?|[0-9]+-minute timer|[0-9]+ s|[0-9]+ min'
    fi
    out=$("$limber" print "$routine" -o "$name.pdf" 2>&1) && [ -s "$name.pdf" ] && ok ||
        { bad "print $name: $out"; continue; }
    [ ! -e "$name.pdf.part" ] && ok || bad "print $name left $name.pdf.part"
    text=$(flat "$name.pdf")
    pages=$(pdfinfo "$name.pdf" | awk '/^Pages:/ {print $2}')
    grep -q 'A4' <(pdfinfo "$name.pdf") && ok || bad "$name.pdf is not A4"
    clips=0
    while IFS=$'\t' read -r title warning clip; do
        if [ "$title" = safety ]; then
            grep -qF -- "$warning" <<<"$text" && ok || bad "$name.pdf lacks the safety point '$warning'"
            continue
        fi
        [ -n "$clip" ] && clips=$((clips + 1))
        # The step, its warning and its dosage on one page (steps never split).
        found=0
        for p in $(seq "$pages"); do
            page=$(flat -f "$p" -l "$p" "$name.pdf")
            grep -qF -- ". $title " <<<"$page" || continue
            found=1
            after=${page#*". $title "}
            dosage=${after%% "$start"*}
            [ -n "$warning" ] && { grep -qF -- "⚠ $warning" <<<"$after" && ok ||
                bad "$name.pdf: the warning of '$title' is not on its page ($p)"; }
            # The dosage line follows the title: reps, seconds, minutes or a timer.
            grep -qE "^[^.]*($units)" <<<"${dosage:0:80}" && ok ||
                bad "$name.pdf: no dosage after '$title': ${dosage:0:80}"
        done
        [ $found -eq 1 ] && ok || bad "$name.pdf lacks the step '$title' (or it is split)"
    done < <(facts "$routine")
    # Pictures: at least one per step with a clip, each at >= 150 dpi printed.
    images=$(pdfimages -list "$name.pdf" | awk 'NR > 2' | wc -l)
    [ "$images" -ge "$clips" ] && ok || bad "$name.pdf has $images pictures for $clips clips"
    low=$(pdfimages -list "$name.pdf" | awk 'NR > 2 && ($13 < 150 || $14 < 150)' | wc -l)
    [ "$low" -eq 0 ] && ok || bad "$name.pdf has $low pictures under 150 dpi"
    grep -qF "${page_of[0]} $pages ${page_of[1]} $pages" <<<"$text" &&
        grep -qF "$printed 2025-12-05" <<<"$text" &&
        ok || bad "$name.pdf: no page numbers or date"
done

# From a bundle: the same sheet (its pictures read from inside it).
"$limber" pack "$src/routines/desk-break.yaml" -o desk-break.limber >/dev/null 2>&1 &&
    "$limber" print desk-break.limber -o packed.pdf >/dev/null 2>&1 &&
    [ "$(flat packed.pdf)" = "$(flat desk-break.pdf)" ] &&
    [ "$(pdfimages -list packed.pdf | awk 'NR > 2' | wc -l)" = "$(pdfimages -list desk-break.pdf | awk 'NR > 2' | wc -l)" ] &&
    ok || bad "the sheet printed from the bundle differs from the routine's"

# Known dosages in plain words.
text=$(flat desk-break.pdf)
for d in "6 reps, hold 2 s each" "left and right · 3 reps, hold 10 s each" "30 seconds"; do
    grep -qF "$d" <<<"$text" && ok || bad "desk-break.pdf lacks the dosage '$d'"
done
grep -qF "20-minute timer" <<<"$(flat back-spasm-first-hour.pdf)" && ok ||
    bad "back-spasm-first-hour.pdf lacks '20-minute timer'"
grep -qF "If your answer is yes: These signs need a doctor today" <<<"$(flat back-spasm-first-hour.pdf)" &&
    ok || bad "the screening question's stopping answer is not explained"
# The mirrored side has its picture.
grep -qF "Other side (right), mirrored" <<<"$text" && ok || bad "desk-break.pdf: no mirrored picture"

# Page 1 against its golden.
pdftoppm -r 60 -png -f 1 -l 1 -singlefile desk-break.pdf page1 && [ -s page1.png ] && ok ||
    bad "pdftoppm did not render page 1"
golden=$src/tests/ref/print/desk-break-page1.png
if [ "$update" = --update ]; then
    cp page1.png "$golden"
fi
psnr=$(ffmpeg -nostdin -v error -i page1.png -i "$golden" -lavfi psnr=stats_file=- -f null - 2>&1 |
       sed -n 's/.*psnr_avg:\([0-9.inf]*\).*/\1/p' | head -1)
awk -v p="$psnr" 'BEGIN { exit !(p == "inf" || p + 0 >= 30) }' && ok ||
    bad "page 1 differs from $golden (PSNR ${psnr:-none} dB)"

# Letter paper; a right-to-left routine (Hebrew) laid out by Pango.
"$limber" print "$src/routines/desk-break.yaml" --paper letter -o letter.pdf >/dev/null 2>&1 &&
    grep -q 'letter' <(pdfinfo letter.pdf) && ok || bad "--paper letter is not letter"
cat > rtl.yaml <<'YAML'
limber: 1
title: "מתיחה לגב"
language: he
safety:
  - "עצרו אם כואב"
steps:
  - title: "הטיית אגן"
    duration: 30s
YAML
# (pdftotext marks right-to-left runs with U+202B ... U+202C: dropped before looking.)
"$limber" print rtl.yaml -o rtl.pdf >/dev/null 2>&1 &&
    grep -qF "מתיחה לגב" <<<"$(flat rtl.pdf | sed 's/\xe2\x80[\xaa-\xae]//g')" &&
    grep -qF "עצרו אם כואב" <<<"$(flat rtl.pdf | sed 's/\xe2\x80[\xaa-\xae]//g')" &&
    ok || bad "a Hebrew routine does not print its text"
"$limber" print rtl.yaml --paper a5 -o x.pdf >/dev/null 2>&1; [ $? -eq 2 ] && ok ||
    bad "--paper a5 is not refused as usage"
finish
