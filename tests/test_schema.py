#!/usr/bin/python3
"""The JSON Schema of routine files (docs/routine.schema.json) against `limber check`.

Usage: /usr/bin/python3 test_schema.py LIMBER_BINARY SOURCE_DIR

Needs Debian's python3-yaml and python3-jsonschema (run it with /usr/bin/python3, not a pyenv
or virtualenv python that lacks them). Checks that:
  (a) every routines/*.yaml and tests/data/valid/*.yaml validates against the schema and
      passes `limber check`;
  (b) the invalid files in tests/data/invalid whose problems a schema can express are rejected
      by both (the others are listed in EXCLUDED with the reason);
  (c) mutations of tests/data/valid/full.yaml: harmful ones are rejected by both, harmless ones
      accepted by both;
  (d) duration strings: the schema's pattern and Limber's parser agree, apart from the listed
      limits of a pattern;
  (e) the worked example's plan quoted in docs/routine-format.md is what `limber plan` prints;
  (f) every text field's maxLength in the schema is the loader's limit for it (the LB_MAX_*_CHARS
      constants of player/routine/routine.h through the field table of yaml_read.c), so the two
      cannot drift apart.

YAML is read twice where it matters: as YAML 1.2 (what the YAML language server in editors
does: yes/no/on/off are strings, 1:30 is a string) and as YAML 1.1 (yaml.safe_load: yes is
true, 1:30 is the number 90). The schema must give the same answer for both.
The last line of output is "N passed, N failed"; the exit status is 1 when any check failed.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as e:
    sys.stderr.write("test_schema.py: %s; install python3-yaml and python3-jsonschema and run "
                     "it with /usr/bin/python3\n" % e)
    sys.exit(2)


class Yaml12Loader(yaml.SafeLoader):
    """A safe loader that resolves plain scalars by the YAML 1.2 core schema, as editors do:
    only true/false are booleans, no sexagesimal numbers, no timestamps, no `<<` merge keys."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
]:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))
Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                                   ["~", "n", "N", ""])
Yaml12Loader.add_constructor("tag:yaml.org,2002:int",
                             lambda loader, node: int(loader.construct_scalar(node), 10))


def load12(text):
    return yaml.load(text, Loader=Yaml12Loader)


def load11(text):
    return yaml.safe_load(text)


# Invalid files whose every problem, or enough of them to reject the file, a schema can see.
SCHEMA_CAN_REJECT = [
    "blank-text.yaml",      # titles, a safety point and instructions of only spaces or empty
    "bom.yaml",             # limber: 2 after a UTF-8 byte order mark, which both readers skip
    "cues.yaml",            # missing at, no text/say/audio, show 0s, cues on a waiting info
                            # card (the first two cues, outside the block, need the block length)
    "durations.yaml",       # units, m:ss seconds, negative, 0s (25h: the 24-hour limit is not
                            # in the pattern, see DURATION_GAPS)
    "echoes.yaml",          # misspelt fields, unreadable durations, kind enum, clip a list
    "empty-steps.yaml",     # steps: []
    "empty.yaml",           # an empty document is null, not a routine
    "kinds.yaml",           # default for title, exercise fields on timer/info, kind enum,
                            # no reps/duration, other-side with one side
    "missing.yaml",         # required fields
    "not-a-map.yaml",       # the root is a list
    "numbers-huge.yaml",    # sets and reps too large for any integer type
    "reps-and-duration.yaml",
    "safety-many.yaml",     # a duration that is no duration (the warning about safety points
                            # the screens do not show is a warning, not a rejection)
    "screening.yaml",       # language tag, stop_if, missing ask/advice
    "sides-nested.yaml",    # a side that is a list
    "types.yaml",           # wrong types
    "unknown.yaml",         # unknown fields, kind enum
    "version-huge.yaml",    # limber: 99999999999999999999
    "version-negative.yaml",  # limber: -1
    "version-text.yaml",    # limber: one
    "version-zero.yaml",    # limber: 0
    "version.yaml",         # limber: 2
]
EXCLUDED = {
    "aliases.yaml": "alias explosion: a YAML reader shares the aliased nodes; a schema sees an "
                    "ordinary document",
    "clips.yaml": "missing clip files, paths leaving the folder and '.' need the disk (its URL, "
                  "timer clip and trim-without-clip problems are tested as mutations)",
    "paths.yaml": "clip and audio names a letter off need the disk to find the nearest name",
    "side-clips.yaml": "a clip per side: labels matched against sides (which may come from "
                       "defaults), missing and probed files need the loader and the disk (its "
                       "mirror, empty-map and list problems are tested as mutations)",
    "cues-every.yaml": "a cue per rep or hold against the step's reps and the rep's and hold's "
                       "lengths needs the loader (a wrong 'every' is tested as a mutation)",
    "probe.yaml": "what is inside the clips (not media, cut short, codec, length, sound) needs "
                  "the files opened",
    "duplicate.yaml": "duplicate keys: the YAML reader keeps the last value; a schema never "
                      "sees the first",
    "syntax.yaml": "a YAML syntax error: there is no document to validate",
    "syntax-indent.yaml": "a YAML syntax error: there is no document to validate",
    "syntax-many.yaml": "YAML syntax errors: there is no document to validate",
    "tab-indent.yaml": "a YAML syntax error (a tab in the indentation): there is no document to "
                       "validate",
}

