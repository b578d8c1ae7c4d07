package dev.audioml.train.head;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link Head}: inputs standardized with the training set's mean and standard deviation, softmax
 * cross-entropy weighted per sample, L2 on the weights (not biases), Adam (Kingma &amp; Ba 2015, with bias correction),
 * shuffled mini-batches, and early stopping on the validation loss (the best epoch's parameters are kept). The same
 * data and seed give bit-identical heads.
 *
 * <p>Immutable and thread-safe; {@link #train} keeps no state.
 *
 * @since 0.1
 */
public final class HeadTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPSILON = 1e-8;
    private static final double MIN_STD = 1e-6;

    private final int hidden;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double l2;
    private final int patience;
    private final long seed;

    private HeadTrainer(Builder b) {
        this.hidden = b.hidden;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.l2 = b.l2;
        this.patience = b.patience;
        this.seed = b.seed;
    }

    /** @return a builder with defaults: logistic regression, 200 epochs, batch 32, lr 0.01, L2 1e-3, patience 20 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this trainer's settings */
    public Builder toBuilder() {
        return builder().hidden(hidden).epochs(epochs).batchSize(batchSize).learningRate(learningRate).l2(l2)
                .patience(patience).seed(seed);
    }

    /** @return the maximum number of epochs */
    public int epochs() {
        return epochs;
    }

    /**
     * The outcome of training.
     *
     * @param head the head with the best validation loss (the last epoch's without validation data)
     * @param history one entry per epoch run
     * @param bestEpoch the 1-based epoch the head comes from
     */
    public record Result(Head head, List<Epoch> history, int bestEpoch) {
    }

    /**
     * Trains a head.
     *
     * @param x training inputs {@code [n][d]}
     * @param y class index per row, in [0, classes)
     * @param weights per-row loss weight (class weights), or {@code null} for 1
     * @param xVal validation inputs (may be empty: then all epochs run)
     * @param yVal validation classes
     * @param classes number of classes, at least 2
     * @param progress called after every epoch
     * @return the trained head and its history
     */
    public Result train(float[][] x, int[] y, double[] weights, float[][] xVal, int[] yVal, int classes,
            Consumer<Epoch> progress) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int d = x[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        standardization(x, mean, std);
        double[][] z = standardize(x, mean, std);
        double[][] zVal = standardize(xVal, mean, std);
        Layout p = new Layout(d, hidden, classes);
        Random random = new Random(seed);
        double[] theta = p.init(random);
        double[] grad = new double[theta.length];
        double[] m = new double[theta.length];
        double[] v = new double[theta.length];
        double[] w = weights == null ? ones(x.length) : weights;
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<Epoch> history = new ArrayList<>();
        double[] best = theta.clone();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        long step = 0;
        double[] scratchH = new double[Math.max(1, hidden)];
        double[] scratchP = new double[classes];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, random);
            for (int start = 0; start < order.length; start += batchSize) {
                int end = Math.min(order.length, start + batchSize);
                java.util.Arrays.fill(grad, 0);
                for (int bi = start; bi < end; bi++) {
                    int i = order[bi];
                    p.forward(theta, z[i], scratchH, scratchP);
                    p.backward(theta, z[i], scratchH, scratchP, y[i], w[i] / (end - start), grad);
                }
                p.addL2(theta, l2, grad);
                step++;
                double c1 = 1 - Math.pow(BETA1, step);
                double c2 = 1 - Math.pow(BETA2, step);
                for (int k = 0; k < theta.length; k++) {
                    m[k] = BETA1 * m[k] + (1 - BETA1) * grad[k];
                    v[k] = BETA2 * v[k] + (1 - BETA2) * grad[k] * grad[k];
                    theta[k] -= learningRate * (m[k] / c1) / (Math.sqrt(v[k] / c2) + ADAM_EPSILON);
                }
            }
            double[] tr = p.lossAccuracy(theta, z, y, w);
            double[] va = zVal.length == 0 ? new double[] {Double.NaN, Double.NaN}
                    : p.lossAccuracy(theta, zVal, yVal, null);
            Epoch e = new Epoch(epoch, tr[0], tr[1], va[0], va[1]);
            history.add(e);
            progress.accept(e);
            double monitored = zVal.length == 0 ? tr[0] : va[0];
            if (monitored < bestLoss - 1e-9) {
                bestLoss = monitored;
                best = theta.clone();
                bestEpoch = epoch;
            } else if (zVal.length > 0 && epoch - bestEpoch >= patience) {
                break;
            }
        }
        return new Result(p.toHead(best, mean, std), history, bestEpoch);
    }

    private static void standardization(float[][] x, float[] mean, float[] std) {
        int d = mean.length;
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (float[] row : x) {
                s += row[j];
            }
            double mu = s / x.length;
            double sq = 0;
            for (float[] row : x) {
                sq += (row[j] - mu) * (row[j] - mu);
            }
            double sd = Math.sqrt(sq / x.length);
            mean[j] = (float) mu;
            std[j] = (float) (sd < MIN_STD ? 1.0 : sd);
        }
    }

    private static double[][] standardize(float[][] x, float[] mean, float[] std) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new double[mean.length];
            for (int j = 0; j < mean.length; j++) {
                z[i][j] = ((double) x[i][j] - mean[j]) / std[j];
            }
        }
        return z;
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Where each parameter lives in the flat vector: [W1 (h*d), b1 (h), W2 (k*a), b2 (k)], a = h or d. */
    private static final class Layout {
        final int d;
        final int h;
        final int k;
        final int a;
        final int w1;
        final int b1;
        final int w2;
        final int b2;
        final int size;

        Layout(int d, int h, int k) {
            this.d = d;
            this.h = h;
            this.k = k;
            this.a = h > 0 ? h : d;
            this.w1 = 0;
            this.b1 = h * d;
            this.w2 = b1 + h;
            this.b2 = w2 + k * a;
            this.size = b2 + k;
        }

        double[] init(Random r) {
            double[] t = new double[size];
            double s1 = Math.sqrt(2.0 / d); // He initialisation for the ReLU layer
            for (int i = 0; i < h * d; i++) {
                t[w1 + i] = r.nextGaussian() * s1;
            }
            double s2 = Math.sqrt(1.0 / a);
            for (int i = 0; i < k * a; i++) {
                t[w2 + i] = r.nextGaussian() * s2 * 0.1;
            }
            return t;
        }

        /** Hidden activations into {@code act} (when h > 0) and probabilities into {@code prob}. */
        void forward(double[] t, double[] z, double[] act, double[] prob) {
            double[] in = z;
            if (h > 0) {
                for (int j = 0; j < h; j++) {
                    double s = t[b1 + j];
                    int row = w1 + j * d;
                    for (int i = 0; i < d; i++) {
                        s += t[row + i] * z[i];
                    }
                    act[j] = Math.max(0, s);
                }
                in = act;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = t[b2 + c];
                int row = w2 + c * a;
                for (int i = 0; i < a; i++) {
                    s += t[row + i] * in[i];
                }
                prob[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                prob[c] = Math.exp(prob[c] - max);
                sum += prob[c];
            }
            for (int c = 0; c < k; c++) {
                prob[c] /= sum;
            }
        }

        /** Adds {@code scale * dCE/dtheta} of one sample to {@code g}. */
        void backward(double[] t, double[] z, double[] act, double[] prob, int label, double scale, double[] g) {
            double[] in = h > 0 ? act : z;
            double[] back = h > 0 ? new double[h] : null;
            for (int c = 0; c < k; c++) {
                double dl = (prob[c] - (c == label ? 1 : 0)) * scale;
                g[b2 + c] += dl;
                int row = w2 + c * a;
                for (int i = 0; i < a; i++) {
                    g[row + i] += dl * in[i];
                    if (back != null) {
                        back[i] += dl * t[row + i];
                    }
                }
            }
            if (h > 0) {
                for (int j = 0; j < h; j++) {
                    if (act[j] <= 0) {
                        continue;
                    }
                    double dj = back[j];
                    g[b1 + j] += dj;
                    int row = w1 + j * d;
                    for (int i = 0; i < d; i++) {
                        g[row + i] += dj * z[i];
                    }
                }
            }
        }

        void addL2(double[] t, double l2, double[] g) {
            for (int i = 0; i < h * d; i++) {
                g[w1 + i] += l2 * t[w1 + i];
            }
            for (int i = 0; i < k * a; i++) {
                g[w2 + i] += l2 * t[w2 + i];
            }
        }

        /** @return {mean weighted cross-entropy, accuracy} */
        double[] lossAccuracy(double[] t, double[][] z, int[] y, double[] w) {
            double[] act = new double[Math.max(1, h)];
            double[] prob = new double[k];
            double loss = 0;
            double wsum = 0;
            int correct = 0;
            for (int i = 0; i < z.length; i++) {
                forward(t, z[i], act, prob);
                double wi = w == null ? 1 : w[i];
                loss -= wi * Math.log(Math.max(prob[y[i]], 1e-12));
                wsum += wi;
                int arg = 0;
                for (int c = 1; c < k; c++) {
                    if (prob[c] > prob[arg]) {
                        arg = c;
                    }
                }
                correct += arg == y[i] ? 1 : 0;
            }
            return new double[] {loss / wsum, (double) correct / z.length};
        }

        Head toHead(double[] t, float[] mean, float[] std) {
            return new Head(d, h, k, mean, std, floats(t, w1, h * d), floats(t, b1, h), floats(t, w2, k * a),
                    floats(t, b2, k));
        }

        private static float[] floats(double[] t, int from, int n) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) t[from + i];
            }
            return f;
        }
    }

    /** Builder; {@link #build()} checks every value. */
    public static final class Builder {
        private int hidden;
        private int epochs = 200;
        private int batchSize = 32;
        private double learningRate = 0.01;
        private double l2 = 1e-3;
        private int patience = 20;
        private long seed = 42;

        private Builder() {
        }

        /** @param units hidden units; 0 (default) trains multinomial logistic regression @return this */
        public Builder hidden(int units) {
            this.hidden = units;
            return this;
        }

        /** @param n maximum epochs, at least 1 @return this */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /** @param n rows per mini-batch, at least 1 @return this */
        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /** @param lr Adam step size, positive @return this */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /** @param lambda L2 penalty on weights, at least 0 @return this */
        public Builder l2(double lambda) {
            this.l2 = lambda;
            return this;
        }

        /** @param epochs epochs without validation improvement before stopping, at least 1 @return this */
        public Builder patience(int epochs) {
            this.patience = epochs;
            return this;
        }

        /** @param seed initialisation and shuffling seed @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the trainer */
        public HeadTrainer build() {
            check(hidden >= 0 && hidden <= 4096, "hidden", hidden, "[0, 4096]");
            check(epochs >= 1 && epochs <= 100_000, "epochs", epochs, "[1, 100000]");
            check(batchSize >= 1, "batchSize", batchSize, ">= 1");
            check(learningRate > 0 && learningRate < 10, "learningRate", learningRate, "(0, 10)");
            check(l2 >= 0 && l2 < 1e3, "l2", l2, "[0, 1000)");
            check(patience >= 1, "patience", patience, ">= 1");
            return new HeadTrainer(this);
        }

        private static void check(boolean ok, String name, Object value, String range) {
            if (!ok) {
                throw new IllegalArgumentException(name + " must be in " + range + ", got " + value);
            }
        }
    }
}
