#!/usr/bin/env bash
# Builds the accuracy benchmark's datasets of real recorded sound from Debian packages.
#
#   audioml-bench/accuracy/datasets.sh [--only NAME...]
#
# Packages are fetched with `apt-get download` and unpacked with `dpkg -x` into the cache (nothing
# is installed; no root needed), checked against the SHA256 that apt lists for them, and laid out as
#   $CACHE/<name>/train/<label>/*   $CACHE/<name>/test/<label>/*
# with CACHE=${AUDIOML_CACHE:-$HOME/.cache/audioml}/accuracy. Datasets (labels and splits are
# documented in build_datasets.py and README.md):
#   drums        hydrogen-drumkits: kick/snare/hihat/tom/cymbal of 8 acoustic kits (unbalanced)
#   drums-bykit  the same clips, whole kits held out for testing (harder: unseen kits)
#   instruments  fluid-soundfont-gm rendered by fluidsynth: 6 instruments as 2 s notes
#   voices       hedgewars-data: who speaks, 8 voice actors' phrase sets
#   music        supertux-data, wesnoth-1.16-music, hedgewars-data: soundtrack by game, tracks of
#                a few seconds to 45 s (long, unevenly sized clips; cap: AUDIOML_MUSIC_MAX_SECONDS)
# Idempotent: downloads, extractions and datasets that are already complete are reused. Writes
# $CACHE/MANIFEST (packages, versions, SHA256; dataset summaries). tuxpaint-stamps-* is never used:
# it is kept for independent evaluation.
#
# Needs: apt-get, dpkg, and a Python 3 with numpy and soundfile ($AUDIOML_PYTHON, else
# $AUDIOML_VENV/bin/python, else python3). Seed: $AUDIOML_SPLIT_SEED (default 42).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${AUDIOML_CACHE:-$HOME/.cache/audioml}/accuracy"
seed="${AUDIOML_SPLIT_SEED:-42}"
only=()
if [ "${1:-}" = "--only" ]; then shift; only=("$@"); fi

py="${AUDIOML_PYTHON:-}"
if [ -z "$py" ]; then
  if [ -n "${AUDIOML_VENV:-}" ] && [ -x "$AUDIOML_VENV/bin/python" ]; then py="$AUDIOML_VENV/bin/python"; else py=python3; fi
fi
if ! "$py" -c 'import numpy, soundfile' 2>/dev/null; then
  echo "datasets.sh: $py lacks numpy/soundfile; set AUDIOML_PYTHON or AUDIOML_VENV (run.sh creates one)" >&2
  exit 1
fi

# Packages with recordings (sound data), and the fluidsynth renderer with the libraries that a
# plain Debian machine may lack (unpacked, used through LD_LIBRARY_PATH; never installed).
declare -A pkgs_of=(
  [drums]="hydrogen-drumkits" [drums-bykit]="hydrogen-drumkits" [instruments]="fluid-soundfont-gm"
  [voices]="hedgewars-data" [music]="supertux-data wesnoth-1.16-music hedgewars-data")
