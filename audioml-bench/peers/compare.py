#!/usr/bin/python3
"""Reads the results of compare.sh (JMH JSON of the AudioML suite, torchaudio and FFTW JSON lines) and prints the
side-by-side tables as Markdown: ratios first (one run, one machine), then the issue's targets, met or not.
Every tool reports its best measurement slice (JMH: the fastest iteration; the peers: the fastest of their time
slices), because on a shared machine other load only ever adds time.
    /usr/bin/python3 audioml-bench/peers/compare.py RESULTS_DIR
"""
import json
import os
import sys

CLIP_SECONDS = 10
# name: (sr, n_fft, hop, kaldi) as in FeatureConfig.java
CONFIGS = {
    "LOGMEL_16K_512_160_64": (16000, 512, 160, False),
    "MEL_16K_512_160_64": (16000, 512, 160, False),
    "STFT_16K_512_160": (16000, 512, 160, False),
    "MFCC_16K_512_160_64": (16000, 512, 160, False),
    "FBANK_16K_400_160_80": (16000, 400, 160, True),
    "LOGMEL_22K_2048_512_128": (22050, 2048, 512, False),
    "LOGMEL_22K_1024_128_224": (22050, 1024, 128, False),
}


def frames(config):
    sr, n_fft, hop, kaldi = CONFIGS[config]
    n = CLIP_SECONDS * sr
    return 1 + (n - n_fft) // hop if kaldi else 1 + n // hop  # snip_edges vs librosa center=True


def lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip().startswith("{")]


