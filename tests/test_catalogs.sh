#!/bin/bash
# The translations are complete and well-formed: every string the sources mark (_(), N_(), NP_(),
# ngettext) is in assets/po/limber.pot (a fresh template from xgettext is compared with it), and
# every shipped catalog (LINGUAS) translates every one of them, with no fuzzy entry, and passes
# `msgfmt --check` (format strings, plural forms, header). When it fails: run
# `cmake --build build --target po-update` and translate what is new in assets/po/*.po.
# Usage: test_catalogs.sh SOURCE_DIR
set -u
src=$1
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
po=$src/assets/po
# The strings msgcmp's messages (in file $1) name, one a line.
named() {
    sed -n 's/^\(.*\):\([0-9]*\): this message.*/\1 \2/p' "$1" | head -30 |
        while read -r file line; do
            awk -v n="$line" 'NR <= n && /^msgid / { m = $0 } NR == n { print "    " m }' "$file"
        done
}
sh "$po/update.sh" "$src" "$tmp/fresh.pot" 2>"$tmp/err" && ok || { bad "xgettext failed"; cat "$tmp/err"; }
# Every marked string of the sources is in the template.
if msgcmp --use-untranslated "$po/limber.pot" "$tmp/fresh.pot" 2>"$tmp/cmp"; then ok
else bad "strings not in assets/po/limber.pot (run the po-update target):"; named "$tmp/cmp"; fi
# ... and nothing in it that the sources no longer have.
if msgcmp --use-untranslated "$tmp/fresh.pot" "$po/limber.pot" 2>"$tmp/cmp"; then ok
else bad "strings in assets/po/limber.pot that no source marks any more (run the po-update target)"; named "$tmp/cmp"; fi
n_langs=0
while read -r lang; do
    [ -n "$lang" ] || continue
    n_langs=$((n_langs + 1))
    stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po/$lang.po" 2>&1)
    status=$?
    echo "$lang: $stats"
    [ $status -eq 0 ] && ok || bad "$lang.po is not well-formed: $stats"
    case "$stats" in
    *fuzzy*|*untranslated*) bad "$lang.po is not complete: $stats" ;;
    *" translated message"*) ok ;;
    *) bad "$lang.po: no statistics: $stats" ;;
    esac
    # Every string of the sources has a (non-fuzzy) translation in it.
    if msgcmp "$po/$lang.po" "$tmp/fresh.pot" 2>"$tmp/cmp"; then ok
    else bad "$lang.po lacks translations of:"; named "$tmp/cmp"; fi
    grep -q "^\"Plural-Forms: nplurals=" "$po/$lang.po" && ok || bad "$lang.po has no Plural-Forms"
done <"$po/LINGUAS"
[ "$n_langs" -ge 3 ] && ok || bad "LINGUAS lists $n_langs languages, want de, fr and es at least"
for f in "$po"/*.po; do
    grep -qx "$(basename "$f" .po)" "$po/LINGUAS" && ok || bad "$f is not in LINGUAS (not built or installed)"
done
finish