# Duration strings on which the schema's pattern and Limber's parser agree, with Limber's answer
# (True = accepted as a duration of 0 or more).
DURATIONS = {
    "90": True, "90s": True, "1m30s": True, "1m 30s": True, "1M30S": False, "1M": False, "1 M": False, "1 minz": False, "1 min and 5 s": False,
    "30 sek": False, "1 secs 1 min": False, "1 m 30 s": True,
    "1m 30": True, "1h 5": True, "1min": True, "1 min": True, "45 sec": True,
    "10 sec": True, "5 seconds": True, "2 minutes": True, "1.5 min": True, "1 h 30 min": True,
    "1 Hour 2 Mins 3 Secs": True, "300 milliseconds": True, "5 msec": True, "1 hr": True, "1:30": True, "1:02:03": True, "0:05.5": True, "90:00": True,
    "1h": True, "250ms": True, "0.5s": True, ".5s": True, "1.123456s": True, "+30s": True,
    " 30s ": True, "0": True, "0s": True, "0:00": True, "1h2m3s4ms": True, "2m 30s 500ms": True,
    "1:005": True, "59.999s": True, "1:59.5": True,
    "": False, "s": False, "1x": False, "1:75": False, "1:60": False,
    "1:60:00": False, "1.5:00": False, "1:30.": False, "5.": False, "1.1234567s": False,
    "-5s": False, "- 5s": False, "30s 5": False, "1s1m": False, "1m1m": False, "1e3": False,
    "1: 30": False, "1:2:3:4": False, "1,5s": False, "30s.": False, "ms": False, "1 h h": False,
    ":30": False, "1:": False, "0x10": False,
}
# Limits of a pattern: strings the schema accepts and Limber refuses (Limber has the last word).
DURATION_GAPS = {
    "25h": "over 24 hours",
    "1441m": "over 24 hours",
    "24:00:01": "over 24 hours",
}


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s" % what)
            if detail:
                print("  " + detail.rstrip().replace("\n", "\n  "))


def schema_errors(validator, data):
    """The schema's complaints about data, one line each (empty when valid)."""
    out = []
    for e in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        out.append("%s: %s" % (where, e.message[:200]))
    return out


