/**
 * Datasets: folder-per-class, train/test folders and CSV layouts, seeded stratified splits and balancing, decoding
 * clips and cutting them into fixed windows.
 *
 * @since 0.1
 */
package dev.audioml.train.data;
