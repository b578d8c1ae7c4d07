package dev.audioml.train.head;

/**
 * One training epoch's numbers.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean weighted cross-entropy on the training windows (without the L2 term)
 * @param trainAccuracy accuracy on the training windows, in [0, 1]
 * @param validationLoss mean cross-entropy on the validation windows, NaN without validation data
 * @param validationAccuracy accuracy on the validation windows, NaN without validation data
 * @since 0.1
 */
public record Epoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy) {
}
