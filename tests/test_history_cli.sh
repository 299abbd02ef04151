#!/bin/bash
# `limber history` and the recording behind it, headless: a routine played to its end is in the
# history with every block; the table, --json and --csv (read back with Python's csv module)
# agree; --since and --routine filter; --forget asks and deletes; --no-history records nothing;
# a damaged file is moved aside with a message and the routine plays on.
# Usage: test_history_cli.sh LIMBER
set -u
limber=$1
. "$(dirname "$0")/testlib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=UTC
cd "$tmp" || exit 1
db=$tmp/hist/history.sqlite3

cat >short.yaml <<'Y'
limber: 1
title: Short test
steps:
  - title: Knee to chest
    sides: [left, right]
    duration: 1s
    countdown: 1s
    switch: 1s
    rest: 0s
  - title: Cat-cow
    kind: timer
    duration: 1s
    countdown: 0s
Y
play() { timeout 60 "$limber" --yes --autoexit "$@" short.yaml; }

# An empty history: a friendly line, an empty array, the CSV header alone.
"$limber" history --history "$db" | grep -q 'No sessions recorded yet' && ok || bad "empty table"
[ "$("$limber" history --history "$db" --json)" = "[]" ] && ok || bad "empty --json is not []"
[ ! -e "$db" ] && ok || bad "reading an empty history made the file"

play --history "$db" --stats stats.jsonl 2>err.txt && ok || { bad "the routine did not play"; cat err.txt; }
[ "$(stat -c %a "$db")" = 600 ] && ok || bad "history file mode $(stat -c %a "$db"), want 600"
[ "$(stat -c %a "$tmp/hist")" = 700 ] && ok || bad "history folder mode $(stat -c %a "$tmp/hist"), want 700"
[ "$(grep -c '"type": "block"' stats.jsonl)" = 3 ] && ok || bad "--stats lists $(grep -c '"type": "block"' stats.jsonl) ended blocks, want 3"
"$limber" history --history "$db" --json >one.json
python3 - one.json <<'PY' && ok || bad "--json of one finished session"
import json, sys
s = json.load(open(sys.argv[1]))
assert len(s) == 1, s
s = s[0]
assert s["outcome"] == "finished" and s["routine"]["title"] == "Short test", s
assert s["routine"]["path"].endswith("/short.yaml") and len(s["routine"]["hash"]) == 64, s
assert s["started_at"].endswith("Z") and s["ended_at"] >= s["started_at"], s
assert s["pain_before"] is None and s["pain_after"] is None, s
assert [(b["step"], b["side"], b["result"]) for b in s["blocks"]] == \
    [(1, "left", "done"), (1, "right", "done"), (2, None, "done")], s["blocks"]
assert all(0.5 <= b["actual_s"] <= 3 and b["planned_s"] == 1.0 for b in s["blocks"]), s
assert 1.5 <= s["moving_s"] <= 9, s
PY

