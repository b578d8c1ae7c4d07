#!/usr/bin/env bash
# Writes N short recordings of mixed formats into DIR (sox: pink noise with tone bursts and, every 5th file, an
# espeak-ng sentence), plus two broken files. Usage: make-corpus.sh DIR [N]
set -euo pipefail
dir="$1"; n="${2:-500}"
mkdir -p "$dir"
formats=(wav wav wav flac wav ogg wav mp3 wav flac)
rates=(16000 22050 44100 48000 8000)
for ((i = 0; i < n; i++)); do
  ext="${formats[$((i % ${#formats[@]}))]}"
  rate="${rates[$((i % ${#rates[@]}))]}"
  out="$dir/rec-$(printf %04d "$i").$ext"
  [ -f "$out" ] && continue
  secs=$(( 1 + i % 3 ))
  if (( i % 5 == 0 )) && command -v espeak-ng >/dev/null; then
    espeak-ng -w "$dir/.speech.wav" "recording number $i of the archive, station check" 2>/dev/null
    sox -q "$dir/.speech.wav" -r "$rate" "$out" pad 0.3 0.3
  else
    sox -q -n -r "$rate" "$out" synth "$secs" pinknoise vol 0.05 : synth 0.4 sine $(( 200 + (i * 37) % 3000 )) vol 0.3 pad 0.2 0.2
  fi
done
rm -f "$dir/.speech.wav"
printf 'RIFF\x24\x00\x00\x00WAVEfmt ' > "$dir/broken-header.wav"
head -c 3000 /dev/urandom > "$dir/not-audio.mp3"
