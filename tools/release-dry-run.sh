#!/usr/bin/env bash
# Checks the release profile end to end without network and without uploading (run by .ci/run after verify):
# copies the committed tree to a scratch folder, gives it a release version (Central takes no snapshots into a
# bundle), signs with a throwaway GnuPG key, runs `deploy -Prelease -DdryRun` offline, and checks the Central bundle:
# every published module has its pom, jar, sources and javadoc jars, each with a signature and checksums.
# Usage: tools/release-dry-run.sh [SCRATCH_DIR]   (default: target/release-dry-run)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=${1:-$root/target/release-dry-run}
rm -rf "$scratch" && mkdir -p "$scratch/src"
git -C "$root" archive HEAD | tar -x -C "$scratch/src"
cd "$scratch/src"
snapshot=$(sed -n 's|^  <version>\(.*-SNAPSHOT\)</version>$|\1|p' pom.xml | head -1)
[ -n "$snapshot" ] || { echo "release-dry-run: no -SNAPSHOT version in pom.xml" >&2; exit 1; }
version=${snapshot%-SNAPSHOT}
find . -name pom.xml -not -path '*/tools/*' -exec sed -i "s|<version>$snapshot</version>|<version>$version</version>|" {} +

export GNUPGHOME="$scratch/gnupg"
mkdir -p "$GNUPGHOME" && chmod 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'AudioML release dry run <dry-run@audioml.invalid>' ed25519 sign 1d

./mvnw -B -o -q -Prelease -DdryRun=true -DskipTests -Dmaven.install.skip=true \
  -pl .,audioml-bom,audioml-core,audioml-features,audioml-onnx,audioml-capture,audioml-train,audioml-sinks,audioml-cli \
  deploy
bundle=$(find . -path '*/target/central-publishing/central-bundle.zip' | head -1)
[ -n "$bundle" ] || { echo "release-dry-run: no central-bundle.zip was made" >&2; exit 1; }
unzip -Z1 "$bundle" > "$scratch/bundle.txt"
missing=0
need() { grep -qxF "$1" "$scratch/bundle.txt" || { echo "release-dry-run: bundle lacks $1" >&2; missing=1; }; }
for a in audioml-parent audioml-bom audioml-core audioml-features audioml-onnx audioml-capture audioml-train audioml-sinks audioml-cli; do
  files=("$a-$version.pom")
  case $a in audioml-parent|audioml-bom) ;; *) files+=("$a-$version.jar" "$a-$version-sources.jar" "$a-$version-javadoc.jar") ;; esac
  [ "$a" = audioml-cli ] && files+=("$a-$version-bin.tar.gz" "$a-$version-bin.zip")
  for f in "${files[@]}"; do
    for ext in "" .asc .md5 .sha1; do need "dev/audioml/$a/$version/$f$ext"; done
  done
done
if grep -qE 'audioml-(bench|example)' "$scratch/bundle.txt"; then
  echo "release-dry-run: the bundle holds unpublished modules:" >&2
  grep -E 'audioml-(bench|example)' "$scratch/bundle.txt" | head >&2; missing=1
fi
[ $missing = 0 ] || exit 1
# the signatures verify against the throwaway key
gpg --batch --quiet --verify <(unzip -p "$bundle" "dev/audioml/audioml-core/$version/audioml-core-$version.jar.asc") \
  <(unzip -p "$bundle" "dev/audioml/audioml-core/$version/audioml-core-$version.jar") 2>/dev/null \
  || { echo "release-dry-run: audioml-core's signature does not verify" >&2; exit 1; }
echo "release-dry-run: $version bundle OK: $(wc -l < "$scratch/bundle.txt") files, $(du -h "$bundle" | cut -f1) ($bundle)"
