/**
 * Classifier heads trained in Java: multinomial logistic regression and a one-hidden-layer MLP with standardized
 * inputs, Adam, L2, mini-batches and early stopping.
 *
 * @since 0.1
 */
package dev.audioml.train.head;
