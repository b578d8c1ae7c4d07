package dev.audioml.train.head;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link Head} as scikit-learn's {@code LogisticRegression(solver="lbfgs")} and
 * {@code MLPClassifier(solver="lbfgs")} do: inputs standardized with the training set's mean and (population) standard
 * deviation, then the full-batch objective
 * <pre>  sum_i w_i CE_i / sum_i w_i  +  l2 / 2 * ||W||^2      (weights only, not biases)</pre>
 * minimised with L-BFGS (Nocedal &amp; Wright, Algorithm 7.4, memory 10, backtracking line search to the Armijo
 * condition). With {@code l2 = 1 / (C * sum_i w_i)} this is scikit-learn's objective for regularisation strength
 * {@code C}. There is no validation split and no early stopping: every row given is fitted, and the strength is chosen
 * by cross-validation by the caller ({@code Trainer}). The same data and seed give bit-identical heads (the seed only
 * initialises the MLP's hidden layer).
 *
 * <p>Immutable and thread-safe; {@link #train} keeps no state.
 *
 * @since 0.1
 */
public final class HeadTrainer {
    private static final double MIN_STD = 1e-6;
    private static final int MEMORY = 10;
    private static final double TOLERANCE = 1e-6;

    private final int hidden;
    private final int maxIterations;
    private final double l2;
    private final long seed;

    private HeadTrainer(Builder b) {
        this.hidden = b.hidden;
        this.maxIterations = b.maxIterations;
        this.l2 = b.l2;
        this.seed = b.seed;
    }

    /** @return a builder with defaults: logistic regression, at most 500 iterations, l2 1e-3, seed 42 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this trainer's settings */
    public Builder toBuilder() {
        return builder().hidden(hidden).maxIterations(maxIterations).l2(l2).seed(seed);
    }

    /** @return the most L-BFGS iterations a fit runs */
    public int maxIterations() {
        return maxIterations;
    }

    /** @return the L2 penalty on the weights */
    public double l2() {
        return l2;
    }

    /**
     * The outcome of {@link #train}.
     *
     * @param head the fitted head
     * @param history one entry per L-BFGS iteration (training loss and accuracy; no validation numbers)
     */
    public record Result(Head head, List<Epoch> history) {
    }

    /**
     * Fits a head on every row given.
     *
     * @param x training inputs {@code [n][d]}
     * @param y class index per row, in [0, classes)
     * @param weights per-row loss weight (class weights), or {@code null} for 1
     * @param classes number of classes, at least 2
     * @param progress called after every iteration
     * @return the trained head and its history
     */
    public Result train(float[][] x, int[] y, double[] weights, int classes, Consumer<Epoch> progress) {
        Problem q = prepare(x, weights, classes);
        List<Epoch> history = new ArrayList<>();
        minimise(new Objective(q.p, q.z, y, q.w, l2), q.theta, (it, loss) -> {
            double[] la = q.p.lossAccuracy(q.theta, q.z, y, q.w);
            Epoch e = new Epoch(it, la[0], la[1], Double.NaN, Double.NaN);
            history.add(e);
            progress.accept(e);
        });
        return new Result(q.p.toHead(q.theta, q.mean, q.std), history);
    }

    /**
     * Fits one head per L2 strength along a regularisation path, each fit starting from the previous one's solution
     * (glmnet's warm starts): strongest first converges in a few iterations each, so a whole cross-validation grid
     * costs little more than one fit. This trainer's own {@link #l2()} is not used.
     *
     * @param x training inputs {@code [n][d]}
     * @param y class index per row, in [0, classes)
     * @param weights per-row loss weight, or {@code null} for 1
     * @param classes number of classes, at least 2
     * @param l2s the strengths, best ordered from strongest to weakest
     * @return one head per strength, in the same order
     */
    public Head[] trainPath(float[][] x, int[] y, double[] weights, int classes, double[] l2s) {
        Problem q = prepare(x, weights, classes);
        Head[] heads = new Head[l2s.length];
        for (int i = 0; i < l2s.length; i++) {
            minimise(new Objective(q.p, q.z, y, q.w, l2s[i]), q.theta, (it, loss) -> { });
            heads[i] = q.p.toHead(q.theta, q.mean, q.std);
        }
        return heads;
    }

    /** The standardized rows, weights, layout and initial parameters of one fit. */
    private record Problem(Layout p, double[][] z, double[] w, float[] mean, float[] std, double[] theta) {
    }

    private Problem prepare(float[][] x, double[] weights, int classes) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        int d = x[0].length;
        float[] mean = new float[d];
        float[] std = new float[d];
        standardization(x, mean, std);
        Layout p = new Layout(d, hidden, classes);
        return new Problem(p, standardize(x, mean, std), weights == null ? ones(x.length) : weights, mean, std,
                p.init(new Random(seed)));
    }

    /** Called after each iteration with its 1-based number and the objective. */
    private interface IterationListener {
        void after(int iteration, double objective);
    }

    /**
     * L-BFGS (Nocedal &amp; Wright 2006, Algorithm 7.4 with the two-loop recursion 7.5), minimising {@code f} from
     * {@code x} in place. Stops when the largest gradient component is below {@link #TOLERANCE}, when the objective
     * no longer falls by a relative 1e-12, or after {@link #maxIterations}.
     */
    private void minimise(Objective f, double[] x, IterationListener listener) {
        int n = x.length;
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        double[][] s = new double[MEMORY][n];
        double[][] yk = new double[MEMORY][n];
        double[] rho = new double[MEMORY];
        double[] alpha = new double[MEMORY];
        double[] dir = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int stored = 0;
        int newest = -1;
        for (int it = 1; it <= maxIterations; it++) {
            if (maxAbs(g) < TOLERANCE) {
                break;
            }
            // two-loop recursion: dir = -H g
            System.arraycopy(g, 0, dir, 0, n);
            for (int j = 0; j < stored; j++) {
                int i = Math.floorMod(newest - j, MEMORY);
                alpha[i] = rho[i] * dot(s[i], dir);
                axpy(-alpha[i], yk[i], dir);
            }
            double gamma = stored == 0 ? 1.0 / Math.max(1e-12, Math.sqrt(dot(g, g)))
                    : dot(s[newest], yk[newest]) / dot(yk[newest], yk[newest]);
            scale(dir, gamma);
            for (int j = stored - 1; j >= 0; j--) {
                int i = Math.floorMod(newest - j, MEMORY);
                double beta = rho[i] * dot(yk[i], dir);
                axpy(alpha[i] - beta, s[i], dir);
            }
            scale(dir, -1);
            double slope = dot(g, dir);
            if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
                stored = 0;
                for (int k = 0; k < n; k++) {
                    dir[k] = -g[k];
                }
                slope = dot(g, dir);
            }
            double step = 1.0;
            double fNew;
            int tries = 0;
            while (true) {
                for (int k = 0; k < n; k++) {
                    xNew[k] = x[k] + step * dir[k];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || ++tries > 40) {
                    break;
                }
                step *= 0.5;
            }
            if (!(fNew <= fx)) {
                break; // no decrease even with a tiny step: converged as far as doubles allow
            }
            newest = (newest + 1) % MEMORY;
            for (int k = 0; k < n; k++) {
                s[newest][k] = xNew[k] - x[k];
                yk[newest][k] = gNew[k] - g[k];
            }
            double sy = dot(s[newest], yk[newest]);
            if (sy > 1e-12) {
                rho[newest] = 1 / sy;
                stored = Math.min(MEMORY, stored + 1);
            } else {
                newest = Math.floorMod(newest - 1, MEMORY); // curvature condition failed: keep the old pairs
            }
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            listener.after(it, fx);
            if (fOld - fx <= 1e-12 * Math.max(1, Math.abs(fx))) {
                break;
            }
        }
    }

    /** The weighted mean cross-entropy plus the L2 term, and its gradient. */
    private static final class Objective {
        private final Layout p;
        private final double[][] z;
        private final int[] y;
        private final double[] w;
        private final double wsum;
        private final double l2;
        private final double[] act;
        private final double[] back;
        private final double[] prob;

        Objective(Layout p, double[][] z, int[] y, double[] w, double l2) {
            this.p = p;
            this.z = z;
            this.y = y;
            this.w = w;
            this.l2 = l2;
            double sum = 0;
            for (double v : w) {
                sum += v;
            }
            this.wsum = sum;
            this.act = new double[Math.max(1, p.h)];
            this.back = new double[Math.max(1, p.h)];
            this.prob = new double[p.k];
        }

        double valueAndGradient(double[] t, double[] g) {
            Arrays.fill(g, 0);
            double loss = 0;
            for (int i = 0; i < z.length; i++) {
                p.forward(t, z[i], act, prob);
                loss -= w[i] * Math.log(Math.max(prob[y[i]], 1e-300));
                p.backward(t, z[i], act, back, prob, y[i], w[i] / wsum, g);
            }
            return loss / wsum + p.addL2(t, l2, g);
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
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
        void backward(double[] t, double[] z, double[] act, double[] back, double[] prob, int label, double scale,
                double[] g) {
            double[] in = h > 0 ? act : z;
            if (h > 0) {
                Arrays.fill(back, 0);
            }
            for (int c = 0; c < k; c++) {
                double dl = (prob[c] - (c == label ? 1 : 0)) * scale;
                g[b2 + c] += dl;
                int row = w2 + c * a;
                for (int i = 0; i < a; i++) {
                    g[row + i] += dl * in[i];
                    if (h > 0) {
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

        /** Adds the L2 gradient to {@code g}; returns the L2 term {@code l2 / 2 * ||W||^2}. */
        double addL2(double[] t, double l2, double[] g) {
            double sq = 0;
            for (int i = 0; i < h * d; i++) {
                g[w1 + i] += l2 * t[w1 + i];
                sq += t[w1 + i] * t[w1 + i];
            }
            for (int i = 0; i < k * a; i++) {
                g[w2 + i] += l2 * t[w2 + i];
                sq += t[w2 + i] * t[w2 + i];
            }
            return 0.5 * l2 * sq;
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
        private int maxIterations = 500;
        private double l2 = 1e-3;
        private long seed = 42;

        private Builder() {
        }

        /** @param units hidden units; 0 (default) trains multinomial logistic regression @return this */
        public Builder hidden(int units) {
            this.hidden = units;
            return this;
        }

        /** @param n most L-BFGS iterations, at least 1 (default 500) @return this */
        public Builder maxIterations(int n) {
            this.maxIterations = n;
            return this;
        }

        /**
         * @param lambda L2 penalty on the weights, at least 0 (default 1e-3); scikit-learn's {@code C} is
         *     {@code 1 / (lambda * sum of sample weights)}
         * @return this
         */
        public Builder l2(double lambda) {
            this.l2 = lambda;
            return this;
        }

        /** @param seed initialisation seed of the MLP's hidden layer @return this */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the trainer */
        public HeadTrainer build() {
            check(hidden >= 0 && hidden <= 4096, "hidden", hidden, "[0, 4096]");
            check(maxIterations >= 1 && maxIterations <= 100_000, "maxIterations", maxIterations, "[1, 100000]");
            check(l2 >= 0 && l2 < 1e3, "l2", l2, "[0, 1000)");
            return new HeadTrainer(this);
        }

        private static void check(boolean ok, String name, Object value, String range) {
            if (!ok) {
                throw new IllegalArgumentException(name + " must be in " + range + ", got " + value);
            }
        }
    }
}
