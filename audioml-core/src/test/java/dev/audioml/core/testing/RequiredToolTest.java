package dev.audioml.core.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {
    private final String before = System.getProperty("audioml.ci");

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty("audioml.ci");
        } else {
            System.setProperty("audioml.ci", before);
        }
    }

    @Test
    void aMissingToolSkipsOffCiAndFailsOnCi() {
        System.setProperty("audioml.ci", "false");
        assertThatThrownBy(() -> RequiredTool.assumeInstalled(false, "chromium (apt-get install chromium)"))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("chromium").hasMessageContaining("skipped");
        System.setProperty("audioml.ci", "true");
        assertThatThrownBy(() -> RequiredTool.assumeInstalled(false, "chromium (apt-get install chromium)"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("CI=true").hasMessageContaining("chromium");
    }

    @Test
    void anInstalledToolNeverSkipsOrFails() {
        System.setProperty("audioml.ci", "true");
        assertThatCode(() -> RequiredTool.assumeInstalled(true, "sox")).doesNotThrowAnyException();
        System.setProperty("audioml.ci", "false");
        assertThatCode(() -> RequiredTool.assumeInstalled(true, "sox")).doesNotThrowAnyException();
    }
}