names=("${only[@]}")
[ ${#names[@]} -gt 0 ] || names=(drums drums-bykit instruments voices music)
data_pkgs=()
for n in "${names[@]}"; do
  [ -n "${pkgs_of[$n]:-}" ] || { echo "datasets.sh: unknown dataset $n (known: ${!pkgs_of[*]})" >&2; exit 2; }
  for p in ${pkgs_of[$n]}; do [[ " ${data_pkgs[*]} " == *" $p "* ]] || data_pkgs+=("$p"); done
done
synth_pkgs=(fluidsynth libfluidsynth3 libinstpatch-1.0-2 libjack-jackd2-0 libsdl2-2.0-0 libsamplerate0
            libwayland-egl1 libwayland-cursor0 libdecor-0-0)

mkdir -p "$cache/debs" "$cache/x"
# One build at a time per cache (a second run waits, then reuses what the first built).
exec 9>"$cache/.lock"
if ! flock -n 9; then echo "datasets.sh: another build holds $cache/.lock; waiting" >&2; flock 9; fi

fetch() { # fetch PKG: download (once), verify, unpack into $cache/x/PKG (once)
  local pkg="$1" deb want have
  case "$pkg" in tuxpaint-stamps*) echo "datasets.sh: $pkg is reserved for independent evaluation" >&2; return 1;; esac
  deb="$(ls "$cache/debs/${pkg}"_*.deb 2>/dev/null | head -n1 || true)"
  if [ -z "$deb" ]; then
    (cd "$cache/debs" && apt-get download "$pkg" >/dev/null 2>"$cache/debs/$pkg.err") || {
      echo "datasets.sh: apt-get download $pkg failed: $(tail -n1 "$cache/debs/$pkg.err")" >&2; return 1; }
    rm -f "$cache/debs/$pkg.err"
    deb="$(ls "$cache/debs/${pkg}"_*.deb | head -n1)"
  fi
  local version; version="$(dpkg-deb -f "$deb" Version)"
  if [ ! -f "$cache/x/$pkg/.verified" ] || [ "$(cat "$cache/x/$pkg/.verified")" != "$version" ]; then
    want="$(apt-cache show "$pkg=$version" 2>/dev/null | awk '/^SHA256:/{print $2; exit}')"
    have="$(sha256sum "$deb" | cut -d' ' -f1)"
    if [ -n "$want" ] && [ "$want" != "$have" ]; then
      echo "datasets.sh: $deb: SHA256 $have differs from apt's $want; deleting it, run again" >&2
      rm -f "$deb"; return 1
    fi
    [ -n "$want" ] || echo "datasets.sh: warning: apt lists no SHA256 for $pkg=$version (apt-get update?)" >&2
    rm -rf "$cache/x/$pkg"; mkdir -p "$cache/x/$pkg"
    dpkg -x "$deb" "$cache/x/$pkg"
    # Verify the unpacked tree against the package's own md5sums.
    if dpkg-deb -I "$deb" md5sums >"$cache/x/$pkg.md5" 2>/dev/null; then
      (cd "$cache/x/$pkg" && md5sum --quiet -c "$cache/x/$pkg.md5") || {
        echo "datasets.sh: $pkg: unpacked files differ from the package's md5sums" >&2; return 1; }
    fi
    rm -f "$cache/x/$pkg.md5"
    echo "$version" >"$cache/x/$pkg/.verified"
  fi
  record "$pkg" "$version" "$(sha256sum "$deb" | cut -d' ' -f1)"
}

record() { # record PKG VERSION SHA256: the package list of every run so far, one line per package
  touch "$cache/packages.tsv"
  { grep -v "^$1	" "$cache/packages.tsv" || true; printf '%s\t%s\t%s\n' "$1" "$2" "$3"; } >"$cache/packages.tsv.new"
  mv "$cache/packages.tsv.new" "$cache/packages.tsv"
}

for p in "${data_pkgs[@]}"; do fetch "$p" || echo "datasets.sh: continuing without $p" >&2; done

# fluidsynth: the machine's own if present, else the unpacked one.
fluidsynth=(fluidsynth)
if [[ " ${names[*]} " != *" instruments "* ]]; then
  : # no rendering needed
elif command -v fluidsynth >/dev/null 2>&1; then
  record fluidsynth "$(dpkg-query -W -f='${Version}' fluidsynth 2>/dev/null ||
    fluidsynth --version 2>/dev/null | head -n1)" "(installed on this machine)"
else
  libdir="$cache/x/fluidsynth-libs"
  for p in "${synth_pkgs[@]}"; do fetch "$p" || true; done
  mkdir -p "$libdir"
  for p in "${synth_pkgs[@]}"; do
    [ -d "$cache/x/$p/usr/lib/x86_64-linux-gnu" ] && cp -a "$cache/x/$p/usr/lib/x86_64-linux-gnu/." "$libdir/" 2>/dev/null || true
    for d in "$cache/x/$p"/usr/lib/*-linux-gnu; do [ -d "$d" ] && cp -a "$d/." "$libdir/" 2>/dev/null || true; done
  done
  fluidsynth=(env "LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$cache/x/fluidsynth/usr/bin/fluidsynth")
  if missing="$("${fluidsynth[@]:0:2}" ldd "$cache/x/fluidsynth/usr/bin/fluidsynth" 2>&1 | grep 'not found')"; then
    echo "datasets.sh: the unpacked fluidsynth lacks libraries (apt-get install fluidsynth fixes it):" >&2
    echo "$missing" >&2
  fi
fi

status=0
"$py" "$here/build_datasets.py" --cache "$cache" --seed "$seed" --fluidsynth "${fluidsynth[@]}" \
  ${only[@]+--only "${only[@]}"} | tee "$cache/SUMMARY.tmp" || status=$?

{
  echo "# AudioML accuracy benchmark datasets, built by audioml-bench/accuracy/datasets.sh"
  echo "# split seed: $seed; cache: $cache"
  echo "# Debian packages (name, version, SHA256 of the .deb):"
  sort "$cache/packages.tsv"
  echo
  for d in drums drums-bykit instruments voices music; do
    [ -f "$cache/$d/SUMMARY" ] && cat "$cache/$d/SUMMARY"
  done
} >"$cache/MANIFEST"
rm -f "$cache/SUMMARY.tmp"
echo "manifest: $cache/MANIFEST"
exit "$status"