def jmh(path):
    """(short benchmark name, frozen params) -> (score, unit, alloc B/op, percentiles)."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for r in json.load(f):
            name = ".".join(r["benchmark"].split(".")[-2:])
            params = tuple(sorted((r.get("params") or {}).items()))
            pm = r["primaryMetric"]
            score = pm["score"]
            if r.get("mode") == "avgt" and pm.get("rawData"):
                # best measurement iteration: other load on a shared machine only ever adds time
                score = min(x for fork in pm["rawData"] for x in fork)
            alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            out[(name, params)] = (score, pm["scoreUnit"], alloc, pm.get("scorePercentiles", {}))
    return out


def get(results, name, **params):
    key = (name, tuple(sorted((k, str(v)) for k, v in params.items())))
    return results.get(key)


def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.1f}x"


def fmt(v, digits=2):
    return "n/a" if v is None else f"{v:.{digits}f}"


def resampling_table(j, soxr_lines, targets):
    """librosa.load's resampling: AudioML's Resampler (soxr_hq port) vs python-soxr, ms per 10 s clip, one thread."""
    sx = {r["rates"]: r for r in soxr_lines}
    print("\n### Resampling (librosa.load's soxr_hq): ms per 10 s clip, one thread "
          "(ratio = python-soxr time / AudioML time, higher is better)\n")
    print(f"Peer: {next(iter(sx.values()))['peer'] if sx else 'python-soxr (not run)'}.\n")
    print("| conversion | AudioML ms | B/op | python-soxr ms | ratio |")
    print("|---|---|---|---|---|")
    worst = None
    for rates in ("44100_22050", "44100_16000", "48000_16000", "22050_22500"):
        a = get(j, "SoxrResamplerBenchmark.resampleClip", rates=rates)
        p = sx.get(rates, {}).get("ms_per_clip")
        a_ms = a[0] if a else None
        r = "n/a" if not a_ms or not p else f"{p / a_ms:.2f}x"
        print(f"| {rates.replace('_', ' -> ')} Hz | {fmt(a_ms)} | {fmt(a[2] if a else None, 0)} | {fmt(p)} | {r} |")
        if a_ms and p:
            worst = min(worst if worst is not None else 1e9, p / a_ms)
    targets.append(("resampling throughput >= python-soxr (4 conversions)", worst is not None and worst >= 1,
                    f"worst {fmt(worst, 2)}x"))


def main():
    d = sys.argv[1]
    j = jmh(os.path.join(d, "jmh.json"))
    ta = {r["config"]: r for r in lines(os.path.join(d, "torchaudio.jsonl"))}
    fftw = {r["n"]: r for r in lines(os.path.join(d, "fftw.jsonl"))}
    targets = []

    print("### Features: AudioML vs torchaudio (one thread; ratio = torchaudio time / AudioML time, higher is better)\n")
    peer = next(iter(ta.values()))["peer"] if ta else "torchaudio (not run)"
    print(f"Peer: {peer}.\n")
    print("| configuration | AudioML stream us/hop | B/op | torchaudio stream us/hop | ratio | "
          "AudioML clip us/frame | B/frame | torchaudio clip us/frame | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    js = jmh(os.path.join(d, "jmh-scalar.json"))
    rows = [(c, c, j) for c in CONFIGS]
    rows.insert(1, ("LOGMEL_16K_512_160_64", "LOGMEL_16K_512_160_64, scalar kernels", js))
    for c, label, res in rows:
        s = get(res, "StreamingFeaturesBenchmark.featuresPerHop", config=c)
        b = get(res, "BatchFeaturesBenchmark.featuresPerClip", config=c)
        if res is js and not s and not b:
            continue
        t = ta.get(c, {})
        s_us = s[0] if s else None
        b_us = b[0] / frames(c) if b else None
        b_alloc = b[2] / frames(c) if b and b[2] is not None else None
        ts, tb = t.get("stream_us_per_hop"), t.get("batch_us_per_frame")
        print(f"| {label} | {fmt(s_us)} | {fmt(s[2] if s else None, 0)} | {fmt(ts)} | {ratio(ts, s_us)} | "
              f"{fmt(b_us)} | {fmt(b_alloc, 0)} | {fmt(tb)} | {ratio(tb, b_us)} |")
        if c == "LOGMEL_16K_512_160_64" and res is j:
            targets.append(("streaming log-mel 512/160/64 <= 1.5 us per hop", s_us is not None and s_us <= 1.5,
                            f"{fmt(s_us)} us"))
            targets.append(("streaming log-mel 0 B/op", s is not None and s[2] is not None and s[2] < 1,
                            f"{fmt(s[2] if s else None, 1)} B/op"))
            targets.append((">= 80x torchaudio frame-by-frame streaming",
                            s_us is not None and ts is not None and ts / s_us >= 80, ratio(ts, s_us)))
            targets.append(("whole clip >= 2.5x torchaudio batch per frame",
                            b_us is not None and tb is not None and tb / b_us >= 2.5, ratio(tb, b_us)))

    print("\n### FFT: real forward transform, ns per transform (ratio = time / FFTW time, lower is better)\n")
    print(f"Peer: {next(iter(fftw.values()))['peer'] if fftw else 'FFTW (not run: libfftw3-dev missing)'}, "
          "FFTW_MEASURE, double, out of place. AudioML's FFT is `RealFft` (a port of numpy's pocketfft); "
          "JTransforms is the Java library it replaced on the feature path; `Spectrum` = AudioML's per-frame FFT + power; "
          "RealFft on the SIMD kernels (jdk.incubator.vector) and on the scalar ones, in the same JVM.\n")
    print("| n | AudioML RealFft SIMD | RealFft scalar | JTransforms realForward | AudioML Spectrum (FFT + power) | "
          "FFTW r2c | RealFft SIMD / FFTW | scalar / FFTW | JTransforms / FFTW |")
    print("|---|---|---|---|---|---|---|---|---|")
    worst = None
    for n in (256, 400, 512, 1024, 2048, 4096):
        rf = get(j, "FftBenchmark.audiomlRealFft", fftSize=n)
        rs = get(j, "FftBenchmark.audiomlRealFftScalar", fftSize=n)
        jt = get(j, "FftBenchmark.jtransformsRealForward", fftSize=n)
        sp = get(j, "FftBenchmark.audiomlSpectrum", fftSize=n)
        f = fftw.get(n, {}).get("ns_per_fft")
        rf_ns, jt_ns, sp_ns = (rf[0] if rf else None), (jt[0] if jt else None), (sp[0] if sp else None)
        rs_ns = rs[0] if rs else None
        print(f"| {n} | {fmt(rf_ns, 0)} | {fmt(rs_ns, 0)} | {fmt(jt_ns, 0)} | {fmt(sp_ns, 0)} | {fmt(f, 0)} | "
              f"{ratio(rf_ns, f)} | {ratio(rs_ns, f)} | {ratio(jt_ns, f)} |")
        if n != 400 and rf_ns is not None and f:
            worst = max(worst or 0, rf_ns / f)
    targets.append(("FFT within 2x of FFTW for n = 256..4096 (AudioML's RealFft, SIMD kernels)",
                    worst is not None and worst <= 2, f"worst {fmt(worst, 1)}x"))

    resampling_table(j, lines(os.path.join(d, "soxr.jsonl")), targets)

    print("\n### ONNX: AudioML against a bare ONNX Runtime run of the same model\n")
    print("| case | AudioML us/op | bare ORT us/op | overhead | AudioML B/op | real-time factor |")
    print("|---|---|---|---|---|---|")
    sa, sb = get(j, "SileroVadBenchmark.audiomlChunk"), get(j, "SileroVadBenchmark.bareOrtRun")
    sf = get(j, "SileroVadBenchmark.bareOrtRunFoldedSr")
    if sa:
        over = (sa[0] / sb[0] - 1) * 100 if sb else None
        rtf = 32000 / sa[0]
        print(f"| Silero VAD v5, 32 ms chunk | {fmt(sa[0], 1)} | {fmt(sb[0] if sb else None, 1)} | {fmt(over, 1)} % | "
              f"{fmt(sa[2], 0)} | {rtf:.0f}x |")
        if sf:
            print(f"| Silero VAD v5, bare ORT on the sr-folded model (what AudioML runs) | - | {fmt(sf[0], 1)} | "
                  f"{fmt((sa[0] / sf[0] - 1) * 100, 1)} % | - | - |")
        targets.append(("Silero VAD RTF >= 200x", rtf >= 200, f"{rtf:.0f}x"))
    ow = get(j, "WakeWordBenchmark.chainPerHop")
    parts = [get(j, "WakeWordBenchmark." + m) for m in ("bareMelspectrogram", "bareEmbedding", "bareHead")]
    if ow:
        rtf = 80000 / ow[0]
        floor = sum(x[0] for x in parts) if all(parts) else None
        over = (ow[0] / floor - 1) * 100 if floor else None
        print(f"| openWakeWord mel+embedding+hey_jarvis, 80 ms hop (bare = sum of the three models alone) | "
              f"{fmt(ow[0], 1)} | {fmt(floor, 1)} | {fmt(over, 1)} % | {fmt(ow[2], 0)} | {rtf:.0f}x |")
        if floor:
            print(f"| openWakeWord: melspectrogram / embedding / head alone | - | {fmt(parts[0][0], 1)} / "
                  f"{fmt(parts[1][0], 1)} / {fmt(parts[2][0], 1)} | - | - | - |")
        targets.append(("openWakeWord chain RTF >= 40x", rtf >= 40, f"{rtf:.0f}x"))
    worst_over = None
    for batch in (1, 8, 32):
        for threads in (1, 2):
            a = get(j, "OnnxClassifierBenchmark.audiomlClassifier", batch=batch, intraOpThreads=threads, spinning="true")
            b = get(j, "OnnxClassifierBenchmark.bareOrtRun", batch=batch, intraOpThreads=threads, spinning="true")
            if not a:
                continue
            over = (a[0] / b[0] - 1) * 100 if b else None
            if batch == 1 and over is not None:
                worst_over = max(worst_over if worst_over is not None else -1e9, over)
            print(f"| MLP classifier [101x64], batch {batch}, {threads} intra-op thread(s) (per window) | "
                  f"{fmt(a[0] / batch, 1)} | {fmt(b[0] / batch if b else None, 1)} | {fmt(over, 1)} % | "
                  f"{fmt(a[2], 0)} | - |")
    if sa and sb:
        silero_over = (sa[0] / sb[0] - 1) * 100
        worst_over = silero_over if worst_over is None else max(worst_over, silero_over)
    targets.append(("pipeline overhead <= 5 % over bare ONNX Runtime (per hop, batch 1)",
                    worst_over is not None and worst_over <= 5, f"worst {fmt(worst_over, 1)} %"))

    e = get(j, "EndToEndBenchmark.windowToSink")
    if e:
        p = e[3]
        print("\n### End to end: window -> log-mel -> MLP classifier -> sink (1 s window, 100 ms hop, 16 kHz)\n")
        print("| p50 us | p99 us | p99.9 us | B/op |")
        print("|---|---|---|---|")
        print(f"| {fmt(p.get('50.0'), 0)} | {fmt(p.get('99.0'), 0)} | {fmt(p.get('99.9'), 0)} | {fmt(e[2], 0)} |")

    print("\n### Targets (issue 18 for features and FFT, issue 7 for the rest)\n")
    print("| target | measured | met |")
    print("|---|---|---|")
    for name, ok, measured in targets:
        print(f"| {name} | {measured} | {'yes' if ok else 'no'} |")


if __name__ == "__main__":
    main()
