package dev.audioml.onnx;

import java.util.Arrays;

/**
 * How a feature frame of a given shape fits a model input: the layout and the concrete input shape for one window.
 *
 * @param layout {@link InputLayout#AS_IS} or {@link InputLayout#BINS_FRAMES}
 * @param shape the input shape for one window, dynamic axes resolved (batch axes 1)
 * @param batchable whether the model's first axis is a dynamic batch axis that windows can be stacked along
 */
record InputFit(InputLayout layout, long[] shape, boolean batchable) {

    /**
     * @param input the model input
     * @param frameShape the shape of the frames that will be fed
     * @param requested the configured layout
     * @param modelName for messages
     * @return the fit
     * @throws IllegalArgumentException naming the declared shape when the frame does not fit
     */
    static InputFit of(TensorSpec input, int[] frameShape, InputLayout requested, String modelName) {
        if (!input.isFloat()) {
            throw new IllegalArgumentException("model " + modelName + " input " + input + " is not float; OnnxClassifier feeds float32 features");
        }
        long[] model = input.shape();
        int[] core = stripLeadingOnes(frameShape);
        long[] asIs = fit(model, core);
        long[] transposed = core.length >= 2 ? fit(model, swapLastTwo(core)) : null;
        boolean batchable = model.length > core.length && model[0] == -1;
        switch (requested) {
            case AUTO -> {
                if (asIs != null) {
                    return new InputFit(InputLayout.AS_IS, asIs, batchable);
                }
                if (transposed != null) {
                    return new InputFit(InputLayout.BINS_FRAMES, transposed, batchable);
                }
            }
            case AS_IS -> {
                if (asIs != null) {
                    return new InputFit(InputLayout.AS_IS, asIs, batchable);
                }
            }
            case BINS_FRAMES -> {
                if (transposed != null) {
                    return new InputFit(InputLayout.BINS_FRAMES, transposed, batchable);
                }
            }
        }
        String expected = requested == InputLayout.BINS_FRAMES
                ? (core.length >= 2 ? Arrays.toString(swapLastTwo(core)) : "a [frames, bins] frame")
                : Arrays.toString(core) + (requested == InputLayout.AUTO && core.length >= 2 ? " or " + Arrays.toString(swapLastTwo(core)) : "");
        throw new IllegalArgumentException("model " + modelName + " input " + input + " does not fit feature frame "
                + Arrays.toString(frameShape) + " with layout " + requested + ": its trailing axes must be " + expected
                + " after leading axes of size 1 or dynamic (batch, channel); change the feature spec or window ("
                + ModelMetadata.PREFIX + ModelMetadata.FEATURES + ", " + ModelMetadata.PREFIX + ModelMetadata.WINDOW_SECONDS
                + ") or the input layout");
    }

    /** @return the number of floats in one window */
    int elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    private static long[] fit(long[] model, int[] core) {
        int lead = model.length - core.length;
        if (lead < 0) {
            return null;
        }
        long[] shape = new long[model.length];
        for (int i = 0; i < lead; i++) {
            if (model[i] != 1 && model[i] != -1) {
                return null;
            }
            shape[i] = 1;
        }
        for (int j = 0; j < core.length; j++) {
            long m = model[lead + j];
            if (m != -1 && m != core[j]) {
                return null;
            }
            shape[lead + j] = core[j];
        }
        return shape;
    }

    private static int[] stripLeadingOnes(int[] shape) {
        int start = 0;
        while (start < shape.length - 1 && shape[start] == 1) {
            start++;
        }
        return Arrays.copyOfRange(shape, start, shape.length);
    }

    private static int[] swapLastTwo(int[] core) {
        int[] s = core.clone();
        int n = s.length;
        s[n - 1] = core[n - 2];
        s[n - 2] = core[n - 1];
        return s;
    }
}
