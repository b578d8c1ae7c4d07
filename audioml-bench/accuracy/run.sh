#!/usr/bin/env bash
# Issue 12's accuracy benchmark in one command: AudioML's default `train` against the scikit-learn
# baseline on datasets of real recordings.
#
#   audioml-bench/accuracy/run.sh [DATASET...]      (default: every dataset datasets.sh builds)
#
# For each dataset DIR (with train/ and test/):
#   ./audioml train --data DIR --out OUT --seed 42       (default settings otherwise; DIR/train is trained on,
#                                                          DIR/test is its held-out test set)
#   ./audioml eval  --model OUT/model.onnx --data DIR --json   (evaluates DIR/test with the model's hop and gate)
#   python sklearn_baseline.py DIR
# then prints one table per dataset and a markdown table for README.md. Train seconds are wall
# clock: for AudioML the whole `train` command (JVM start, embedding with a fresh embedding cache,
# model selection, fit, export); for the baseline feature extraction plus fit. A dataset that
# fails prints its cause and the run goes on.
#
# Environment: AUDIOML_VENV (default .venv at the repository root; created with scikit-learn,
# librosa and soundfile when absent), AUDIOML_CACHE (datasets under $AUDIOML_CACHE/accuracy,
# default ~/.cache/audioml), AUDIOML_BENCH_OUT (results, default target/accuracy), SEED (42).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${AUDIOML_VENV:-$root/.venv}"
cache="${AUDIOML_CACHE:-$HOME/.cache/audioml}/accuracy"
out="${AUDIOML_BENCH_OUT:-$root/target/accuracy}"
seed="${SEED:-42}"
all=(drums drums-bykit instruments voices music)
datasets=("$@")
[ ${#datasets[@]} -gt 0 ] || datasets=("${all[@]}")

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sklearn, librosa, soundfile' 2>/dev/null; then
  echo "run.sh: creating the Python venv $venv (scikit-learn, librosa, soundfile)" >&2
  python3 -m venv "$venv" && "$venv/bin/pip" install -q scikit-learn librosa soundfile || {
    echo "run.sh: could not create $venv" >&2; exit 1; }
fi
export AUDIOML_VENV="$venv"

echo "== building datasets (audioml-bench/accuracy/datasets.sh)" >&2
"$here/datasets.sh" --only "${datasets[@]}" >&2 || echo "run.sh: some datasets were not built; see above" >&2

mkdir -p "$out"
for d in "${datasets[@]}"; do
  data="$cache/$d"
  res="$out/$d"
  rm -rf "$res"; mkdir -p "$res"
  if [ ! -f "$data/.complete" ]; then
    echo "$d: dataset missing ($data)" >"$res/error"; echo "run.sh: $(cat "$res/error")" >&2; continue
  fi
  echo "== $d: audioml train" >&2
  start=$(date +%s%N)
  if "$root/audioml" train --data "$data" --out "$res/model" --seed "$seed" --cache "$res/embeddings" \
       >"$res/train.log" 2>&1; then
    end=$(date +%s%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' >"$res/audioml_train_seconds"
    rm -rf "$res/embeddings"
    echo "== $d: audioml eval" >&2
    if ! "$root/audioml" eval --model "$res/model/model.onnx" --data "$data" --json >"$res/audioml_eval.json" \
         2>"$res/eval.log"; then
      echo "audioml eval failed: $(tail -n1 "$res/eval.log")" >"$res/audioml_error"
    fi
  else
    echo "audioml train failed: $(tail -n1 "$res/train.log")" >"$res/audioml_error"
  fi
  [ -f "$res/audioml_error" ] && echo "run.sh: $d: $(cat "$res/audioml_error")" >&2
  echo "== $d: sklearn baseline" >&2
  if ! "$venv/bin/python" "$here/sklearn_baseline.py" "$data" --json "$res/sklearn.json" 2>"$res/sklearn.log"; then
    echo "sklearn baseline failed: $(tail -n1 "$res/sklearn.log")" >"$res/sklearn_error"
    echo "run.sh: $d: $(cat "$res/sklearn_error")" >&2
  fi
done

"$venv/bin/python" "$here/report.py" "$out" "$cache" "${datasets[@]}" | tee "$out/RESULTS.md"
echo "results: $out (RESULTS.md, per-dataset logs, models and JSON)" >&2