def limber_check(limber, path):
    """(status, messages) of `limber check path`."""
    try:
        p = subprocess.run([limber, "check", path], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, "cannot run %s: %s" % (limber, e)
    return p.returncode, p.stderr


def parse_both(text):
    """The document read as YAML 1.2 and as YAML 1.1, or an exception's text."""
    try:
        return load12(text), load11(text), None
    except yaml.YAMLError as e:
        return None, None, str(e)


def test_valid_files(res, validator, limber, src):
    files = sorted(glob.glob(os.path.join(src, "routines", "*.yaml")))
    if not files:
        print("note: no bundled routines in routines/ yet")
    files += sorted(glob.glob(os.path.join(src, "tests", "data", "valid", "*.yaml")))
    for path in files:
        name = os.path.relpath(path, src)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        d12, d11, err = parse_both(text)
        res.check(err is None, "%s: YAML reads" % name, err or "")
        if err is None:
            e12 = schema_errors(validator, d12)
            res.check(not e12, "%s: valid by the schema (YAML 1.2)" % name, "\n".join(e12))
            e11 = schema_errors(validator, d11)
            res.check(not e11, "%s: valid by the schema (YAML 1.1)" % name, "\n".join(e11))
        status, msgs = limber_check(limber, path)
        res.check(status == 0, "%s: passes limber check" % name, msgs)


def test_invalid_files(res, validator, limber, src):
    folder = os.path.join(src, "tests", "data", "invalid")
    present = sorted(os.path.basename(p) for p in glob.glob(os.path.join(folder, "*.yaml")))
    unlisted = [n for n in present if n not in SCHEMA_CAN_REJECT and n not in EXCLUDED]
    res.check(not unlisted, "every invalid file is listed as schema-checked or excluded",
              "unlisted: " + ", ".join(unlisted))
    for name in SCHEMA_CAN_REJECT:
        path = os.path.join(folder, name)
        res.check(os.path.exists(path), "invalid/%s exists" % name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        d12, d11, err = parse_both(text)
        res.check(err is None, "invalid/%s: YAML reads (the problem is not syntax)" % name,
                  err or "")
        if err is None:
            res.check(bool(schema_errors(validator, d12)),
                      "invalid/%s: rejected by the schema (YAML 1.2)" % name)
            res.check(bool(schema_errors(validator, d11)),
                      "invalid/%s: rejected by the schema (YAML 1.1)" % name)
        status, msgs = limber_check(limber, path)
        res.check(status == 1, "invalid/%s: rejected by limber check (status %d)" % (name, status),
                  msgs)


def replace(old, new, count=1):
    """A mutation: replace the first `count` occurrences of old (which must be there)."""
    def apply(text):
        if text.count(old) < count:
            raise ValueError("full.yaml no longer contains %r" % old)
        return text.replace(old, new, count)
    return apply


def append(extra):
    return lambda text: text + extra


def steps_replaced(new_steps):
    """Keep everything before `steps:` and put new_steps (YAML text) in their place."""
    def apply(text):
        head, sep, _ = text.partition("\nsteps:\n")
        if not sep:
            raise ValueError("full.yaml has no 'steps:' line")
        return head + "\nsteps:" + new_steps
    return apply


def many(fmt, n):
    return "".join(fmt % (i + 1) for i in range(n))


# (what, mutations) that make full.yaml invalid: both the schema and `limber check` refuse them.
BAD_MUTATIONS = [
    ("no title", [replace("title: Everything at once\n", "")]),
    ("no limber version", [replace("limber: 1\n", "")]),
    ("every: weekly", [replace("        text: Last one\n", "        text: Last one\n"
                               "        every: weekly\n")]),
    ("every: a list", [replace("        text: Last one\n", "        text: Last one\n"
                               "        every: [rep]\n")]),
    ("no steps", [replace("\nsteps:\n", "\nx-steps:\n")]),
    ("limber: 2", [replace("limber: 1\n", "limber: 2\n")]),
    ("limber: one", [replace("limber: 1\n", "limber: one\n")]),
    ("limber: 0", [replace("limber: 1\n", "limber: 0\n")]),
    ("limber: -1", [replace("limber: 1\n", "limber: -1\n")]),
    ("limber: '2' quoted", [replace("limber: 1\n", "limber: '2'\n")]),
    ("limber: 99999999999999999999", [replace("limber: 1\n", "limber: 99999999999999999999\n")]),
    ("reps: '1001' quoted", [replace("    reps: 3\n", "    reps: '1001'\n")]),
    ("sets: '0' quoted", [replace("    sets: 2\n", "    sets: '0'\n")]),
    ("reps: 99999999999999999999", [replace("    reps: 3\n", "    reps: 99999999999999999999\n")]),
    ("title of only spaces", [replace("title: Everything at once\n", "title: '  '\n")]),
    ("a step title of only spaces", [replace("  - title: Warm bath\n", "  - title: ' '\n")]),
    ("a side that is a list", [replace("    sides: [left, right]\n", "    sides: [left, [x]]\n")]),
    ("a side of only spaces", [replace("    sides: [left, right]\n", "    sides: [left, ' ']\n")]),
    ("a caption of only spaces", [replace("        text: Last one\n", "        text: ' '\n")]),
    ("steps: []", [steps_replaced(" []\n")]),
    ("a step without title", [replace("  - title: Warm bath\n    kind: timer\n",
                                      "  - kind: timer\n")]),
    ("a cue without at", [replace("      - at: -3s\n        text: Last one\n",
                                  "      - text: Last one\n")]),
    ("a cue without text, say or audio", [replace("        text: Last one\n", "")]),
    ("a screening question without advice",
     [replace("    advice: Do the standing routine instead.\n", "")]),
    ("a screening question without ask",
     [replace("  - ask: Can you lie on the floor and get up again?\n    stop_if: no\n",
              "  - stop_if: no\n")]),
    ("unknown root field", [replace("author: Limber tests\n", "autor: Limber tests\n")]),
    ("unknown step field", [replace("    hold: 5s\n", "    hodl: 5s\n")]),
    ("unknown cue field", [replace("        show: 2s\n", "        shown: 2s\n")]),
    ("unknown screening field", [replace("    stop_if: no\n", "    stop_if: no\n    why: x\n")]),
    ("title in defaults", [replace("defaults:\n", "defaults:\n  title: Any\n")]),
    ("cues in defaults", [replace("defaults:\n", "defaults:\n  cues: []\n")]),
    ("kind: exersize", [replace("    kind: timer\n", "    kind: exersize\n")]),
    ("kind: Timer", [replace("    kind: timer\n", "    kind: Timer\n")]),
    ("sets: 0", [replace("    sets: 2\n", "    sets: 0\n")]),
    ("sets: 101", [replace("    sets: 2\n", "    sets: 101\n")]),
    ("sets: two", [replace("    sets: 2\n", "    sets: two\n")]),
    ("sets: 2.5", [replace("    sets: 2\n", "    sets: 2.5\n")]),
    ("reps: 1001", [replace("    reps: 3\n", "    reps: 1001\n")]),
    ("duration on a step with reps", [replace("    reps: 3\n", "    reps: 3\n    duration: 30s\n")]),
    ("duration: 20 M (months or minutes?)", [replace("    duration: 20m\n", "    duration: 20 M\n")]),
    ("duration: 0s", [replace("    duration: 30s\n", "    duration: 0s\n")]),
    ("duration: 0", [replace("    duration: 30s\n", "    duration: 0\n")]),
    ("duration: 1:75", [replace("    duration: 1:30\n", "    duration: 1:75\n")]),
    ("duration: 90000 (over 24 hours)", [replace("    duration: 1:30\n", "    duration: 90000\n")]),
    ("rest: -15s", [replace("    rest: 15s\n", "    rest: -15s\n")]),
    ("rest: -15", [replace("    rest: 15s\n", "    rest: -15\n")]),
    ("hold: [5s]", [replace("    hold: 5s\n", "    hold: [5s]\n")]),
    ("show: 0s", [replace("        show: 2s\n", "        show: 0s\n")]),
    ("cue at: 3 sek", [replace("      - at: -3s\n", "      - at: 3 sek\n")]),
    ("a timer without duration", [replace("    duration: 20m\n", "")]),
    ("sides on a timer", [replace("    kind: timer\n", "    kind: timer\n    sides: [a, b]\n")]),
    ("sets on a timer", [replace("    kind: timer\n", "    kind: timer\n    sets: 2\n")]),
    ("a clip on an info step", [replace("    kind: info\n    instructions:",
                                        "    kind: info\n    clip: clips/tiny.mp4\n    instructions:")]),
    ("hold on an info step", [replace("    kind: info\n    duration: 10s\n",
                                      "    kind: info\n    duration: 10s\n    hold: 2s\n")]),
    ("cues on an info step that waits",
     [replace("    instructions: Rub magnesium oil gently on the sore area.\n",
              "    instructions: Rub magnesium oil gently on the sore area.\n"
              "    cues:\n      - at: 0s\n        text: Slowly\n")]),
    ("an exercise step with no reps or duration", [replace("    duration: 1:30\n", "")]),
    ("mirror: sometimes", [replace("    mirror: other-side\n", "    mirror: sometimes\n")]),
    ("mirror: other-side with one side", [replace("    sides: [left, right]\n",
                                                  "    sides: [left]\n")]),
    ("sides: []", [replace("    sides: [left, right]\n", "    sides: []\n")]),
    ("sides: left", [replace("    sides: [left, right]\n", "    sides: left\n")]),
    ("a side listed twice", [replace("    sides: [left, right]\n", "    sides: [left, left]\n")]),
    ("nine sides", [replace("    sides: [left, right]\n", "    sides: [a, b, c, d, e, f, g, h, i]\n")]),
    ("loop: maybe", [replace("    loop: false\n", "    loop: maybe\n")]),
    ("voice: 1", [replace("    voice: false\n", "    voice: 1\n")]),
    ("stop_if: maybe", [replace("    stop_if: yes\n", "    stop_if: maybe\n")]),
    ("warning: [a, b]", [replace("    warning: false\n", "    warning: [a, b]\n")]),
    ("title as a list", [replace("title: Everything at once\n", "title: [a, b]\n")]),
    ("empty title", [replace("title: Everything at once\n", "title: ''\n")]),
    ("title with no value", [replace("title: Everything at once\n", "title:\n")]),
    ("language: english!", [replace("language: en-GB\n", "language: english!\n")]),
    ("language: engl", [replace("language: en-GB\n", "language: engl\n")]),
    ("cues: a text", [replace("    cues:\n      - at: 5m\n        text: Let the shoulders drop\n"
                              "        say: Let your shoulders drop.\n", "    cues: later\n")]),
    ("a URL as clip", [replace("    clip: clips/tiny.mp4\n", "    clip: http://example.com/a.mp4\n")]),
    ("a trim without a clip", [replace("    clip: clips/tiny.mp4\n    loop: false\n",
                                       "    clip_start: 1s\n    loop: false\n")]),
    ("201 cues", [replace("    kind: info\n    duration: 10s\n",
                          "    kind: info\n    duration: 10s\n    cues:\n" +
                          many("      - {at: 1s, text: c%d}\n", 201))]),
    ("501 steps", [steps_replaced("\n" + many("  - {title: s%d, duration: 1s, rest: 0}\n", 501))]),
    ("102 safety points", [replace("safety:\n", "safety:\n" + many("  - point %d\n", 100))]),
    ("102 screening questions", [replace("screening:\n", "screening:\n" +
                                         many("  - {ask: q%d, advice: a}\n", 100))]),
    ("a list instead of the routine", [lambda t: "- limber: 1\n- title: x\n"]),
    ("a title of 201 characters", [replace("title: Everything at once\n",
                                           "title: %s\n" % ("\u00e9" * 201))]),
    ("a spoken line of 601 characters", [replace("        say: Let your shoulders drop.\n",
                                                 "        say: %s\n" % ("a" * 601))]),
    ("a side label of 41 characters", [replace("    sides: [left, right]\n",
                                               "    sides: [left, %s]\n" % ("r" * 41))]),
    ("a side's clip name of 1025 characters",
     [replace("    clip: clips/tiny.mp4\n    clip_start: 200ms\n    clip_end: 0.8s\n    mirror: other-side\n",
              "    clip: {left: clips/tiny.mp4, right: clips/%s.mp4}\n" % ("x" * 1015))]),
    ("a clip per side with mirror",
     [replace("    clip: clips/tiny.mp4\n    clip_start: 200ms\n",
              "    clip: {left: clips/tiny.mp4, right: clips/tiny.mp4}\n    clip_start: 200ms\n")]),
    ("a clip per side as an empty map",
     [replace("    clip: clips/tiny.mp4\n    clip_start: 200ms\n    clip_end: 0.8s\n    mirror: other-side\n",
              "    clip: {}\n")]),
    ("clips as a list", [replace("    clip: clips/tiny.mp4\n    clip_start: 200ms\n",
                                 "    clip: [clips/tiny.mp4, clips/tiny.mp4]\n    clip_start: 200ms\n")]),
    ("a side's clip as a URL",
     [replace("    clip: clips/tiny.mp4\n    clip_start: 200ms\n    clip_end: 0.8s\n    mirror: other-side\n",
              "    clip: {left: clips/tiny.mp4, right: 'http://example.com/a.mp4'}\n")]),
]

# Mutations that leave full.yaml valid: both the schema and `limber check` accept them.
GOOD_MUTATIONS = [
    ("x-note at the root", [append("x-note: written for the tests\n")]),
    ("x- fields in a step, a cue, defaults and a question",
     [replace("    hold: 5s\n", "    hold: 5s\n    x-why: slow\n"),
      replace("        show: 2s\n", "        show: 2s\n        x-why: last rep\n"),
      replace("defaults:\n", "defaults:\n  x-why: calm pace\n"),
      replace("    stop_if: no\n", "    stop_if: no\n    x-why: floor work\n")]),
    ("duration 1:30 as 1m30s", [replace("    duration: 1:30\n", "    duration: 1m30s\n")]),
    ("duration 1:30 as 1m 30s", [replace("    duration: 1:30\n", "    duration: 1m 30s\n")]),
    ("duration 1:30 as 90", [replace("    duration: 1:30\n", "    duration: 90\n")]),
    ("duration 1:30 as 0:01:30", [replace("    duration: 1:30\n", "    duration: 0:01:30\n")]),
    ("duration 1:30 as '90s' quoted", [replace("    duration: 1:30\n", "    duration: '90s'\n")]),
    ("duration 1:30 as 1.5m", [replace("    duration: 1:30\n", "    duration: 1.5m\n")]),
    ("rep_time 2s as 0.5 and hold 5s as 4500ms",
     [replace("  rep_time: 2s\n", "  rep_time: 0.5\n"),
      replace("    hold: 5s\n", "    hold: 4500ms\n")]),
    ("cue at -3s as -0:03", [replace("      - at: -3s\n", "      - at: -0:03\n")]),
    ("cue at -3s as -3", [replace("      - at: -3s\n", "      - at: -3\n")]),
    ("stop_if: YES and On", [replace("    stop_if: yes\n", "    stop_if: YES\n"),
                             replace("    stop_if: no\n", "    stop_if: On\n")]),
    ("stop_if: true and 'no' quoted", [replace("    stop_if: yes\n", "    stop_if: true\n"),
                                       replace("    stop_if: no\n", "    stop_if: 'no'\n")]),
    ("loop: off", [replace("    loop: false\n", "    loop: off\n")]),
    ("limber: \"1\" quoted", [replace("limber: 1\n", "limber: \"1\"\n")]),
    ("limber: '+01' quoted", [replace("limber: 1\n", "limber: '+01'\n")]),
    ("sets: '2' and reps: \"3\" quoted", [replace("    sets: 2\n", "    sets: '2'\n"),
                                           replace("    reps: 3\n", "    reps: \"3\"\n")]),
    ("defaults sets: '100' and reps: '1000' quoted",
     [replace("defaults:\n", "defaults:\n  sets: '100'\n  reps: '1000'\n"),
      replace("    duration: 1:30\n", "")]),
    # The mark right before a field (a comment line first would hide the bug it once had).
    ("a UTF-8 byte order mark (Windows Notepad)",
     [lambda t: "\ufeff" + re.sub(r"\A(?:#.*\n)+", "", t)]),
    ("voice: No, rep_beep: ON", [replace("    voice: false\n", "    voice: No\n"),
                                 replace("    rep_beep: true\n", "    rep_beep: ON\n")]),
    ("mirror: yes", [replace("    mirror: other-side\n", "    mirror: yes\n")]),
    ("warning: no and warning: true", [replace("    warning: false\n", "    warning: no\n"),
                                       replace("  warning: Stop if it hurts\n",
                                               "  warning: true\n")]),
    ("kind: exercise given", [replace("  - title: Hold still\n",
                                      "  - title: Hold still\n    kind: exercise\n")]),
    ("length from defaults reps", [replace("defaults:\n", "defaults:\n  reps: 5\n"),
                                   replace("    duration: 1:30\n", "")]),
    ("length from defaults duration", [replace("defaults:\n", "defaults:\n  duration: 45s\n"),
                                       replace("    duration: 1:30\n", "")]),
    ("exercise fields in defaults", [replace("defaults:\n", "defaults:\n  sets: 2\n"
                                             "  sides: [left, right]\n  mirror: false\n"
                                             "  loop: true\n  hold: 1s\n")]),
    ("a cue in every hold and one in every rep",
     [replace("        text: Last one\n        show: 2s\n",
              "        text: Last one\n        show: 2s\n      - at: 1s\n        every: hold\n"
              "        say: Breathe out\n      - at: -1s\n        every: rep\n"
              "        text: Down\n      - at: 0s\n        every: block\n        text: Go\n")]),
    ("cues on an info card with a duration",
     [replace("    kind: info\n    duration: 10s\n",
              "    kind: info\n    duration: 10s\n    cues:\n      - at: 0s\n        say: Read.\n")]),
    ("empty cues on an info card that waits",
     [replace("    instructions: Rub magnesium oil gently on the sore area.\n",
              "    instructions: Rub magnesium oil gently on the sore area.\n    cues: []\n")]),
    ("safety as one text", [replace("safety:\n  - Stop at once if a move makes the pain sharper."
                                    "\n  - Move slowly.\n", "safety: Move slowly.\n")]),
    ("screening with no value", [replace("screening:\n", "screening:\nx-screening:\n")]),
    ("countdown and warning on a timer",
     [replace("    kind: timer\n", "    kind: timer\n    countdown: 10s\n    warning: Hot water\n")]),
    ("a title that is a number", [replace("title: Everything at once\n", "title: 2024\n")]),
    ("200 cues", [replace("    kind: info\n    duration: 10s\n",
                          "    kind: info\n    duration: 10s\n    cues:\n" +
                          many("      - {at: 1s, text: c%d}\n", 200))]),
    ("500 steps", [steps_replaced("\n" + many("  - {title: s%d, duration: 1s, rest: 0}\n", 500))]),
    ("eight sides", [replace("    sides: [left, right]\n", "    sides: [a, b, c, d, e, f, g, h]\n")]),
    ("a clip per side", [replace("    clip: clips/tiny.mp4\n    clip_start: 200ms\n    clip_end: 0.8s\n"
                                 "    mirror: other-side\n",
                                 "    clip:\n      right: clips/tiny.mp4\n      left: clips/tiny.mp4\n"
                                 "    clip_start: 200ms\n    clip_end: 0.8s\n")]),
    ("sets: 100 and reps: 1", [replace("    sets: 2\n", "    sets: 100\n"),
                               replace("    reps: 3\n", "    reps: 1\n")]),
    # Characters, not bytes: 200 two-byte letters are a title at its limit.
    ("a title of 200 characters", [replace("title: Everything at once\n",
                                           "title: %s\n" % ("\u00e9" * 200))]),
    ("a spoken line of 600 characters", [replace("        say: Let your shoulders drop.\n",
                                                 "        say: %s\n" % ("a" * 600))]),
]


def test_mutations(res, validator, limber, src, tmp):
    with open(os.path.join(src, "tests", "data", "valid", "full.yaml"), encoding="utf-8") as f:
        base = f.read()
    # full.yaml names clips/tiny.mp4 beside it: give the mutated copies their own.
    shutil.copytree(os.path.join(src, "tests", "data", "valid", "clips"),
                    os.path.join(tmp, "clips"))
    for want_valid, table in ((False, BAD_MUTATIONS), (True, GOOD_MUTATIONS)):
        for n, (what, changes) in enumerate(table):
            text = base
            try:
                for change in changes:
                    text = change(text)
            except ValueError as e:
                res.check(False, "mutation '%s' applies" % what, str(e))
                continue
            path = os.path.join(tmp, "mutation-%s-%d.yaml" % ("good" if want_valid else "bad", n))
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            d12, d11, err = parse_both(text)
            res.check(err is None, "mutation '%s': YAML reads" % what, err or "")
            if err is None:
                for label, data in (("YAML 1.2", d12), ("YAML 1.1", d11)):
                    errors = schema_errors(validator, data)
                    if want_valid:
                        res.check(not errors, "mutation '%s': the schema accepts it (%s)"
                                  % (what, label), "\n".join(errors))
                    else:
                        res.check(bool(errors), "mutation '%s': the schema rejects it (%s)"
                                  % (what, label))
            status, msgs = limber_check(limber, path)
            if want_valid:
                res.check(status == 0, "mutation '%s': limber check accepts it" % what, msgs)
            else:
                res.check(status == 1, "mutation '%s': limber check rejects it (status %d)"
                          % (what, status), msgs)


def test_durations(res, schema, limber, tmp):
    """Every string in DURATIONS and DURATION_GAPS as `rest` (0 allowed) of its own step."""
    plain = jsonschema.Draft7Validator(dict(schema, **{"$ref": "#/definitions/duration"}))
    strings = list(DURATIONS) + list(DURATION_GAPS)
    lines = ["limber: 1", "title: Durations", "steps:"]
    for i, s in enumerate(strings):
        lines += ["  - title: d%d" % (i + 1), "    duration: 1s", "    rest: '%s'" % s]
    path = os.path.join(tmp, "durations.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    status, msgs = limber_check(limber, path)
    res.check(status in (0, 1), "duration corpus: limber check runs (status %d)" % status, msgs)
    refused = {int(m.group(1)) for m in re.finditer(r"for 'rest'.* in step (\d+)$", msgs, re.M)}
    for i, s in enumerate(strings):
        by_limber = (i + 1) not in refused
        by_schema = plain.is_valid(s)
        if s in DURATIONS:
            res.check(by_limber == DURATIONS[s], "duration %r: limber %s it as listed"
                      % (s, "accepts" if by_limber else "refuses"))
            res.check(by_schema == by_limber, "duration %r: the schema %s it, limber %s it"
                      % (s, "accepts" if by_schema else "refuses",
                         "accepts" if by_limber else "refuses"))
        else:
            res.check(by_schema and not by_limber, "duration %r (a known limit: %s): the schema "
                      "accepts it and limber refuses it" % (s, DURATION_GAPS[s]))


def test_worked_example(res, limber, src):
    doc = os.path.join(src, "docs", "routine-format.md")
    example = os.path.join(src, "tests", "data", "valid", "worked-example.yaml")
    res.check(os.path.exists(doc), "docs/routine-format.md exists")
    if not os.path.exists(doc):
        return
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- plan of tests/data/valid/worked-example\.yaml -->\s*```[a-z]*\n(.*?)```",
                  text, re.S)
    res.check(m is not None, "docs/routine-format.md quotes the worked example's plan")
    if m is None:
        return
    try:
        p = subprocess.run([limber, "plan", example], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        res.check(False, "limber plan runs", str(e))
        return
    res.check(p.returncode == 0 and p.stdout == m.group(1),
              "the plan quoted in docs/routine-format.md is what limber plan prints",
              "limber plan printed:\n" + p.stdout + p.stderr)


TEXT_REFS = ("#/definitions/text", "#/definitions/filePath")


def loader_limits(src):
    """The loader's text limits: {field: characters} and the limit of the fields not listed."""
    with open(os.path.join(src, "player", "routine", "routine.h"), encoding="utf-8") as f:
        consts = {m.group(1): int(m.group(2))
                  for m in re.finditer(r"#define (LB_MAX_\w+_CHARS) +(\d+)", f.read())}
    with open(os.path.join(src, "player", "routine", "yaml_read.c"), encoding="utf-8") as f:
        code = f.read()
    table = re.search(r"lb_text_limits\[\] = \{(.*?)\n\};", code, re.S)
    fields = {m.group(1): consts[m.group(2)]
              for m in re.finditer(r'\{ *"(\w+)", *(LB_MAX_\w+_CHARS) *\}', table.group(1))}
    other = re.search(r"long lb_text_limit\(.*?return (LB_MAX_\w+_CHARS);", code, re.S)
    return fields, consts[other.group(1)]


def schema_text_fields(node, path=()):
    """(field, path, node) for every text or file-name value in the schema: a node that refers
    to the text or filePath definition (directly, where no maxLength can sit beside it, or
    through allOf), and the language tag."""
    if isinstance(node, dict):
        refs = [x.get("$ref") for x in node.get("allOf", []) if isinstance(x, dict)]
        direct = node.get("$ref") in TEXT_REFS and path[-2:-1] != ("allOf",)
        if direct or any(r in TEXT_REFS for r in refs) or path[-2:] == ("properties", "language"):
            keys = [path[i + 1] for i in range(len(path) - 1) if path[i] == "properties"]
            yield keys[-1], "/".join(path), node
        for k, v in node.items():
            yield from schema_text_fields(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from schema_text_fields(v, path + (str(i),))


def test_limits(res, schema, src):
    fields, other = loader_limits(src)
    res.check(len(fields) >= 10, "the loader's text limit table is found (%d fields)" % len(fields))
    seen = set()
    for field, path, node in schema_text_fields(schema):
        want = fields.get(field, other)
        seen.add(field)
        res.check(node.get("maxLength") == want, "schema %s ('%s'): maxLength %s is the loader's "
                  "%d" % (path, field, node.get("maxLength"), want))
    for field in sorted(set(fields) - seen):
        res.check(False, "the loader limits '%s'; the schema has no such text field" % field)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: /usr/bin/python3 test_schema.py LIMBER_BINARY SOURCE_DIR\n")
        return 2
    limber, src = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    res = Results()
    with open(os.path.join(src, "docs", "routine.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        res.check(True, "the schema is a valid draft-07 schema")
    except jsonschema.SchemaError as e:
        res.check(False, "the schema is a valid draft-07 schema", str(e))
    validator = jsonschema.Draft7Validator(schema)
    tmp = tempfile.mkdtemp(prefix="limber-schema-")
    try:
        test_valid_files(res, validator, limber, src)
        test_invalid_files(res, validator, limber, src)
        test_mutations(res, validator, limber, src, tmp)
        test_durations(res, schema, limber, tmp)
        test_worked_example(res, limber, src)
        test_limits(res, schema, src)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
