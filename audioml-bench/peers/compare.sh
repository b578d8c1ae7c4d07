#!/bin/sh
# Runs AudioML's JMH suite (features, FFT, ONNX, end to end) and the peers (torchaudio, FFTW) on this machine in one
# go, and prints the ratio tables (Markdown). Results stay in audioml-bench/target/peers/.
#
#   audioml-bench/peers/compare.sh          # about 8 minutes
#   QUICK=1 audioml-bench/peers/compare.sh  # about 4 minutes, noisier
#
# Needs: JDK 17 (java on PATH or JAVA_HOME), /usr/bin/python3 with torchaudio (apt-get install python3-torchaudio),
# a python with soxr and numpy for the resampling peer (PYTHON_SOXR=/path/to/venv/bin/python; pip install soxr),
# optionally libfftw3-dev and cc for the FFTW reference. Machines are noisy: read the ratios, not the absolute numbers.
set -eu
cd "$(dirname "$0")/../.."
out=audioml-bench/target/peers
mkdir -p "$out"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=audioml-bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ "${BUILD:-0}" = 1 ]; then
    ./mvnw -q -B -pl audioml-bench -am package -DskipTests
fi
if [ "${QUICK:-0}" = 1 ]; then
    jmh_time="-wi 1 -i 3 -w 500ms -r 500ms"; peer_seconds=1.5
else
    # three warm-up seconds: the SIMD kernels (jdk.incubator.vector) run 100x slower until C2 has compiled them, which
    # took 2-3 s on the loaded 2-core machine
    jmh_time="-wi 3 -i 5 -w 1s -r 1s"; peer_seconds=5
fi
echo "== AudioML (JMH) ==" >&2
# shellcheck disable=SC2086
"$java" -jar "$jar" \
    'FftBenchmark.(audiomlRealFft|audiomlRealFftScalar|jtransformsRealForward|audiomlSpectrum)|StreamingFeaturesBenchmark.featuresPerHop|BatchFeaturesBenchmark.featuresPerClip|SileroVadBenchmark.(audiomlChunk|bareOrtRun.*)|WakeWordBenchmark.(chainPerHop|bare.*)|OnnxClassifierBenchmark.(audiomlClassifier|bareOrtRun)|EndToEndBenchmark.windowToSink|SoxrResamplerBenchmark.resampleClip' \
    -f 1 $jmh_time -prof gc -rf json -rff "$out/jmh.json" > "$out/jmh.txt"
# the features' forks run the SIMD kernels (jdk.incubator.vector); log-mel 512/160/64 once more on the scalar ones
# shellcheck disable=SC2086
"$java" -jar "$jar" 'StreamingFeaturesBenchmark.featuresPerHop|BatchFeaturesBenchmark.featuresPerClip' \
    -p config=LOGMEL_16K_512_160_64 -jvmArgsAppend -Daudioml.vector=false \
    -f 1 $jmh_time -prof gc -rf json -rff "$out/jmh-scalar.json" > "$out/jmh-scalar.txt"
echo "== torchaudio ==" >&2
if /usr/bin/python3 -c 'import torchaudio' 2>/dev/null; then
    /usr/bin/python3 audioml-bench/peers/torchaudio_features.py --seconds "$peer_seconds" > "$out/torchaudio.jsonl"
else
    echo "torchaudio not installed (apt-get install python3-torchaudio): skipped" >&2; : > "$out/torchaudio.jsonl"
fi
echo "== python-soxr ==" >&2
python_soxr=${PYTHON_SOXR:-/usr/bin/python3}
if "$python_soxr" -c 'import soxr, numpy' 2>/dev/null; then
    "$python_soxr" audioml-bench/peers/python_soxr.py --seconds "$peer_seconds" > "$out/soxr.jsonl"
else
    echo "python-soxr not importable by $python_soxr (set PYTHON_SOXR to a venv's python): skipped" >&2
    : > "$out/soxr.jsonl"
fi
echo "== FFTW ==" >&2
if [ -f /usr/include/fftw3.h ] && command -v cc > /dev/null; then
    cc -O2 -o "$out/fftw_r2c" audioml-bench/peers/fftw_r2c.c -lfftw3 -lm
    "$out/fftw_r2c" "$peer_seconds" > "$out/fftw.jsonl"
else
    echo "libfftw3-dev or cc missing: FFTW reference skipped" >&2; : > "$out/fftw.jsonl"
fi
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
    "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); JDK: $("$java" -version 2>&1 | head -1)"
echo
/usr/bin/python3 audioml-bench/peers/compare.py "$out"
