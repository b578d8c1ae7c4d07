#!/usr/bin/env bash
# Files per second of `audioml spark tag` on local[1] and local[2] (the scaling factor from 1 to 2 cores), alternating
# RUNS times so that both see the same machine load (printed before each job), then the equality check against
# `audioml classify` on the same files (compare.py reads the Parquet with pyarrow).
# Usage: audioml-spark/bench/run.sh [N_FILES] [MODEL]   (WORK=/tmp/audioml-spark-bench, RUNS=2, PYTHON=python3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-500}"; model="${2:-silero-vad}"
work="${WORK:-/tmp/audioml-spark-bench}"; runs="${RUNS:-2}"; python="${PYTHON:-python3}"
"$root/audioml-spark/bench/make-corpus.sh" "$work/corpus" "$n"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= runs; r++)); do
  for cores in 1 2; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    line="$("$root/audioml" spark tag --model "$model" --in "$work/corpus" --out "$work/l$cores.parquet" \
        --status-out "$work/l$cores-status.parquet" --master "local[$cores]" --partitions 8 --overwrite 2>&1 \
        | grep -E 'files in .* files/s' || true)"
    echo "run $r local[$cores] (load before: $load): ${line#audioml spark tag: }"
  done
done
if [ "${COMPARE:-1}" = 1 ]; then
  "$root/audioml" classify --model "$model" --format jsonl "$work"/corpus/* > "$work/classify.jsonl" 2>/dev/null || true
  "$python" "$root/audioml-spark/bench/compare.py" "$work/l2.parquet" "$work/classify.jsonl" "$work/l2-status.parquet"
fi
