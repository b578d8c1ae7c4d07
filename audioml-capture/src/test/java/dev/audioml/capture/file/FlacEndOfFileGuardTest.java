package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FlacEndOfFileGuardTest {
    @Test
    void passesDataAndAFewEndOfFileReadsThenFails() throws IOException {
        FlacFileSource.EndOfFileGuard guard = new FlacFileSource.EndOfFileGuard(
                new ByteArrayInputStream(new byte[] {1, 2, 3}));
        byte[] buf = new byte[8];
        assertThat(guard.read(buf, 0, 8)).isEqualTo(3);
        for (int i = 0; i < FlacFileSource.EndOfFileGuard.MAX_READS_AT_END; i++) {
            assertThat(i % 2 == 0 ? guard.read() : guard.read(buf, 0, 8)).isEqualTo(-1);
        }
        assertThatThrownBy(guard::read).isInstanceOf(FlacFileSource.EndOfFileGuard.StuckAtEndException.class)
                .isNotInstanceOf(java.io.EOFException.class);
    }
}
