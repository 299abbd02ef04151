#!/bin/bash
# Text as drawn: test_text's checks (bidirectional order, line breaking), then its pictures of a
# mixed Hebrew/English line, a Japanese and a Thai paragraph against tests/ref/text/*.png (PSNR
# >= 35 dB). Fonts: DejaVu Sans (Hebrew, Latin), Droid Sans Fallback (Japanese) and Loma
# (Thai, fonts-tlwg-loma-otf), from Debian.
# Usage: test_text.sh TEST_TEXT SOURCE_DIR [--update]
set -u
test_text=$1
src=$2
update=${3:-}
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ref=$src/tests/ref/text
case "$(fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null)" in
*DejaVuSans.ttf) ;;
*) echo "SKIP: DejaVu Sans (fonts-dejavu-core) is not the font"; echo "0 passed, 0 failed"; exit 0 ;;
esac
case "$(fc-match -f '%{file}' ':lang=th' 2>/dev/null)" in
*Loma*) ;;
*) bad "no Thai font: the Thai paragraph's golden is drawn in Loma (fonts-tlwg-loma-otf)" ;;
esac
"$test_text" --render "$tmp" && ok || bad "test_text's checks"
[ "$update" = --update ] && mkdir -p "$ref"
for name in mixed-he-en paragraph-ja paragraph-th; do
    out=$tmp/$name.png
    if [ "$update" = --update ]; then
        cp "$out" "$ref/$name.png" && ok
        continue
    fi
    value=$(psnr "$out" "$ref/$name.png")
    case "$value" in
    inf) ok ;;
    "") bad "$name: no PSNR (is there a golden $ref/$name.png?)" ;;
    *) if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 35 else 1)" "$value"; then ok
       else bad "$name: PSNR $value dB < 35 against $ref/$name.png"
            cp "$out" "/tmp/limber-text-$name.png"; fi ;;
    esac
done
finish
