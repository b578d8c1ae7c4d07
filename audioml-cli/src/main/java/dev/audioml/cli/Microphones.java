package dev.audioml.cli;

import dev.audioml.capture.mic.MicrophoneSource;
import dev.audioml.capture.mic.NoCaptureDeviceException;
import java.io.IOException;

/** Opening the microphone for a command, with an error that names the command's own flags, not library classes. */
final class Microphones {
    private Microphones() {
    }

    /**
     * @param device the {@code --device} selector, or null for the default
     * @param rateHz the rate wanted
     * @param instead what the user can do instead, in the command's terms (e.g. "use --source FILE ...")
     * @return the started source; the caller closes it
     * @throws NoCaptureDeviceException with a message for the command line when there is no capture device
     */
    static MicrophoneSource open(String device, int rateHz, String instead) throws IOException {
        try {
            return MicrophoneSource.open(device, rateHz);
        } catch (NoCaptureDeviceException e) {
            String why = e.getMessage();
            int cut = why.indexOf(';');
            throw new NoCaptureDeviceException((cut > 0 ? why.substring(0, cut) : why) + "; " + instead);
        }
    }
}
