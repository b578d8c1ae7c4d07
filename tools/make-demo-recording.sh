#!/usr/bin/env bash
# Makes the recording that `audioml demo` analyses: espeak-ng speech, two "hey jarvis" phrases among other
# sentences, over soft pink noise; 16 kHz mono 16-bit WAV, 12 s. Deterministic (sox -R, fixed espeak voices).
# Usage: tools/make-demo-recording.sh [output.wav]
set -euo pipefail
out=${1:-audioml-cli/src/main/resources/dev/audioml/cli/demo.wav}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rate=16000
length_s=12

say() { # say <name> <start_s> <voice> <wpm> <text>
  espeak-ng -v "$3" -s "$4" -w "$tmp/$1-raw.wav" "$5"
  sox "$tmp/$1-raw.wav" -r $rate -c 1 -b 16 "$tmp/$1.wav" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse \
      pad "$2" 0 vol 0.5
  sox "$tmp/$1.wav" "$tmp/$1-len.wav" pad 0 $length_s trim 0 $length_s
  echo "$1: speech from $2 s to $(soxi -D "$tmp/$1.wav") s"
}

say a 0.8 en-us 150 "hey jarvis"
say b 2.6 en-us 165 "what is the weather like today"
say c 5.6 en+f3 150 "hey jarvis, turn on the kitchen lights"
say d 9.3 en-gb-x-rp 160 "thank you, that is all"
sox -R -n -r $rate -c 1 -b 16 "$tmp/noise.wav" synth $length_s pinknoise vol 0.015
# -v before each input: sox -m would otherwise scale every input by 1/5
sox -m -v 1 "$tmp/noise.wav" -v 1 "$tmp/a-len.wav" -v 1 "$tmp/b-len.wav" -v 1 "$tmp/c-len.wav" -v 1 "$tmp/d-len.wav" -r $rate -c 1 -b 16 "$out" \
    norm -3
soxi "$out"
