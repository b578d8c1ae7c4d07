package dev.audioml.onnx.preset;

/**
 * The license of a pretrained model's weights, printed when the model is first fetched.
 *
 * @since 0.1
 */
public enum License {
    /** MIT: any use, with attribution (Silero VAD, snakers4/silero-vad). */
    MIT("MIT", "MIT license (Silero VAD by snakers4/silero-vad): free for any use with attribution"),
    /** Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (openWakeWord's pretrained heads). */
    CC_BY_NC_SA_4_0("CC BY-NC-SA 4.0",
            "CC BY-NC-SA 4.0 (openWakeWord pretrained models by dscripka/openWakeWord): NON-COMMERCIAL use only, "
                    + "share alike, with attribution");

    private final String shortName;
    private final String notice;

    License(String shortName, String notice) {
        this.shortName = shortName;
        this.notice = notice;
    }

    /** @return the short SPDX-like name, e.g. {@code MIT} */
    public String shortName() {
        return shortName;
    }

    /** @return one line telling the user what the license allows */
    public String notice() {
        return notice;
    }
}
