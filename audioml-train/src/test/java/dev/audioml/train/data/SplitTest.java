package dev.audioml.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static List<Clip> clips(String label, int n, String fold) {
        List<Clip> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Clip(Path.of(label + i + ".wav"), label, fold == null ? null : Integer.toString(i % 5 + 1)));
        }
        return out;
    }

    @Test
    void stratifiedSplitKeepsClassSharesAndIsSeeded() {
        List<Clip> all = new ArrayList<>(clips("a", 20, null));
        all.addAll(clips("b", 10, null));
        Split s = Split.stratified(List.of("a", "b"), all, 0.15, 0.2, 1);
        assertThat(Dataset.countByClass(List.of("a", "b"), s.test())).containsEntry("a", 4).containsEntry("b", 2);
        assertThat(Dataset.countByClass(List.of("a", "b"), s.validation())).containsEntry("a", 3)
                .containsEntry("b", 2);
        Set<Clip> union = new HashSet<>(s.train());
        union.addAll(s.validation());
        union.addAll(s.test());
        assertThat(union).hasSize(30);
        assertThat(Split.stratified(List.of("a", "b"), all, 0.15, 0.2, 1)).isEqualTo(s);
        assertThat(Split.stratified(List.of("a", "b"), all, 0.15, 0.2, 2).test()).isNotEqualTo(s.test());
    }

    @Test
    void tinyClassesStayInTraining() {
        List<Clip> all = new ArrayList<>(clips("a", 2, null));
        all.addAll(clips("b", 6, null));
        Split s = Split.stratified(List.of("a", "b"), all, 0.2, 0.2, 1);
        assertThat(Dataset.countByClass(List.of("a", "b"), s.train())).containsEntry("a", 2);
    }

    @Test
    void foldSplitHoldsOutTheLastFoldNumerically() {
        List<Clip> all = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            all.add(new Clip(Path.of("a" + i), "a", Integer.toString(i)));
            all.add(new Clip(Path.of("b" + i), "b", Integer.toString(i)));
        }
        Split s = Split.byFold(List.of("a", "b"), all, null, 0.2, 3);
        assertThat(s.test()).extracting(Clip::fold).containsOnly("10");
        assertThat(Split.byFold(List.of("a", "b"), all, "3", 0.2, 3).test()).hasSize(2);
        assertThatThrownBy(() -> Split.byFold(List.of("a", "b"), all, "11", 0.2, 3))
                .hasMessageContaining("test fold \"11\" has no clips");
    }

    @Test
    void undersamplingCutsEveryClassToTheSmallest() {
        List<Clip> all = new ArrayList<>(clips("a", 30, null));
        all.addAll(clips("b", 10, null));
        Split s = Split.stratified(List.of("a", "b"), all, 0, 0.2, 1).undersampled(List.of("a", "b"), 1);
        assertThat(Dataset.countByClass(List.of("a", "b"), s.train()).values()).containsOnly(8);
    }

    @Test
    void csvFieldsMayBeQuoted() {
        assertThat(Dataset.parseCsvLine("\"a,b.wav\",\"say \"\"hi\"\"\",3")).containsExactly("a,b.wav", "say \"hi\"", "3");
    }

    @Test
    void windowsCoverTheClipAndPadShortOnes() {
        assertThat(ClipAudio.windows(new float[5], 10, 10)).singleElement().satisfies(w -> assertThat(w).hasSize(10));
        assertThat(ClipAudio.windows(new float[30], 10, 10)).hasSize(3);
        assertThat(ClipAudio.windows(new float[34], 10, 10)).hasSize(3); // a 4-sample tail is dropped
        assertThat(ClipAudio.windows(new float[36], 10, 10)).hasSize(4); // a 6-sample tail is padded
        assertThat(ClipAudio.windows(new float[30], 10, 5)).hasSize(5);
    }
}