# --no-history: nothing more is recorded.
play --history "$db" --no-history 2>/dev/null
[ "$("$limber" history --history "$db" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] &&
    ok || bad "--no-history recorded a session"

# Sessions with awkward titles (commas, quotes, a line break, non-ASCII, a formula) written the
# way the player writes them, then read back through --csv with Python's csv module.
python3 - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
titles = ['Back, hips and "knees"', 'Two\nlines', 'Rücken – sanft', '=1+1', 'Morning']
for i, t in enumerate(titles):
    cur = db.execute("INSERT INTO sessions (title, path, started_at, ended_at, outcome, moving_ms,"
                     " pain_before, pain_after) VALUES (?, '/r/x.yaml', ?, ?, ?, 61500, ?, ?)",
                     (t, "2026-0%d-10T08:00:00Z" % (i + 1), "2026-0%d-10T08:10:00Z" % (i + 1),
                      ["finished", "quit", "pain-stop", "interrupted", "screening-stop"][i],
                      i, None if i == 2 else 9 - i))
    sid = cur.lastrowid
    db.execute("INSERT INTO blocks (session_id, step, step_title, side, set_no, result, planned_ms,"
               " actual_ms, ended_at) VALUES (?, 0, 'A', NULL, 1, 'done', 1000, 900, ?)",
               (sid, "2026-0%d-10T08:01:00Z" % (i + 1)))
    db.execute("INSERT INTO blocks (session_id, step, step_title, side, set_no, result, planned_ms,"
               " actual_ms, ended_at) VALUES (?, 1, 'B', 'left', 1, 'pain', 1000, 400, ?)",
               (sid, "2026-0%d-10T08:02:00Z" % (i + 1)))
    db.execute("INSERT INTO pain_stops (session_id, step, step_title, side, set_no, rep, choice, at)"
               " VALUES (?, 1, 'B', 'left', 1, 2, 'end', ?)", (sid, "2026-0%d-10T08:02:00Z" % (i + 1)))
db.commit()
PY
"$limber" history --history "$db" --csv >all.csv
"$limber" history --history "$db" --json >all.json
python3 - all.csv all.json <<'PY' && ok || bad "--csv does not read back as --json says"
import csv, json, sys
raw = open(sys.argv[1], newline="").read()
assert "\r\n" in raw and raw.endswith("\r\n"), "RFC 4180 lines end in CRLF"
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
sessions = json.load(open(sys.argv[2]))
assert len(rows) == len(sessions) == 6, (len(rows), len(sessions))
for r, s in zip(rows, sessions):
    title = s["routine"]["title"]
    want = "'" + title if title[0] in "=+-@" else title
    assert r["routine"] == want, (r["routine"], title)
    assert r["outcome"] == s["outcome"] and r["started_at"] == s["started_at"], (r, s)
    assert r["pain_before"] == ("" if s["pain_before"] is None else str(s["pain_before"])), r
    assert r["pain_after"] == ("" if s["pain_after"] is None else str(s["pain_after"])), r
    assert int(r["blocks_done"]) == sum(b["result"] == "done" for b in s["blocks"]), r
    assert int(r["blocks_pain"]) == sum(b["result"] == "pain" for b in s["blocks"]), r
    assert int(r["pain_stops"]) == len(s["pain_stops"]), r
    assert abs(float(r["moving_s"]) - s["moving_s"]) < 0.05, r
assert rows[1]["routine"] == "Two\nlines"
assert sessions[1]["pain_stops"][0] == {"step": 2, "step_title": "B", "side": "left", "set": 1,
                                       "rep": 2, "choice": "end", "at": "2026-02-10T08:02:00Z"}
PY
table=$("$limber" history --history "$db")
echo "$table" | grep -q '^2026-03-10T08:00Z  Rücken – sanft .* pain-stop .* 1:02  2 → -' && ok ||
    bad "the table's row for Rücken: $(echo "$table" | grep Rücken)"
echo "$table" | grep -q '^6 sessions\.$' && ok || bad "the table's count: $table"

# Filters.
n() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
[ "$("$limber" history --history "$db" --json --since 2026-03-10 | n)" = 4 ] && ok || bad "--since"
[ "$("$limber" history --history "$db" --json --routine 'short TEST' | n)" = 1 ] && ok || bad "--routine (any case)"
"$limber" history --history "$db" --since yesterday 2>err.txt; [ $? = 2 ] && grep -q 'bad date' err.txt &&
    ok || bad "a bad --since date is not wrong usage"

# --forget asks; "n" keeps everything, --yes deletes it all.
echo n | "$limber" history --history "$db" --forget >out.txt 2>ask.txt
grep -q 'Delete all 6 recorded sessions' ask.txt && grep -q 'Nothing was deleted' out.txt && ok ||
    bad "--forget did not ask: $(cat ask.txt out.txt)"
[ "$("$limber" history --history "$db" --json | n)" = 6 ] && ok || bad "answering n deleted sessions"
"$limber" history --history "$db" --forget --yes | grep -q 'Deleted 6 sessions' && ok || bad "--forget --yes"
[ "$("$limber" history --history "$db" --json)" = "[]" ] && ok || bad "sessions left after --forget"
python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); sys.exit(0 if d.execute('PRAGMA integrity_check').fetchone()[0]=='ok' else 1)" "$db" &&
    ok || bad "integrity after --forget"

# A damaged file: moved aside with a message, the routine plays, a new history starts.
printf 'not a database at all\n%.0s' $(seq 100) >"$db"
rm -f "$db-wal" "$db-shm"
play --history "$db" 2>err.txt && ok || bad "the routine did not play over a damaged history"
grep -q 'damaged: it is kept as .*history.sqlite3.corrupt-' err.txt && ok || bad "no message for a damaged file: $(cat err.txt)"
ls "$tmp"/hist/history.sqlite3.corrupt-* >/dev/null 2>&1 && grep -q 'not a database' "$tmp"/hist/history.sqlite3.corrupt-* &&
    ok || bad "the damaged file was not kept"
[ "$("$limber" history --history "$db" --json | n)" = 1 ] && ok || bad "the new history lacks the session"

# A history that cannot be written (a folder where the file should be): one message, it plays.
mkdir -p "$tmp/dir.sqlite3"
play --history "$tmp/dir.sqlite3" 2>err.txt && ok || bad "the routine did not play without a history"
[ "$(grep -c 'history' err.txt)" -ge 1 ] && grep -q 'not a regular file' err.txt && ok ||
    bad "no clear message for an unusable history: $(cat err.txt)"
finish
