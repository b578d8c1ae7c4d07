package dev.audioml.train.head;

/**
 * A trained classifier head: standardization, then either a multinomial logistic regression ({@code hidden == 0}) or
 * a one-hidden-layer ReLU MLP, then softmax. Parameters are float values (what an ONNX export stores); inference
 * here computes in double.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Head {
    private final int inputs;
    private final int hidden;
    private final int classes;
    private final float[] mean;
    private final float[] std;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;

    Head(int inputs, int hidden, int classes, float[] mean, float[] std, float[] w1, float[] b1, float[] w2,
            float[] b2) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.classes = classes;
        this.mean = mean;
        this.std = std;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /**
     * A multinomial logistic regression fitted elsewhere (e.g. by Spark MLlib) on unstandardized inputs: softmax of
     * {@code weights · x + bias}.
     *
     * @param inputs input width, at least 1
     * @param classes number of classes, at least 2
     * @param weights row-major {@code [classes][inputs]}; copied
     * @param bias {@code [classes]}; copied
     * @return the head (mean 0 and standard deviation 1 for every input, no hidden layer)
     * @throws IllegalArgumentException if the sizes disagree
     * @since 0.1
     */
    public static Head logistic(int inputs, int classes, float[] weights, float[] bias) {
        if (inputs < 1 || classes < 2 || weights.length != inputs * classes || bias.length != classes) {
            throw new IllegalArgumentException("a logistic head needs inputs >= 1, classes >= 2, weights of classes x "
                    + "inputs and bias of classes values; got inputs " + inputs + ", classes " + classes + ", "
                    + weights.length + " weights, " + bias.length + " biases");
        }
        float[] std = new float[inputs];
        java.util.Arrays.fill(std, 1f);
        return new Head(inputs, 0, classes, new float[inputs], std, new float[0], new float[0], weights.clone(),
                bias.clone());
    }

    /** @return input width */
    public int inputs() {
        return inputs;
    }

    /** @return hidden units; 0 for logistic regression */
    public int hidden() {
        return hidden;
    }

    /** @return number of classes */
    public int classes() {
        return classes;
    }

    /** @return per-input mean subtracted before the first layer (a copy) */
    public float[] mean() {
        return mean.clone();
    }

    /** @return per-input standard deviation divided by after subtracting the mean (a copy) */
    public float[] std() {
        return std.clone();
    }

    /** @return first layer weights row-major {@code [hidden][inputs]} (a copy; empty for logistic regression) */
    public float[] hiddenWeights() {
        return w1.clone();
    }

    /** @return first layer biases {@code [hidden]} (a copy) */
    public float[] hiddenBias() {
        return b1.clone();
    }

    /** @return output weights row-major {@code [classes][hidden or inputs]} (a copy) */
    public float[] outputWeights() {
        return w2.clone();
    }

    /** @return output biases {@code [classes]} (a copy) */
    public float[] outputBias() {
        return b2.clone();
    }

    /**
     * @param x one embedding of {@link #inputs()} values
     * @return class probabilities (softmax), a new array
     */
    public double[] probabilities(float[] x) {
        if (x.length != inputs) {
            throw new IllegalArgumentException("head takes " + inputs + " inputs, got " + x.length);
        }
        double[] z = new double[inputs];
        for (int i = 0; i < inputs; i++) {
            z[i] = ((double) x[i] - mean[i]) / std[i];
        }
        double[] a = z;
        if (hidden > 0) {
            a = new double[hidden];
            for (int h = 0; h < hidden; h++) {
                double s = b1[h];
                for (int i = 0; i < inputs; i++) {
                    s += w1[h * inputs + i] * z[i];
                }
                a[h] = Math.max(0, s);
            }
        }
        double[] logits = new double[classes];
        for (int k = 0; k < classes; k++) {
            double s = b2[k];
            for (int i = 0; i < a.length; i++) {
                s += w2[k * a.length + i] * a[i];
            }
            logits[k] = s;
        }
        return softmax(logits);
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
