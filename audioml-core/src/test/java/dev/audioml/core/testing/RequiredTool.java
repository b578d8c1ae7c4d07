package dev.audioml.core.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need a program outside the JDK (a browser, a synthesizer): where it is missing the test reports as
 * skipped, never as passed; on CI ({@code CI=true}, as CI sets it for {@code .ci/run}, which installs every such
 * program) its absence fails the test instead, so a broken CI setup cannot turn into a green run that tested less.
 * The system property {@code audioml.ci} overrides the environment variable.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    /**
     * Returns if {@code installed}; otherwise skips the calling test, or fails it on CI.
     *
     * @param installed whether the program was found
     * @param what what is missing and how to install it, e.g. {@code "chromium (apt-get install chromium)"}
     */
    public static void assumeInstalled(boolean installed, String what) {
        if (installed) {
            return;
        }
        if (onCi()) {
            Assertions.fail("CI=true and " + what + " is missing: .ci/run installs it; a test on CI does not skip");
        }
        Assumptions.abort(what + " is missing: test skipped (it fails instead under CI=true)");
    }

    /** @return whether this run is CI's: {@code audioml.ci} or else the {@code CI} environment variable is "true" */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getProperty("audioml.ci", System.getenv("CI")));
    }
}
