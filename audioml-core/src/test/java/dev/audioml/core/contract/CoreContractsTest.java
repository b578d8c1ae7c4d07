package dev.audioml.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.Source;
import dev.audioml.core.resample.ResamplingSource;
import dev.audioml.core.sink.CsvSink;
import dev.audioml.core.sink.JsonlSink;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import dev.audioml.core.testing.contract.FeatureExtractorContract;
import dev.audioml.core.testing.contract.SinkContract;
import dev.audioml.core.testing.contract.SourceContract;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The core implementations run the contract kit. */
class CoreContractsTest {

    @Nested
    class ArraySource extends SourceContract {
        @Override
        protected Source newSource() {
            return Sources.fromArray(Signals.sine(440, 16_000, 5_000, 0.5), 16_000);
        }

        @Override
        protected Source newEmptySource() {
            return Sources.fromArray(new float[0], 16_000);
        }
    }

    @Nested
    class Resampling extends SourceContract {
        @Override
        protected Source newSource() {
            return ResamplingSource.of(Sources.fromArray(Signals.sine(440, 44_100, 9_000, 0.5), 44_100), 16_000);
        }

        @Override
        protected Source newEmptySource() {
            return ResamplingSource.of(Sources.fromArray(new float[0], 44_100), 16_000);
        }
    }

    @Nested
    class Identity extends FeatureExtractorContract {
        @Override
        protected FeatureExtractor newExtractor() {
            return new IdentityExtractor(16_000);
        }

        @Override
        protected int[] windowLengths() {
            return new int[] {512, 1, 1_001};
        }

        @Override
        protected int tooShortWindow() {
            return 0;
        }
    }

    @Nested
    class Csv extends SinkContract {
        private final StringWriter out = new StringWriter();

        @Override
        protected Sink newSink() {
            return new CsvSink(out);
        }

        @Override
        protected void assertDelivered(int results, int events) throws Exception {
            List<String> rows = out.toString().lines().toList();
            assertThat(rows).hasSize(1 + results); // CSV holds window scores; events are not rows
            assertThat(rows.get(0)).isEqualTo("start_s,end_s,speech,\"dog, \"\"bark\"\"\""); // RFC 4180 quoting
        }
    }

    @Nested
    class Jsonl extends SinkContract {
        private final StringWriter out = new StringWriter();

        @Override
        protected Sink newSink() {
            return new JsonlSink(out, "clip.wav");
        }

        @Override
        protected void assertDelivered(int results, int events) throws Exception {
            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(results + events);
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                assertThat(json.readTree(line).get("file").asText()).isEqualTo("clip.wav");
            }
        }
    }
}
