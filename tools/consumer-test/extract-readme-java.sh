#!/usr/bin/env bash
# Writes every ```java block of README.md to OUTDIR/<its public class>.java, so the consumer project compiles the
# README's examples exactly as a reader pastes them. A block without a public class (a fragment) is an error: the
# README's Java blocks are complete programs, imports included.
# Usage: extract-readme-java.sh README.md OUTDIR
set -euo pipefail
readme=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
awk -v out="$out" -v readme="$readme" '
  /^```java[[:space:]]*$/ { inblock = 1; n++; buf = ""; start = NR; next }
  inblock && /^```[[:space:]]*$/ {
    inblock = 0
    if (match(buf, /public (final )?class [A-Za-z_][A-Za-z0-9_]*/)) {
      name = substr(buf, RSTART, RLENGTH); sub(/.* /, "", name)
      if (name in seen) { printf "%s:%d: a second java block declares class %s\n", readme, start, name > "/dev/stderr"; bad = 1; next }
      seen[name] = 1
      file = out "/" name ".java"; printf "%s", buf > file; close(file)
      printf "readme: %s:%d -> %s.java\n", readme, start, name
    } else {
      printf "%s:%d: this java block declares no public class; make it a complete program (imports and class) so it compiles as pasted\n", readme, start > "/dev/stderr"
      bad = 1
    }
    next
  }
  inblock { buf = buf $0 "\n" }
  END {
    if (inblock) { printf "%s:%d: java block not closed\n", readme, start > "/dev/stderr"; exit 1 }
    if (n == 0) { printf "%s: no ```java blocks found\n", readme > "/dev/stderr"; exit 1 }
    if (bad) exit 1
  }
' "$readme"
