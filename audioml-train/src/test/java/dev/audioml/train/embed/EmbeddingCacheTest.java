package dev.audioml.train.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
    @TempDir
    Path tmp;

    @Test
    void keyFollowsContentAndContextAndEntriesRoundTrip() throws Exception {
        Path a = Files.write(tmp.resolve("a.wav"), new byte[] {1, 2, 3});
        Path b = Files.write(tmp.resolve("renamed.wav"), new byte[] {1, 2, 3});
        Path c = Files.write(tmp.resolve("c.wav"), new byte[] {1, 2, 4});
        assertThat(EmbeddingCache.key(a, "x")).isEqualTo(EmbeddingCache.key(b, "x"))
                .isNotEqualTo(EmbeddingCache.key(c, "x")).isNotEqualTo(EmbeddingCache.key(a, "y"));
        EmbeddingCache cache = new EmbeddingCache(tmp.resolve("cache"));
        String key = EmbeddingCache.key(a, "x");
        assertThat(cache.get(key)).isNull();
        float[][] v = {{1f, -2.5f}, {Float.MIN_VALUE, 3e30f}};
        cache.put(key, v);
        assertThat(cache.get(key)).isDeepEqualTo(v);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        Files.writeString(cache.dir().resolve(key + ".emb"), "garbage!");
        assertThat(cache.get(key)).isNull();
    }

    @Test
    void logMelStatsSpecRoundTripsThroughTheFeatureProvider() {
        LogMelStatsBackbone b = LogMelStatsBackbone.defaults(16_000);
        var fx = new EmbeddingFeatureProvider().create(new java.util.HashMap<>(b.featureSpec("mean")));
        assertThat(fx.outputShape(16_000)).containsExactly(1, b.columns("mean").length);
        assertThat(b.columns("mean")).hasSize(40 + 60);
        assertThat(b.dimension()).isEqualTo(200);
    }
}
