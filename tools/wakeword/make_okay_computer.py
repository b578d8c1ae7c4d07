"""Training data for a real check of `audioml calibrate` on a trained wake-word model ("okay computer").

    audioml-bench/accuracy/datasets.sh --only voices music drums     # real recordings (Debian packages), once
    /path/to/venv/bin/python tools/wakeword/make_okay_computer.py OUT # needs numpy, soundfile, espeak-ng, sox
    ./audioml train --data OUT/data --out OUT/model --backbone oww-embedding --window-seconds 1.5 --hop-seconds 0.5 \
        --group '^(okc\d+|speech\d+|words\d+|dict\d+)' --head logreg --gate-db off --pooling sequence --C 0.1
    ./audioml calibrate --model OUT/model/model.onnx --label okay_computer --positives OUT/cal-positives \
        --synthesize-background 1 --snr-db 10,5,0 --max-fa-per-hour 3 --out OUT/cal

docs/presets.md (Stream calibration, a trained model) has what it gave.

Positives: espeak-ng, many voices/speeds/pitches (training voices and held-out calibration voices are disjoint).
Negatives: espeak-ng sentences (own list, not calibrate's), near misses ("okay", "computer" alone, ...), real
recordings (hedgewars voice actors, game music, drum kits from Debian packages), sox noise and plucked chords."""
import os, random, subprocess, glob, shutil, sys
import numpy as np, soundfile as sf
R = random.Random(7)
OUT = sys.argv[1] if len(sys.argv) > 1 else 'okay-computer'
ACC = os.path.join(os.environ.get('AUDIOML_CACHE', os.path.expanduser('~/.cache/audioml')), 'accuracy')
def sh(*a): subprocess.run(a, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def speak(text, voice, speed, pitch, path, trim=True):
    tmp = path + '.tmp.wav'
    sh('espeak-ng', '-v', voice, '-s', str(speed), '-p', str(pitch), '-w', tmp, text)
    eff = ['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse'] if trim else []
    sh('sox', '-R', tmp, '-r', '16000', '-c', '1', '-b', '16', path, *eff)
    os.remove(tmp)
bases_train = ['en', 'en-us', 'en-gb-x-rp', 'en-gb-scotland', 'en-029', 'en-gb-x-gbclan']
vars_train = ['', '+m1', '+m2', '+m3', '+m4', '+f1', '+f2', '+f3', '+f4', '+Andy', '+Annie', '+david', '+anika',
              '+boris', '+iven', '+kaukovalta', '+max', '+quincy', '+steph']
bases_held = ['en-gb-x-gbcwmd', 'en-us', 'en']
vars_held = ['+m6', '+m7', '+f5', '+Alicia', '+norbert', '+robert', '+travis']
texts_pos = ['okay computer', 'ok computer', 'okay, computer']
for d in ['data/okay_computer', 'data/other', 'cal-positives', 'noise']:
    shutil.rmtree(os.path.join(OUT, d), ignore_errors=True); os.makedirs(os.path.join(OUT, d))
n = 0
for i in range(320):
    v = R.choice(bases_train) + R.choice(vars_train)
    speak(R.choice(texts_pos), v, R.randint(115, 210), R.randint(20, 80), f'{OUT}/data/okay_computer/okc{i:03d}.wav')
for i in range(24):
    v = bases_held[i % 3] + vars_held[i % 7]
    speak('okay computer', v, R.randint(130, 190), R.randint(30, 70), f'{OUT}/cal-positives/okc-held{i:02d}.wav')
near = ['okay', 'computer', 'ok', 'okay google', 'hey computer', 'ok cool', 'compute', 'a computer', 'okay commuter',
        'come pewter', 'okay so', 'computing power', 'my computer is slow', 'okay then', 'okay everyone', 'competitor',
        'okay, come here', 'commuter train', 'okay okay', 'the computer', 'ok cupid', 'hey okay', 'camper', 'computed',
        'okay, comfort', 'a composer', 'okay, compost', 'cocoa', 'okay, sure']
sentences = ['the children played in the park until dark', 'bring me the red notebook from the shelf',
    'our flight was delayed by two hours', 'she plays the violin every evening', 'the soup needs more salt',
    'we should paint the fence before winter', 'do you remember the name of that song', 'the river flooded last spring',
    'turn left at the second traffic light', 'my phone battery is almost empty', 'the library closes at nine',
    'he forgot his umbrella on the bus', 'there are seven days in a week', 'the cat is sleeping on the sofa',
    'put the milk back in the fridge', 'the concert was sold out in minutes', 'i need to buy new shoes',
    'the museum has a new exhibition', 'they moved to a small town by the sea', 'please speak a little louder',
    'the printer is out of paper again', 'the store opens at eight tomorrow', 'she answered every question correctly',
    'the garden is full of tomatoes', 'we watched a film about penguins', 'the bridge is closed for repairs',
    'can you pass me the salt please', 'the computer room is on the second floor', 'okay let us start the lesson',
    'i think it will rain this afternoon', 'the soccer match ended in a draw', 'his brother works at the hospital',
    'the keys are under the doormat', 'a cold wind blew from the north', 'the bakery sells fresh bread every morning',
    'we need three more chairs for the guests', 'the lecture was about ancient rome', 'my grandmother tells great stories',
    'the volume is too high', 'set an alarm for six thirty', 'play some jazz music', 'what is the capital of peru',
    'remind me to call the dentist', 'okay, that sounds fine to me', 'the computer crashed during the update',
    'compare the two results carefully', 'okay so what do we do now', 'honestly i am not sure about that']
vs_all = [b + v for b in bases_train for v in vars_train]
for i in range(260):
    text = R.choice(near) if i < 120 else R.choice(sentences) + '. ' + R.choice(sentences)
    speak(text, R.choice(vs_all), R.randint(115, 210), R.randint(20, 80), f'{OUT}/data/other/speech{i:03d}.wav', trim=i < 120)
# word sequences in every training voice, a quarter of them two talkers at once: hard negatives. Without them the
# model took any espeak-ng speech outside its 48 sentences for the wake word (140 false accepts per hour at threshold
# 0.5 on calibrate's 730-word background). Words come from this file's own sentences and near misses, not from
# calibrate's word list, so calibration still measures speech the model never saw.
words = sorted({w.strip('.,') for t in sentences + near for w in t.split()} - {'okay', 'ok', 'computer'})
for i in range(500):
    path = f'{OUT}/data/other/words{i:03d}.wav'
    speak(' '.join(R.choice(words) for _ in range(R.randint(4, 10))), R.choice(vs_all), R.randint(110, 220),
          R.randint(20, 80), path, trim=False)
    if i % 4 == 0:
        other = path + '.b.wav'
        speak(' '.join(R.choice(words) for _ in range(R.randint(4, 10))), R.choice(vs_all), R.randint(110, 220),
              R.randint(20, 80), other, trim=False)
        a, sr = sf.read(path, dtype='float32'); b, _ = sf.read(other, dtype='float32'); os.remove(other)
        n = max(len(a), len(b)); y = np.zeros(n, dtype=np.float32); y[:len(a)] += a; y[:len(b)] += 0.6 * b
        sf.write(path, y / max(1.0, float(np.max(np.abs(y))) / 0.99), sr, subtype='PCM_16')
# sequences of dictionary words (Debian's wamerican word list, fetched with apt-get download if absent), calibrate's
# word list excluded so calibration still measures speech the model never heard. With negatives drawn from ~200
# words only, the model took unheard speech for the wake word (180 false accepts per hour on calibrate's background):
# it had learned "not one of those sentences" rather than "okay computer".
DICT = '/usr/share/dict/american-english'
if not os.path.exists(DICT):
    d = os.path.join(OUT, 'wamerican')
    os.makedirs(d, exist_ok=True)
    subprocess.run(['apt-get', 'download', 'wamerican'], cwd=d, check=True, stdout=subprocess.DEVNULL)
    sh('dpkg', '-x', glob.glob(os.path.join(d, 'wamerican_*.deb'))[0], os.path.join(d, 'x'))
    DICT = os.path.join(d, 'x/usr/share/dict/american-english')
HERE = os.path.dirname(os.path.abspath(__file__))
cal_words = set(open(os.path.join(HERE, '../../audioml-cli/src/main/resources/dev/audioml/cli/background-words.txt'))
                .read().split())
vocab = sorted({w for w in open(DICT).read().split() if w.isalpha() and w.islower() and 3 <= len(w) <= 10}
               - cal_words - {'okay', 'computer', 'computers'})
for i in range(600):
    path = f'{OUT}/data/other/dict{i:03d}.wav'
    speak(' '.join(R.choice(vocab) for _ in range(R.randint(4, 9))), R.choice(vs_all), R.randint(110, 220),
          R.randint(20, 80), path, trim=False)
# real recordings: voice actors, game music, drum hits (train split of the accuracy datasets only)
real = sorted(glob.glob(f'{ACC}/voices/train/*/*')) + sorted(glob.glob(f'{ACC}/music/train/*/*')) \
     + R.sample(sorted(glob.glob(f'{ACC}/drums/train/*/*')), 60)
for j, f in enumerate(real):
    sh('sox', '-R', f, '-r', '16000', '-c', '1', '-b', '16', f'{OUT}/data/other/real{j:04d}.wav', 'trim', '0', '30')
for j in range(40):
    kind = ['pinknoise', 'brownnoise', 'whitenoise'][j % 3]
    sh('sox', '-R', '-n', '-r', '16000', '-c', '1', '-b', '16', f'{OUT}/noise/n{j:02d}.wav', 'synth', '70', kind,
       'vol', str(0.02 + 0.05 * R.random()), 'trim', str(R.randint(0, 59)), '10')
    if j < 20:
        shutil.copy(f'{OUT}/noise/n{j:02d}.wav', f'{OUT}/data/other/noise{j:02d}.wav')
for j in range(20):
    root = R.choice(['C3', 'D3', 'E3', 'F3', 'G3', 'A3', 'B2', 'C4'])
    sh('sox', '-R', '-n', '-r', '16000', '-c', '1', '-b', '16', f'{OUT}/data/other/pluck{j:02d}.wav', 'synth', '0.5',
       'pluck', root, 'pluck', '%4', 'pluck', '%7', 'repeat', '15', 'vol', '0.3')
# each training positive twice more, in a stretch of background at SNR 0-10 dB (noise, plucked chords or other
# speech): calibrate mixes its positives into speech, music and noise at 10/5/0 dB. The phrase starts 0-0.5 s into
# its stretch: a live stream's 1.5 s windows at a 0.5 s hop see it at any such offset, and `--pooling sequence` keeps
# where in the window it is (the original clip, padded at the end, only shows it at the start)
backs = sorted(glob.glob(f'{OUT}/noise/*.wav')) + sorted(glob.glob(f'{OUT}/data/other/pluck*.wav')) \
      + sorted(glob.glob(f'{OUT}/data/other/speech1[2-9]*.wav'))
def mix_into_background(f, copies, out_name):
    x, sr = sf.read(f, dtype='float32')
    for c in range(copies):
        b, _ = sf.read(R.choice(backs), dtype='float32')
        lead = R.randint(0, sr // 2)
        if len(b) < len(x) + lead:
            b = np.tile(b, (len(x) + lead) // max(1, len(b)) + 1)
        o = R.randint(0, len(b) - len(x) - lead)
        b = b[o:o + len(x) + lead]
        snr = R.uniform(0, 10)
        px, pb = float(np.mean(x ** 2)), float(np.mean(b ** 2)) + 1e-12
        y = b * np.sqrt(px / pb / 10 ** (snr / 10))
        y[lead:] += x
        y /= max(1.0, float(np.max(np.abs(y))) / 0.99)
        sf.write(out_name(f, c), y, sr, subtype='PCM_16')
for f in sorted(glob.glob(f'{OUT}/data/okay_computer/okc*.wav')):
    mix_into_background(f, 2, lambda f, c: f.replace('.wav', f'-mix{c}.wav'))
# the negative speech gets the same treatment once: with only the positives mixed, "speech over noise or music" was
# the wake word (250 false accepts per hour on calibrate's background, which is mostly speech over a bed)
for f in sorted(glob.glob(f'{OUT}/data/other/speech*.wav')) + sorted(glob.glob(f'{OUT}/data/other/words*.wav')) \
        + sorted(glob.glob(f'{OUT}/data/other/dict*.wav')):
    mix_into_background(f, 1, lambda f, c: f.replace('.wav', f'-mix{c}.wav'))
print('positives', len(os.listdir(f'{OUT}/data/okay_computer')), 'other', len(os.listdir(f'{OUT}/data/other')),
      'real', len(real))
