/**
 * The FAR-Lab workshop's spectrogram-image pipeline (RealtimeAudioClassification: {@code helperFunctions.py}
 * {@code GenerateSpectrums}, {@code 03_Running/RunningCode.py} {@code infere_Class_Type}), built from the settings in
 * its {@code SpectrumVariables.csv}: {@link dev.audioml.features.workshop.WorkshopSettings} (the settings),
 * {@link dev.audioml.features.workshop.WorkshopImages} (whole files to RGB tiles and model tensors) and
 * {@link dev.audioml.features.workshop.WorkshopImageExtractor} (the live path as a pipeline feature extractor).
 */
package dev.audioml.features.workshop;
