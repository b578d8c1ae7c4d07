#!/usr/bin/env python3
"""Resampling throughput, AudioML against python-soxr, in one run: SoxrResamplerBenchmark (JMH, one thread; FFT
passes on SIMD vectors, then with -Daudioml.vector=false on scalars) and peers/python_soxr.py, alternating for
--rounds rounds so that machine load hits all three alike. Each side's figure is its fastest single clip (JMH
single-shot: 150 warm-up clips, then the fastest of 300; python-soxr: its fastest call), per 10 s clip of noise,
soxr_hq ("HQ"); on a shared machine other load only ever adds time, so the fastest is the least disturbed. Prints a Markdown
table with python-soxr's time / AudioML's time (above 1: AudioML faster) and the machine line.

    /work/venv/bin/python audioml-bench/peers/resample_compare.py --rounds 2
(builds audioml-bench/target/benchmarks.jar first if missing; BUILD=1 rebuilds it). --baseline-jar OLD.jar also times
another build of the suite (SIMD) in the same rounds, for a before/after in one machine state.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JAR = os.path.join(ROOT, "audioml-bench", "target", "benchmarks.jar")
# single-shot clips: JMH times each clip alone, as the peer times each soxr.resample call; the fastest counts
WARMUP_CLIPS = 150
TIMED_CLIPS = 300
LABELS = {"44100_22050": "44.1 → 22.05 kHz", "44100_16000": "44.1 → 16 kHz", "48000_16000": "48 → 16 kHz",
          "22050_22500": "22.05 → 22.5 kHz"}


def jmh(extra, tmp, jar=JAR):
    out = os.path.join(tmp, "jmh.json")
    java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    # ignoreLock: other JMH runs on a shared machine hold /tmp/jmh.lock; they only add load, which the fastest clip rides out
    subprocess.run([java, "-Djmh.ignoreLock=true", "-jar", jar, "SoxrResamplerBenchmark.resampleClip", "-f", "1", "-bm", "ss",
                    "-wi", str(WARMUP_CLIPS), "-i", str(TIMED_CLIPS), "-rf", "json", "-rff", out] + extra,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        return {r["params"]["rates"]: min(min(it) for it in r["primaryMetric"]["rawData"]) for r in json.load(f)}


def soxr_peer(seconds):
    p = subprocess.run([sys.executable, os.path.join(ROOT, "audioml-bench", "peers", "python_soxr.py"),
                        "--seconds", str(seconds)], check=True, capture_output=True, text=True)
    rows = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    return {r["rates"]: r["ms_per_clip"] for r in rows}, rows[0]["peer"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--peer-seconds", type=float, default=5)
    ap.add_argument("--baseline-jar", help="another benchmarks.jar (an earlier build) to time alongside, SIMD")
    a = ap.parse_args()
    if not os.path.exists(JAR) or os.environ.get("BUILD") == "1":
        subprocess.run([os.path.join(ROOT, "mvnw"), "-q", "-B", "-pl", "audioml-bench", "-am", "package",
                        "-DskipTests"], check=True, cwd=ROOT)
    best = {"vector": {}, "scalar": {}, "soxr": {}, "baseline": {}}
    peer = ""
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(a.rounds):
            runs = [("vector", [], JAR), ("scalar", ["-jvmArgsAppend", "-Daudioml.vector=false"], JAR)]
            if a.baseline_jar:
                runs.append(("baseline", [], a.baseline_jar))
            for name, extra, jar in runs:
                for k, v in jmh(extra, tmp, jar).items():
                    best[name][k] = min(best[name].get(k, float("inf")), v)
            got, peer = soxr_peer(a.peer_seconds)
            for k, v in got.items():
                best["soxr"][k] = min(best["soxr"].get(k, float("inf")), v)
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"{cpu}, {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[0:3]}; {java}; {peer}; "
          f"{a.rounds} rounds")
    print()
    print("| conversion (10 s clip, soxr_hq) | AudioML SIMD ms | AudioML scalar ms | python-soxr ms "
          "| soxr / AudioML SIMD | soxr / AudioML scalar |")
    print("|---|---|---|---|---|---|")
    for k, label in LABELS.items():
        v, s, p = best["vector"][k], best["scalar"][k], best["soxr"][k]
        print(f"| {label} | {v:.2f} | {s:.2f} | {p:.2f} | {p / v:.2f}× | {p / s:.2f}× |")
    if a.baseline_jar:
        print()
        print("| conversion | baseline SIMD ms | soxr / baseline SIMD | baseline / AudioML SIMD |")
        print("|---|---|---|---|")
        for k, label in LABELS.items():
            b, v, p = best["baseline"][k], best["vector"][k], best["soxr"][k]
            print(f"| {label} | {b:.2f} | {p / b:.2f}× | {b / v:.2f}× |")


if __name__ == "__main__":
    main()
