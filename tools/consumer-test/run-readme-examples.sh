#!/usr/bin/env bash
# Runs the README's examples as a user's app: on the classpath Maven resolved from audioml-bom + audioml-onnx +
# audioml-capture only, on speech made here with espeak-ng (22.05 kHz, so the pipeline resamples it), with the
# pretrained model named by its preset name. Fails unless each prints the speech it should find.
# Usage: run-readme-examples.sh CLASSPATH WORKDIR
set -euo pipefail
cp=$1 work=$2
mkdir -p "$work"
speech="$work/speech.wav"
espeak-ng -v en-us -s 150 -w "$work/raw.wav" "the quick brown fox jumps over the lazy dog"
sox "$work/raw.wav" -r 22050 -c 1 -b 16 "$speech" pad 1.0 1.0      # 1 s of silence either side
java_cmd=java
[ -n "${JAVA_HOME:-}" ] && java_cmd=$JAVA_HOME/bin/java

# README "Speech segments of any audio file": one line per segment, the speech starts at 1.0 s
"$java_cmd" -cp "$cp" Speech "$speech" > "$work/speech.out"
cat "$work/speech.out"
first=$(grep -m1 -E '^speech [0-9]+\.[0-9]+-[0-9]+\.[0-9]+ s$' "$work/speech.out" || true)
[ -n "$first" ] || { echo "consumer: Speech printed no speech segment" >&2; exit 1; }
start=$(echo "$first" | sed -E 's/^speech ([0-9.]+)-.*/\1/')
awk -v s="$start" 'BEGIN { exit !(s >= 0.75 && s <= 1.25) }' \
  || { echo "consumer: Speech's first segment starts at $start s, the speech at 1.0 s" >&2; exit 1; }

# README "Any ONNX model": a preset name resolved by audioml-onnx alone (ModelResolver.openModel("silero-vad"))
"$java_cmd" -cp "$cp" Classify silero-vad "$speech" > "$work/classify.out"
lines=$(grep -cE '^ +[0-9]+\.[0-9]+ s  ' "$work/classify.out" || true)
high=$(awk '$4 ~ /^[0-9.]+$/ && $4 + 0 >= 0.5 { n++ } END { print n + 0 }' "$work/classify.out")
echo "consumer: Classify silero-vad: $lines windows, $high with speech probability >= 0.5"
[ "$lines" -gt 100 ] && [ "$high" -gt 10 ] || { echo "consumer: Classify silero-vad found no speech" >&2; exit 1; }
echo "consumer: README examples OK"
