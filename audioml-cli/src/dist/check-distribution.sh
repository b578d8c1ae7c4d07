#!/usr/bin/env bash
# Run by ./mvnw verify (audioml-cli, integration-test phase): unpacks the CLI distribution as a user would and runs
# its bin/audioml through a symlink, outside the build's classpath. Usage: check-distribution.sh ARCHIVE.tar.gz WORKDIR
set -euo pipefail
archive=$1 work=$2
rm -rf "$work" && mkdir -p "$work" && work=$(cd "$work" && pwd)
tar -xzf "$archive" -C "$work"
home=$(echo "$work"/audioml-*)
for f in bin/audioml bin/audioml.cmd LICENSE NOTICE README.md licenses/LGPL-2.1.txt; do
  [ -e "$home/$f" ] || { echo "check-distribution: $archive lacks $f" >&2; exit 1; }
done
[ -x "$home/bin/audioml" ] || { echo "check-distribution: bin/audioml is not executable" >&2; exit 1; }
ln -s "$home/bin/audioml" "$work/audioml-link"
version=$(cd / && "$work/audioml-link" --version)
case $version in "audioml "[0-9]*) ;; *) echo "check-distribution: --version printed '$version'" >&2; exit 1 ;; esac
wav="$work/tone.wav"
sox -n -r 16000 -c 1 -b 16 "$wav" synth 0.5 sine 440
info=$("$work/audioml-link" info "$wav")
case $info in *"16000 Hz, 1 ch, 8000 frames"*) ;; *) echo "check-distribution: info printed '$info'" >&2; exit 1 ;; esac
set +e; "$work/audioml-link" info "$work/missing.wav" 2>/dev/null; rc=$?; set -e
[ "$rc" = 1 ] || { echo "check-distribution: info on a missing file exited $rc, expected 1" >&2; exit 1; }
echo "check-distribution: $(basename "$archive") OK ($version; $(ls "$home/lib" | wc -l) jars in lib/)"
