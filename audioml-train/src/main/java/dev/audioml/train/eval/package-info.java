/**
 * Evaluation: accuracy, balanced accuracy, per-class precision/recall/F1, confusion matrix, and the PNG plots.
 *
 * @since 0.1
 */
package dev.audioml.train.eval;
