#!/usr/bin/env python3
"""Lays out the accuracy benchmark's datasets from Debian packages that datasets.sh has extracted.

Called by datasets.sh (which downloads and unpacks the packages); not meant to be run alone.
Each dataset becomes CACHE/<name>/{train,test}/<label>/<file> plus CACHE/<name>/files.tsv
(split, label, group, file, source path inside the package) and a summary in CACHE/<name>/SUMMARY.

The split is deterministic for a seed: per class, the clips' groups (takes that belong together:
the velocity layers of one drum, the numbered takes of one phrase, the velocities of one note,
variants of one music track) are shuffled with a seeded generator and given to test until test
holds about 30 % of the class's clips; a group never straddles train and test. drums-bykit holds
out whole kits instead (a kit never straddles the split), so it measures generalisation to an
unseen kit.

Labels and what was left out, per dataset, are documented at each builder below and in README.md.
"""
import argparse
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf

TEST_FRACTION = 0.30
# Bump when a builder's rule changes, so cached datasets are rebuilt.
LAYOUT_VERSION = "2"


class Clip:
    def __init__(self, label, group, src, name=None):
        self.label = label
        self.group = group
        self.src = Path(src)
        self.name = name or self.src.name


def readable(path):
    """Frames and rate of a sound file, or None if it cannot be decoded or is empty."""
    try:
        info = sf.info(str(path))
    except Exception:
        return None
    if info.frames <= 0:
        return None
    return info.frames / info.samplerate


def deduplicate(clips, dataset):
    """Byte-identical recordings: one copy is kept when they share a label; all are dropped when
    their labels differ (the packages reuse some files under two names or two voice packs)."""
    by_hash = defaultdict(list)
    for c in clips:
        by_hash[hashlib.sha256(c.src.read_bytes()).hexdigest()].append(c)
    kept, dropped_same, dropped_conflict = [], 0, 0
    for same in by_hash.values():
        if len({c.label for c in same}) > 1:
            dropped_conflict += len(same)
            continue
        same.sort(key=lambda c: (str(c.src), c.name))
        kept.append(same[0])
        dropped_same += len(same) - 1
    if dropped_same or dropped_conflict:
        print(f"{dataset}: left out {dropped_same} duplicate recordings and {dropped_conflict} recordings "
              f"that the package ships under two labels", file=sys.stderr)
    return kept


def split_per_class(clips, seed, dataset):
    """Stratified grouped split: per class, seeded shuffle of its groups, test until ~30 %."""
    by_label = defaultdict(lambda: defaultdict(list))
    for c in clips:
        by_label[c.label][c.group].append(c)
    out = {}
    for label in sorted(by_label):
        groups = by_label[label]
        keys = sorted(groups)
        rng = random.Random(f"{seed}:{dataset}:{label}")
        rng.shuffle(keys)
        total = sum(len(groups[k]) for k in keys)
        target = TEST_FRACTION * total
        n_test = 0
        test_keys = set()
        for k in keys:
            if len(test_keys) == len(keys) - 1:
                break  # keep at least one group for training
            # Take the group if that brings the test count closer to the target.
            if abs(n_test + len(groups[k]) - target) < abs(n_test - target) or not test_keys:
                test_keys.add(k)
                n_test += len(groups[k])
        for k in keys:
            for c in groups[k]:
                out[c] = "test" if k in test_keys else "train"
    return out


