#!/usr/bin/env bash
# Checks what `./mvnw -Prelease deploy -DaltDeploymentRepository=dry-run::file:DIR` put into DIR, as Maven Central
# would before accepting it: every published module has its pom, jar, sources and javadoc jars (the CLI also its
# distribution archives), each with a GnuPG signature and md5/sha1 checksums that match; nothing unpublished is
# there; the signatures verify. Run by .ci/run. Usage: tools/check-release-repo.sh DIR
set -euo pipefail
repo=$1
fail=0
problem() { echo "check-release-repo: $*" >&2; fail=1; }
for a in audioml-parent audioml-bom audioml-core audioml-features audioml-onnx audioml-capture audioml-plot audioml-train audioml-sinks audioml-ffmpeg audioml-spark audioml-cli; do
  dir=$(ls -1d "$repo/dev/audioml/$a"/*/ 2>/dev/null | sort | tail -1 || true)
  dir=${dir%/}
  [ -n "$dir" ] || { problem "$a was not deployed"; continue; }
  kinds=(".pom")
  case $a in audioml-parent|audioml-bom) ;; *) kinds+=(".jar" "-sources.jar" "-javadoc.jar") ;; esac
  [ "$a" = audioml-cli ] && kinds+=("-bin.tar.gz" "-bin.zip")
  for k in "${kinds[@]}"; do
    f=$(ls -1 "$dir" | grep -E "^$a-[0-9][^/]*[0-9T]${k//./\\.}\$" | sort | tail -1 || true)
    [ -n "$f" ] || { problem "$a: no *$k in $dir"; continue; }
    for ext in .asc .md5 .sha1; do [ -f "$dir/$f$ext" ] || problem "$a: $f has no $ext"; done
    [ -f "$dir/$f.sha1" ] && [ "$(cut -c1-40 "$dir/$f.sha1")" != "$(sha1sum "$dir/$f" | cut -c1-40)" ] && problem "$f: sha1 differs"
    if [ -f "$dir/$f.asc" ] && ! gpg --batch --quiet --verify "$dir/$f.asc" "$dir/$f" 2>/dev/null; then
      problem "$f: the signature does not verify"
    fi
  done
done
unpublished=$(ls -1 "$repo/dev/audioml" | grep -E 'bench|example' || true)
[ -z "$unpublished" ] || problem "unpublished modules were deployed: $unpublished"
[ $fail = 0 ] || exit 1
echo "check-release-repo: $repo OK: $(find "$repo" -type f | wc -l) files, $(du -sh "$repo" | cut -f1)"
