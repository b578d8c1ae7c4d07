"""Reference feature computations that follow librosa's formulas exactly, written with numpy/scipy (librosa itself
is not installable here). Each function names the librosa (or torchaudio) function it ports. Everything is computed
in float64; librosa computes in float32 by default (mel basis dtype=np.float32, complex64 STFT of float32 audio), which
differs by ~1e-7 relative, far inside the test tolerances.

Where torchaudio is used it is only as an independent cross-check (see make_goldens.py) or where torchaudio *is* the
reference (Kaldi fbank).
"""
import numpy as np
import scipy.fft
import scipy.signal


def get_window(name, n, fftbins=True):
    """librosa.filters.get_window -> scipy.signal.get_window(name, n, fftbins=True); 'povey' is Kaldi's window
    (symmetric Hann ** 0.85, torchaudio.compliance.kaldi._feature_window_function) which scipy lacks."""
    if name == "povey":
        return scipy.signal.get_window("hann", n, fftbins=False) ** 0.85
    if name == "rectangular":
        name = "boxcar"
    return scipy.signal.get_window(name, n, fftbins=fftbins)


def pad_center(w, size):
    """librosa.util.pad_center"""
    lpad = (size - len(w)) // 2
    return np.pad(w, (lpad, size - len(w) - lpad))


def frame(y, n, hop):
    """librosa.util.frame, time-major: [frames, n]"""
    count = 1 + (len(y) - n) // hop
    return np.stack([y[i * hop:i * hop + n] for i in range(count)])


def stft_mag(y, n_fft=2048, hop_length=None, win_length=None, window="hann", center=True, pad_mode="constant",
             power=1.0):
    """np.abs(librosa.stft(...)) ** power, transposed to [frames, bins] (librosa.core.spectrum.stft / _spectrogram).
    librosa >= 0.10 pads center frames with zeros by default; the padding of n_fft // 2 on both sides then framing is
    what stft computes (it only splits the work differently)."""
    win_length = win_length or n_fft
    hop_length = hop_length or win_length // 4
    w = pad_center(get_window(window, win_length, fftbins=True), n_fft)
    if center:
        y = np.pad(y, (n_fft // 2, n_fft // 2), mode=pad_mode)
    frames = frame(y, n_fft, hop_length)
    return np.abs(np.fft.rfft(frames * w, n=n_fft, axis=1)) ** power


def hz_to_mel(f, htk=False):
    """librosa.hz_to_mel"""
    f = np.asanyarray(f, dtype=float)
    if htk:
        return 2595.0 * np.log10(1.0 + f / 700.0)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, mels)


def mel_to_hz(m, htk=False):
    """librosa.mel_to_hz"""
    m = np.asanyarray(m, dtype=float)
    if htk:
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filters(sr, n_fft, n_mels=128, fmin=0.0, fmax=None, htk=False, norm="slaney"):
    """librosa.filters.mel, in float64. Returns (weights [n_mels, 1 + n_fft // 2], number of empty filters)."""
    if fmax is None:
        fmax = float(sr) / 2
    fftfreqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), n_mels + 2), htk)
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, 1 + n_fft // 2))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    if norm == "slaney":
        enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
        weights *= enorm[:, np.newaxis]
    empty = int(np.sum(~((mel_f[:-2] == 0) | (weights.max(axis=1) > 0))))
    return weights, empty


def power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0):
    """librosa.power_to_db (ref may be 'max' for ref=np.max)"""
    ref_value = np.max(S) if ref == "max" else abs(ref)
    log_spec = 10.0 * np.log10(np.maximum(amin, S))
    log_spec -= 10.0 * np.log10(np.maximum(amin, ref_value))
    if top_db is not None:
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


def amplitude_to_db(S, ref=1.0, amin=1e-5, top_db=80.0):
    """librosa.amplitude_to_db = power_to_db(S**2, ref**2, amin**2, top_db)"""
    ref_value = np.max(np.abs(S)) if ref == "max" else abs(ref)
    return power_to_db(np.abs(S) ** 2, ref=ref_value ** 2, amin=amin ** 2, top_db=top_db)


def mfcc_from_logmel(log_mel, n_mfcc=20, norm="ortho", lifter=0):
    """librosa.feature.mfcc after the power_to_db: scipy.fft.dct(type=2) along the mel axis + lifter"""
    M = scipy.fft.dct(log_mel, axis=1, type=2, norm=norm)[:, :n_mfcc]
    if lifter > 0:
        M *= 1 + (lifter / 2) * np.sin(np.pi * np.arange(1, 1 + n_mfcc) / lifter)
    return M


def delta(data, width=9, order=1):
    """librosa.feature.delta(data.T, width, order, mode='interp').T: scipy.signal.savgol_filter along time"""
    return scipy.signal.savgol_filter(data, width, deriv=order, polyorder=order, axis=0, mode="interp")


def normalize_l1(S):
    """librosa.util.normalize(S, norm=1, axis=-2) for [frames, bins] (threshold = tiny of float32 input)"""
    length = np.sum(np.abs(S), axis=1, keepdims=True)
    length[length < np.finfo(np.float32).tiny] = 1.0
    return S / length


def spectral(y, sr, names, n_fft=2048, hop_length=512, win_length=None, window="hann", center=True,
             pad_mode="constant", roll_percent=0.85, p=2.0, flat_amin=1e-10, flat_power=2.0):
    """librosa.feature.spectral_centroid / _bandwidth / _rolloff / _flatness / zero_crossing_rate / rms, one column
    each, with the descriptors sharing n_fft (= frame_length) and hop_length."""
    S = stft_mag(y, n_fft, hop_length, win_length, window, center, pad_mode, power=1.0)
    freq = np.fft.rfftfreq(n_fft, 1.0 / sr)
    cols = []
    for name in names:
        if name == "spectral_centroid":
            cols.append(np.sum(freq * normalize_l1(S), axis=1))
        elif name == "spectral_bandwidth":
            c = np.sum(freq * normalize_l1(S), axis=1, keepdims=True)
            dev = np.abs(freq[np.newaxis, :] - c)
            cols.append(np.sum(normalize_l1(S) * dev ** p, axis=1) ** (1.0 / p))
        elif name == "spectral_rolloff":
            total = np.cumsum(S, axis=1)
            threshold = roll_percent * total[:, -1:]
            ind = np.where(total < threshold, np.nan, 1)
            cols.append(np.nanmin(ind * freq, axis=1))
        elif name == "spectral_flatness":
            S_thresh = np.maximum(flat_amin, S ** flat_power)
            cols.append(np.exp(np.mean(np.log(S_thresh), axis=1)) / np.mean(S_thresh, axis=1))
        elif name == "zero_crossing_rate":
            yy = np.pad(y, (n_fft // 2, n_fft // 2), mode="edge") if center else y
            fr = frame(yy, n_fft, hop_length)
            z = np.where(np.abs(fr) <= 1e-10, 0.0, fr)
            s = np.signbit(z)
            cross = np.zeros_like(s)
            cross[:, 1:] = s[:, 1:] != s[:, :-1]  # librosa.zero_crossings(pad=False): first entry False
            cols.append(np.mean(cross, axis=1))
        elif name == "rms":
            yy = np.pad(y, (n_fft // 2, n_fft // 2), mode=pad_mode) if center else y
            fr = frame(yy, n_fft, hop_length)
            cols.append(np.sqrt(np.mean(np.abs(fr) ** 2, axis=1)))
        else:
            raise ValueError(name)
    return np.stack(cols, axis=1)