def split_by_global_group(clips, seed, dataset):
    """Whole groups (kits) to test: the subset whose per-class test share is closest to 30 %,
    every class keeping clips on both sides; ties broken by a seeded shuffle."""
    groups = sorted({c.group for c in clips})
    labels = sorted({c.label for c in clips})
    count = defaultdict(Counter)
    for c in clips:
        count[c.group][c.label] += 1
    total = Counter(c.label for c in clips)
    rng = random.Random(f"{seed}:{dataset}")
    candidates = []
    for r in range(1, len(groups)):
        for subset in itertools.combinations(groups, r):
            test = Counter()
            for g in subset:
                test.update(count[g])
            if any(test[l] == 0 or test[l] == total[l] for l in labels):
                continue
            cost = sum((test[l] / total[l] - TEST_FRACTION) ** 2 for l in labels)
            candidates.append((round(cost, 9), rng.random(), subset))
    if not candidates:
        raise SystemExit(f"{dataset}: no split by group keeps every class on both sides")
    best = min(candidates)[2]
    return {c: ("test" if c.group in best else "train") for c in clips}


def materialise(root, name, clips, split, seed):
    """Writes CACHE/name atomically (a .tmp folder renamed at the end)."""
    final = root / name
    tmp = root / (name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    rows = []
    seen = set()
    for c in sorted(clips, key=lambda c: (c.label, str(c.src), c.name)):
        side = split[c]
        dest = tmp / side / c.label / c.name
        if dest in seen:
            raise SystemExit(f"{name}: two clips named {dest}")
        seen.add(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(c.src, dest)
        except OSError:
            shutil.copyfile(c.src, dest)
        rows.append((side, c.label, c.group, c.name, str(c.src)))
    with open(tmp / "files.tsv", "w") as f:
        f.write("split\tlabel\tgroup\tfile\tsource\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    summary = summarise(tmp, name)
    (tmp / "SUMMARY").write_text(summary)
    (tmp / ".complete").write_text(stamp(name, seed) + "\n")
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    return summary


def summarise(folder, name):
    lines = [f"== {name}"]
    labels = sorted({p.name for side in ("train", "test") for p in (folder / side).iterdir()})
    durations = []
    lines.append(f"  {'class':<12} {'train':>6} {'test':>6}   duration s (min / median / max)")
    tot = Counter()
    for label in labels:
        d_label = []
        n = {}
        for side in ("train", "test"):
            files = sorted((folder / side / label).glob("*")) if (folder / side / label).exists() else []
            n[side] = len(files)
            tot[side] += len(files)
            for f in files:
                d = readable(f)
                if d is None:
                    raise SystemExit(f"{name}: unreadable clip {f}")
                d_label.append(d)
        durations += d_label
        lines.append(f"  {label:<12} {n['train']:>6} {n['test']:>6}   "
                     f"{min(d_label):.2f} / {np.median(d_label):.2f} / {max(d_label):.2f}")
    lines.append(f"  {'total':<12} {tot['train']:>6} {tot['test']:>6}   "
                 f"{min(durations):.2f} / {np.median(durations):.2f} / {max(durations):.2f}"
                 f"   ({sum(durations) / 60:.1f} min of audio)")
    return "\n".join(lines) + "\n"


def stamp(name, seed):
    extra = f" max_seconds={MUSIC_MAX_SECONDS:g}" if name == "music" else ""
    return f"{name} layout={LAYOUT_VERSION} seed={seed}{extra}"


# ---------------------------------------------------------------------------------------------
# drums, drums-bykit: hydrogen-drumkits. The label comes from the instrument's name in each kit's
# drumkit.xml (the kit author's own naming), mapped by these rules, first match wins:
DRUM_RULES = [
    ("skip", r"cowbell|tambourine|clap|stick|rim click|agogo|conga|bongo|cajon|maraca|whistle|"
             r"click|snap|clave|woodblock|waterglass|djembe|sangban|dununba|kenkeni|^\s*$|^[0-9]+$"),
    ("kick", r"kick|bass ?drum"),
    ("snare", r"snare"),
    ("hihat", r"hi-?hat|\bhh\b|\bhat\b"),
    ("tom", r"\btom"),
    ("cymbal", r"crash|ride|splash|china|cymbal"),
]
# Acoustic kits recorded from real drums. Left out: ElectricEmpireKit, HardElectro1 (electronic,
# synthesized), Audiophob (a mix of freesound clips including 8-bit and noise-synthesized drums),
# VariBreaks (cut from breakbeats of unknown origin), Gimme A Hand and circAfrique (hand
# percussion with none of the five classes).
DRUM_KITS = ["BJA_Pacific", "ColomboAcousticDrumkit", "ForzeeStereo", "Millo-Drums_v.1",
             "Millo_MultiLayered2", "Millo_MultiLayered3", "The Black Pearl 1.0", "rumpf_kit_z01_h2"]


def drum_label(instrument):
    n = instrument.lower()
    for label, rx in DRUM_RULES:
        if re.search(rx, n):
            return None if label == "skip" else label
    return None


def drum_clips(x):
    base = x / "hydrogen-drumkits/usr/share/hydrogen/data/drumkits"
    by_file = {}
    labels_of = defaultdict(set)
    for kit in DRUM_KITS:
        xml = base / kit / "drumkit.xml"
        if not xml.exists():
            raise SystemExit(f"drums: {xml} missing from the extracted package")
        root = ET.parse(xml).getroot()
        ns = re.match(r"\{.*\}", root.tag)
        ns = ns.group(0) if ns else ""
        for ins in root.iter(ns + "instrument"):
            name = ins.findtext(ns + "name") or ""
            label = drum_label(name)
            if label is None:
                continue
            for e in ins.iter(ns + "filename"):
                f = base / kit / e.text
                if "emptySample" in e.text:
                    continue
                labels_of[f].add(label)
                by_file.setdefault(f, (kit, name))
    clips = []
    for f, (kit, name) in sorted(by_file.items()):
        if len(labels_of[f]) != 1:
            continue  # one sample used under two classes: ambiguous, left out
        if readable(f) is None:
            print(f"drums: skipping unreadable {f}", file=sys.stderr)
            continue
        kit_slug = re.sub(r"[^A-Za-z0-9]+", "-", kit).strip("-")
        clips.append(Clip(next(iter(labels_of[f])), kit_slug + "/" + name, f, f"{kit_slug}__{f.name}"))
    return clips


def build_drums(x):
    clips = drum_clips(x)
    return clips, lambda cl, seed, ds: split_per_class(cl, seed, ds)


def build_drums_bykit(x):
    clips = drum_clips(x)
    for c in clips:
        c.group = c.group.split("/")[0]
    return clips, split_by_global_group


# ---------------------------------------------------------------------------------------------
# voices: hedgewars-data's voice packs (Data/Sounds/voices/<pack>/<Phrase>.ogg), each recorded by
# one voice actor; label = voice pack (who speaks). Eight English packs are used; Classic is left
# out (a third of its files are byte-identical to Default's: the same voice), and so are the
# translated packs (Default_uk, Default_ru, Default_pl, Default_es, Russian, Russian_pl). Group = the phrase without its take number (Ow1..Ow4 are one group).
VOICE_PACKS = ["British", "Default", "HillBilly", "Mobster", "Pirate", "Robot", "Singer", "Surfer"]


def build_voices(x):
    base = x / "hedgewars-data/usr/share/games/hedgewars/Data/Sounds/voices"
    clips = []
    for pack in VOICE_PACKS:
        files = sorted((base / pack).glob("*.ogg"))
        if not files:
            raise SystemExit(f"voices: no clips in {base / pack}")
        for f in files:
            if readable(f) is None:
                print(f"voices: skipping unreadable {f}", file=sys.stderr)
                continue
            phrase = re.sub(r"\d+$", "", f.stem).lower()
            clips.append(Clip(pack.lower(), phrase, f))
    return clips, split_per_class


# ---------------------------------------------------------------------------------------------
# music: long, unevenly sized clips. Label = the game whose soundtrack the track belongs to
# (supertux-data: music/*/, wesnoth-1.16-music: data/core/music/, hedgewars-data: Data/Music/).
# Tracks longer than MUSIC_MAX_SECONDS are cut to their first MUSIC_MAX_SECONDS (re-encoded as Ogg
# Vorbis) to keep a run to minutes on 2 cores (the current CLI embeds every 1 s window with every
# backbone it cross-validates); shorter ones (jingles of a few seconds) are used as shipped.
# AUDIOML_MUSIC_MAX_SECONDS changes the cap (the dataset is rebuilt).
# Group = the track name without a numeric/variant suffix (forest, forest2, forest3; defeat, defeat2).
MUSIC_MAX_SECONDS = float(os.environ.get("AUDIOML_MUSIC_MAX_SECONDS", "45"))
MUSIC_SOURCES = {
    "supertux": ("supertux-data", "usr/share/games/supertux2/music", "**/*.ogg"),
    "wesnoth": ("wesnoth-1.16-music", "usr/share/games/wesnoth/1.16/data/core/music", "*.ogg"),
    "hedgewars": ("hedgewars-data", "usr/share/games/hedgewars/Data/Music", "*.ogg"),
}


def build_music(x, work):
    clips = []
    cut_dir = work / f"music-cut-{MUSIC_MAX_SECONDS:g}s"
    cut_dir.mkdir(parents=True, exist_ok=True)
    for label, (pkg, sub, pattern) in MUSIC_SOURCES.items():
        files = sorted((x / pkg / sub).glob(pattern))
        if not files:
            raise SystemExit(f"music: no tracks in {x / pkg / sub}")
        for f in files:
            dur = readable(f)
            if dur is None:
                print(f"music: skipping unreadable {f}", file=sys.stderr)
                continue
            if dur < 1.0:
                continue  # silence.ogg and the like
            rel = f.relative_to(x / pkg / sub)
            name = label + "__" + "_".join(rel.parts)
            src = f
            if dur > MUSIC_MAX_SECONDS:
                src = cut_dir / name
                if not src.exists() or readable(src) is None:
                    data, sr = sf.read(str(f), frames=int(MUSIC_MAX_SECONDS * sf.info(str(f)).samplerate),
                                       dtype="float32", always_2d=True)
                    tmp = src.with_suffix(f".part{os.getpid()}.ogg")
                    # In blocks: libsndfile's Vorbis encoder crashes on one very large write.
                    with sf.SoundFile(str(tmp), "w", sr, data.shape[1], format="OGG", subtype="VORBIS") as out:
                        for i in range(0, len(data), 32768):
                            out.write(data[i:i + 32768])
                    tmp.rename(src)
            group = re.sub(r"([-_]?(\d+|old|remix|sd|map))+$", "", f.stem.lower())
            clips.append(Clip(label, group, src, name))
    return clips, split_per_class


# ---------------------------------------------------------------------------------------------
# instruments: six General MIDI programs of fluid-soundfont-gm (FluidR3_GM.sf2, whose samples are
# recordings of real instruments) rendered by fluidsynth as 2 s clips: the note held 1 s, then its
# release and reverb. Pitches every 3 semitones over each instrument's usual range, velocities
# 40, 80 and 120. Label = the instrument; group = the note (its three velocities stay together).
INSTRUMENTS = {  # label: (GM program, lowest MIDI note, highest MIDI note)
    "piano": (0, 36, 96),
    "guitar": (24, 40, 84),
    "violin": (40, 55, 91),
    "trumpet": (56, 55, 84),
    "clarinet": (71, 50, 91),
    "flute": (73, 60, 96),
}
VELOCITIES = (40, 80, 120)
NOTE_SECONDS, CLIP_SECONDS, SLOT_SECONDS = 1.0, 2.0, 4.0
RENDER_RATE = 22050


def midi_file(program, notes):
    """A one-track SMF: program change, then each (pitch, velocity) at SLOT_SECONDS intervals."""
    tpq = 480  # ticks per quarter; tempo 1 s per quarter, so 480 ticks = 1 s

    def vlq(n):
        out = [n & 0x7F]
        n >>= 7
        while n:
            out.append(0x80 | (n & 0x7F))
            n >>= 7
        return bytes(reversed(out))

    ev = bytearray()
    ev += vlq(0) + bytes([0xFF, 0x51, 0x03]) + (1_000_000).to_bytes(3, "big")
    ev += vlq(0) + bytes([0xC0, program])
    for i, (pitch, vel) in enumerate(notes):
        gap = 0 if i == 0 else int((SLOT_SECONDS - NOTE_SECONDS) * tpq)
        ev += vlq(gap) + bytes([0x90, pitch, vel])
        ev += vlq(int(NOTE_SECONDS * tpq)) + bytes([0x80, pitch, 0])
    ev += vlq(int((SLOT_SECONDS - NOTE_SECONDS) * tpq)) + bytes([0xFF, 0x2F, 0x00])
    return (b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq) + b"MTrk" + struct.pack(">I", len(ev)) + bytes(ev))


def build_instruments(x, work, fluidsynth):
    sf2 = x / "fluid-soundfont-gm/usr/share/sounds/sf2/FluidR3_GM.sf2"
    if not sf2.exists():
        raise SystemExit(f"instruments: {sf2} missing from the extracted package")
    out_dir = work / "instruments-render"
    out_dir.mkdir(parents=True, exist_ok=True)
    clips = []
    for label, (program, lo, hi) in INSTRUMENTS.items():
        notes = [(p, v) for p in range(lo, hi + 1, 3) for v in VELOCITIES]
        names = [f"{label}_n{p:03d}_v{v:03d}.wav" for p, v in notes]
        if not all((out_dir / n).exists() for n in names):
            mid = out_dir / f"{label}.mid"
            mid.write_bytes(midi_file(program, notes))
            long_wav = out_dir / f"{label}.long.wav"
            cmd = fluidsynth + ["-ni", "-q", "-g", "0.5", "-r", str(RENDER_RATE), "-F", str(long_wav),
                                "-T", "wav", "-O", "s16", str(sf2), str(mid)]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0 or not long_wav.exists():
                raise SystemExit(f"instruments: fluidsynth failed ({r.returncode}): {r.stderr.strip()[:500]}")
            audio, sr = sf.read(str(long_wav), dtype="int16", always_2d=True)
            slot, clip = int(SLOT_SECONDS * sr), int(CLIP_SECONDS * sr)
            for i, n in enumerate(names):
                seg = audio[i * slot: i * slot + clip]
                if len(seg) < clip or np.abs(seg).max() < 30:
                    raise SystemExit(f"instruments: note {n} rendered silent or short")
                sf.write(str(out_dir / n), seg, sr, subtype="PCM_16")
            long_wav.unlink()
        for (p, v), n in zip(notes, names):
            clips.append(Clip(label, f"{label}/{p}", out_dir / n))
    return clips, split_per_class


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--fluidsynth", nargs="+", default=["fluidsynth"])
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    root = args.cache
    x = root / "x"
    work = root / "work"
    builders = {
        "drums": lambda: build_drums(x),
        "drums-bykit": lambda: build_drums_bykit(x),
        "instruments": lambda: build_instruments(x, work, args.fluidsynth),
        "voices": lambda: build_voices(x),
        "music": lambda: build_music(x, work),
    }
    failed = []
    for name, build in builders.items():
        if args.only and name not in args.only:
            continue
        done = root / name / ".complete"
        if done.exists() and done.read_text().strip() == stamp(name, args.seed):
            print((root / name / "SUMMARY").read_text(), end="")
            continue
        try:
            clips, splitter = build()
            clips = deduplicate(clips, name)
            split = splitter(clips, args.seed, name)
            print(materialise(root, name, clips, split, args.seed), end="")
        except SystemExit as e:
            print(f"== {name}: FAILED: {e}", file=sys.stderr)
            failed.append(name)
    if failed:
        print(f"datasets not built: {' '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
