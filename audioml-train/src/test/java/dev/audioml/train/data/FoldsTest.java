package dev.audioml.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldsTest {
    @TempDir
    Path tmp;

    /** 3 classes x 8 sources x 3 takes: every take of a source in one fold, every class in every fold. */
    @Test
    void groupsStayTogetherAndClassesSpreadOverTheFolds() {
        List<String> classes = List.of("a", "b", "c");
        List<Clip> clips = new ArrayList<>();
        for (String c : classes) {
            for (int source = 0; source < 8; source++) {
                for (int take = 0; take < 3; take++) {
                    clips.add(new Clip(Path.of(c + source + "_take" + take + ".wav"), c, null, c + source));
                }
            }
        }
        int[] fold = Folds.assign(classes, clips, Clip::group, 4, 7);
        Map<String, Integer> foldOfGroup = new HashMap<>();
        int[][] perFold = new int[4][3];
        for (int i = 0; i < clips.size(); i++) {
            Integer before = foldOfGroup.putIfAbsent(clips.get(i).group(), fold[i]);
            assertThat(before == null || before == fold[i]).as(clips.get(i).group()).isTrue();
            perFold[fold[i]][classes.indexOf(clips.get(i).label())]++;
        }
        for (int[] f : perFold) {
            assertThat(f).containsOnly(6); // 2 sources x 3 takes of each class in each of the 4 folds
        }
        assertThat(Folds.assign(classes, clips, Clip::group, 4, 7)).isEqualTo(fold);
    }

    @Test
    void aCsvGroupColumnGroupsTheClips() throws Exception {
        Files.write(tmp.resolve("x.wav"), new byte[0]);
        Files.write(tmp.resolve("y.wav"), new byte[0]);
        Path csv = tmp.resolve("data.csv");
        Files.writeString(csv, "file,label,group\nx.wav,dog,rex\ny.wav,cat,\n");
        Dataset d = Dataset.fromCsv(csv);
        assertThat(d.clips()).extracting(Clip::group).containsExactly("rex", null);
    }
}
