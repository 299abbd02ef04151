#!/usr/bin/env python3
"""Mutated-media campaign (issue 17): damaged clips of several codecs and containers, played as
routine steps and exported, under the sanitizer build. Not part of `make test` (it runs for tens
of minutes); `make campaign` runs it. Deterministic: the seed fixes every mutation.

For each seed clip (H.264/AAC MP4, VP9/Opus WebM, HEVC/AAC MKV, MPEG-4/MP3 AVI, Theora/Vorbis
Ogg, AV1/Opus MP4) it makes N mutants (bit flips, zeroed runs, duplicated or deleted chunks,
truncation, random bytes, a scrambled header), puts them ten to a routine (one 2 s step each)
and plays every routine with SDL's dummy drivers; a third of the routines are also exported.
It reports crashes (a signal or a sanitizer report), hangs (the hard timeout), how late each
run ended against its plan, and export times; a routine that failed is replayed clip by clip to
name the file. The mutants that misbehaved are kept in OUT/keep.

Usage: media_campaign.py LIMBER OUT_DIR [--per-seed N] [--seed S] [--jobs J]
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

SEEDS = [
    # name, ffmpeg output arguments
    ("h264.mp4", ["-c:v", "libx264", "-preset", "veryfast", "-g", "15", "-pix_fmt", "yuv420p",
                  "-c:a", "aac"]),
    ("vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-g", "15",
                  "-c:a", "libopus"]),
    ("hevc.mkv", ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=none",
                  "-g", "15", "-c:a", "aac"]),
    ("mpeg4.avi", ["-c:v", "mpeg4", "-g", "15", "-c:a", "libmp3lame"]),
    ("theora.ogg", ["-c:v", "libtheora", "-g", "15", "-c:a", "libvorbis"]),
    ("av1.mp4", ["-c:v", "libaom-av1", "-cpu-used", "8", "-row-mt", "1", "-g", "15",
                 "-c:a", "libopus", "-strict", "-2"]),
]
BATCH = 10          # clips per routine
STEP_S = 2          # seconds per step


def make_seed(out_dir, name, args):
    path = os.path.join(out_dir, "seed-" + name)
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-y",
           "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=2",
           "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2",
           *args, "-shortest", path]
    if subprocess.run(cmd).returncode != 0 or not os.path.exists(path):
        print(f"seed {name}: this ffmpeg cannot make it; skipped", file=sys.stderr)
        return None
    return path


def mutate(data, rng):
    """One damaged copy of data and a word on what was done."""
    d = bytearray(data)
    n = len(d)
    kind = rng.choice(["flip", "zero", "dup", "delete", "truncate", "random", "header",
                       "flip-many"])
    if kind == "flip":
        for _ in range(rng.randint(1, 20)):
            d[rng.randrange(n)] ^= 1 << rng.randrange(8)
    elif kind == "flip-many":
        start = rng.randrange(n // 3, n)
        for i in range(start, n, rng.randint(50, 400)):
            d[i] ^= rng.randrange(1, 256)
    elif kind == "zero":
        at, size = rng.randrange(n), rng.randint(16, max(17, n // 8))
        d[at:at + size] = bytes(len(d[at:at + size]))
    elif kind == "dup":
        at, size = rng.randrange(n), rng.randint(64, max(65, n // 6))
        d[at:at] = d[at:at + size]
    elif kind == "delete":
        at, size = rng.randrange(n), rng.randint(16, max(17, n // 10))
        del d[at:at + size]
    elif kind == "truncate":
        d = d[:rng.randint(16, n)]
    elif kind == "random":
        at, size = rng.randrange(n), rng.randint(8, 2048)
        d[at:at + size] = bytes(rng.randrange(256) for _ in range(len(d[at:at + size])))
    else:  # header: the first 512 bytes scrambled in a few places
        for _ in range(rng.randint(1, 8)):
            d[rng.randrange(min(512, n))] = rng.randrange(256)
    return bytes(d), kind


def routine(path, clips):
    with open(path, "w") as f:
        f.write("limber: 1\ntitle: Campaign\ndefaults: {countdown: 1s, rest: 0s}\nsteps:\n")
        for i, clip in enumerate(clips):
            f.write(f"  - {{title: Clip {i + 1}, clip: {os.path.basename(clip)}, "
                    f"duration: {STEP_S}s, loop: true}}\n")


def sanitizer_report(text):
    return ("ERROR: AddressSanitizer" in text or "runtime error:" in text
            or "ERROR: LeakSanitizer" in text)


def run(cmd, limit, env):
    started = time.monotonic()
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, errors="replace",
                           timeout=limit)
        return p.returncode, p.stderr, time.monotonic() - started, False
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return None, err, time.monotonic() - started, True


def verdict(rc, err, hung):
    if hung:
        return "hang"
    if sanitizer_report(err):
        return "sanitizer"
    if rc is not None and rc < 0:
        return "crash"
    return "ok"


def play(limber, yaml, stats, env, n_clips):
    planned = n_clips * (STEP_S + 1)
    rc, err, took, hung = run([limber, "--yes", "--autoexit", "--stats", stats, yaml],
                              planned + 90, env)
    late = None
    try:
        with open(stats) as f:
            for line in f:
                d = json.loads(line)
                if d.get("type") == "summary":
                    late = d["routine_wall_s"] - d["planned_s"]
    except (OSError, ValueError, KeyError):
        pass
    return {"verdict": verdict(rc, err, hung), "rc": rc, "seconds": round(took, 2),
            "late_s": late, "stderr": err[-4000:]}


def export(limber, yaml, out, env, n_clips):
    rc, err, took, hung = run([limber, "export", yaml, "--size", "320x180", "--fps", "15",
                               "-o", out], n_clips * 60 + 120, env)
    v = verdict(rc, err, hung)
    if v == "ok" and (rc != 0 or not os.path.exists(out)):
        v = "failed"
    left = os.path.exists(out + ".part")
    return {"verdict": v if not left else "part-left", "rc": rc, "seconds": round(took, 2),
            "stderr": err[-4000:]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("limber")
    ap.add_argument("out")
    ap.add_argument("--per-seed", type=int, default=90)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "keep"))
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               XDG_STATE_HOME=os.path.join(out, "state"),
               ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1")
    rng = random.Random(a.seed)
    mutants = []
    for name, args in SEEDS:
        seed = make_seed(out, name, args)
        if not seed:
            continue
        data = open(seed, "rb").read()
        for i in range(a.per_seed):
            m, kind = mutate(data, rng)
            path = os.path.join(out, f"m{len(mutants):04d}-{kind}-{name}")
            with open(path, "wb") as f:
                f.write(m)
            mutants.append(path)
    print(f"{len(mutants)} mutants from {len(SEEDS)} seeds (seed {a.seed})", flush=True)

    batches = [mutants[i:i + BATCH] for i in range(0, len(mutants), BATCH)]
    results = []

    def one(k):
        clips = batches[k]
        yaml = os.path.join(out, f"r{k:03d}.yaml")
        routine(yaml, clips)
        r = {"batch": k, "clips": [os.path.basename(c) for c in clips],
             "play": play(a.limber, yaml, yaml + ".jsonl", env, len(clips))}
        if k % 3 == 0:
            r["export"] = export(a.limber, yaml, os.path.join(out, f"r{k:03d}.mp4"), env,
                                 len(clips))
        bad = r["play"]["verdict"] != "ok" or r.get("export", {}).get("verdict", "ok") != "ok"
        if bad:  # name the clip: each alone
            r["alone"] = {}
            for c in clips:
                y = os.path.join(out, "alone-" + os.path.basename(c) + ".yaml")
                routine(y, [c])
                p = play(a.limber, y, y + ".jsonl", env, 1)
                if p["verdict"] != "ok":
                    r["alone"][os.path.basename(c)] = p
                    shutil.copy(c, os.path.join(out, "keep"))
        print(f"batch {k}: play {r['play']['verdict']} {r['play']['seconds']} s"
              + (f", export {r['export']['verdict']} {r['export']['seconds']} s"
                 if "export" in r else ""), flush=True)
        return r

    started = time.monotonic()
    with ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(one, range(len(batches))))
    wall = time.monotonic() - started

    plays = [r["play"] for r in results]
    exports = [r["export"] for r in results if "export" in r]
    count = lambda rs, v: sum(1 for r in rs if r["verdict"] == v)
    late = [p["late_s"] for p in plays if p["late_s"] is not None]
    exp_s = [e["seconds"] for e in exports]
    summary = {
        "mutants": len(mutants), "routines": len(batches), "seed": a.seed,
        "clips_exported": sum(len(r["clips"]) for r in results if "export" in r),
        "play": {v: count(plays, v) for v in ("ok", "crash", "sanitizer", "hang")},
        "export": {v: count(exports, v) for v in ("ok", "failed", "crash", "sanitizer", "hang",
                                                   "part-left")},
        "play_late_s": {"median": statistics.median(late) if late else None,
                        "max": max(late) if late else None},
        "export_s_per_clip": {"median": statistics.median(exp_s) / BATCH if exp_s else None,
                              "max": max(exp_s) / BATCH if exp_s else None},
        "clips_blamed": sorted({c for r in results for c in r.get("alone", {})}),
        "wall_s": round(wall, 1),
    }
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"summary": summary, "results": results}, f, indent=1)
    print(json.dumps(summary, indent=1))
    bad = sum(summary["play"][v] for v in ("crash", "sanitizer", "hang")) + \
        sum(summary["export"][v] for v in ("crash", "sanitizer", "hang", "part-left"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
