/**
 * AudioML on Apache Spark: tag, embed and train on an audio corpus with one ONNX Runtime session per executor.
 * {@link dev.audioml.spark.AudioTagger} scores files as {@code audioml classify} does, {@link
 * dev.audioml.spark.AudioEmbedder} computes a training backbone's embeddings, {@link dev.audioml.spark.CorpusTrainer}
 * trains a head on the driver from them and exports the same self-contained model as {@code audioml train}. Spark is a
 * {@code provided} dependency: the cluster supplies it. Experimental: may change in a minor release.
 */
package dev.audioml.spark;
