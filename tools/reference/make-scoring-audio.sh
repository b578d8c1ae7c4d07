#!/usr/bin/env bash
# Makes the small test recordings that the file-scoring parity goldens are computed on (espeak-ng speech over sox
# noise, 16 kHz mono 16-bit; every sox call has -R, so noise and dither repeat exactly), then scores them with the
# Python reference (score_reference.py) into golden JSON.
# The WAVs are committed with the goldens: CI compares `audioml classify` to the goldens without espeak-ng or Python.
# Usage: tools/reference/make-scoring-audio.sh [out_dir]   (needs espeak-ng, sox, /work/venv or $PYTHON with
# onnxruntime, numpy, soundfile, and the models in the cache: ./audioml models --fetch silero-vad,hey_jarvis)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out=${1:-$root/audioml-cli/src/test/resources/golden/scoring}
python=${PYTHON:-/work/venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
rate=16000

speech() { # speech <name> <voice> <wpm> <text>: trimmed speech, 16 kHz
  espeak-ng -v "$2" -s "$3" -w "$tmp/$1-raw.wav" "$4"
  sox -R "$tmp/$1-raw.wav" -r $rate -c 1 -b 16 "$tmp/$1.wav" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse vol 0.5
}
# place <out> <length_samples> <noise_vol> <clip>@<start_s> ...: clips over pink noise, exact length
place() {
  local dst=$1 samples=$2 vol=$3; shift 3
  sox -R -n -r $rate -c 1 -b 16 "$tmp/bg.wav" synth "${samples}s" pinknoise vol "$vol"
  local inputs=(-v 1 "$tmp/bg.wav")
  for spec in "$@"; do
    local clip=${spec%@*} at=${spec#*@}
    sox -R -V1 "$tmp/$clip.wav" "$tmp/$clip-at.wav" pad "$at" 0 pad 0 60 trim 0 "${samples}s"
    inputs+=(-v 1 "$tmp/$clip-at.wav")
  done
  sox -R -m "${inputs[@]}" -r $rate -c 1 -b 16 "$dst" trim 0 "${samples}s"
}

speech hj_gb en-gb-x-rp 150 "hey jarvis"
speech hj_m3 en-us+m3 175 "hey jarvis"
speech kitchen en-us 160 "turn on the kitchen lights"
speech weather en+f3 150 "what is the weather like today"
speech thanks en-us 150 "thank you. that is all for now"

# a length that is an exact multiple of 1280: predict_clip's range(0, len - step, step) then skips the last chunk
place "$out/jarvis-exact-hops.wav" 40960 0.01 hj_gb@0.3
# hey jarvis at the very start and an odd length (partial last hop)
place "$out/jarvis-at-start.wav" 37123 0.02 hj_m3@0.0
# no wake word; two sentences with a pause (Silero segments)
place "$out/distractors.wav" 88001 0.015 kitchen@0.5 weather@3.2
# wake word then speech ending at the file's end (open segment at end of audio for Silero)
place "$out/jarvis-then-speech.wav" 70000 0.01 hj_gb@0.4 thanks@2.3
cp "$root/audioml-cli/src/main/resources/dev/audioml/cli/demo.wav" "$tmp/demo.wav"
for f in "$out"/*.wav; do soxi -s "$f" | xargs echo "$(basename "$f") samples:"; done
"$python" "$root/tools/reference/score_reference.py" "$out" "$tmp/demo.wav" "$out"/*.wav
