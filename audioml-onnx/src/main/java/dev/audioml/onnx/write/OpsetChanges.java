package dev.audioml.onnx.write;

import java.util.Map;
import java.util.Optional;

/**
 * The opset versions at which an ONNX operator of the default domain changed so that a node written for an earlier
 * version means something else, or no longer loads, when read at the later one: an attribute became an input
 * ({@code Squeeze}/{@code Unsqueeze}/{@code Split}/{@code ReduceSum} at 13, the other {@code Reduce*} at 18,
 * {@code Clip}/{@code Pad} at 11, {@code Slice}/{@code TopK} at 10, {@code Dropout} at 12), an attribute went away
 * ({@code BatchNormalization}'s {@code spatial} at 9, {@code Scan}'s batch axis at 9), or the meaning changed
 * ({@code Softmax}/{@code LogSoftmax}/{@code Hardmax} at 13: one axis instead of a 2-D coercion; {@code Split} at 18:
 * the number of outputs must be stated; {@code GroupNormalization} at 21: per-channel scale). Taken from the operator
 * change log ({@code onnx/docs/Changelog.md}); additions of optional attributes or types are compatible and not
 * listed.
 *
 * <p>Immutable and thread-safe.
 */
final class OpsetChanges {
    private static final Map<String, int[]> BREAKING = Map.ofEntries(
            Map.entry("BatchNormalization", new int[] {9}),
            Map.entry("Clip", new int[] {11}),
            Map.entry("Dropout", new int[] {12}),
            Map.entry("GroupNormalization", new int[] {21}),
            Map.entry("Hardmax", new int[] {13}),
            Map.entry("LogSoftmax", new int[] {13}),
            Map.entry("Pad", new int[] {11}),
            Map.entry("ReduceL1", new int[] {18}),
            Map.entry("ReduceL2", new int[] {18}),
            Map.entry("ReduceLogSum", new int[] {18}),
            Map.entry("ReduceLogSumExp", new int[] {18}),
            Map.entry("ReduceMax", new int[] {18}),
            Map.entry("ReduceMean", new int[] {18}),
            Map.entry("ReduceMin", new int[] {18}),
            Map.entry("ReduceProd", new int[] {18}),
            Map.entry("ReduceSum", new int[] {13}),
            Map.entry("ReduceSumSquare", new int[] {18}),
            Map.entry("Resize", new int[] {11}),
            Map.entry("Scan", new int[] {9}),
            Map.entry("Slice", new int[] {10}),
            Map.entry("Softmax", new int[] {13}),
            Map.entry("Split", new int[] {13, 18}),
            Map.entry("Squeeze", new int[] {13}),
            Map.entry("TopK", new int[] {10}),
            Map.entry("Unsqueeze", new int[] {13}),
            Map.entry("Upsample", new int[] {10}));

    private OpsetChanges() {
    }

    /**
     * @param domain the node's domain ({@code ""} for ONNX's default domain; other domains are not checked)
     * @param opType the node's operator
     * @param writtenFor the opset of the model the node comes from
     * @param target the opset of the model it is written into
     * @return why the node cannot be read at {@code target}, or empty if it can
     */
    static Optional<String> breakingChange(String domain, String opType, long writtenFor, long target) {
        if (!domain.isEmpty() || target == writtenFor) {
            return Optional.empty();
        }
        if (target < writtenFor) {
            return Optional.of("the model's opset " + target + " is older than " + writtenFor);
        }
        for (int v : BREAKING.getOrDefault(opType, new int[0])) {
            if (v > writtenFor && v <= target) {
                return Optional.of(opType + " changed incompatibly at opset " + v);
            }
        }
        return Optional.empty();
    }
}
