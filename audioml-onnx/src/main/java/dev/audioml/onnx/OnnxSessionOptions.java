package dev.audioml.onnx;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How ONNX Runtime runs a model: thread counts, graph optimization level and execution provider.
 *
 * <p>Immutable and thread-safe.
 *
 * @param intraOpThreads threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core)
 * @param interOpThreads threads used to run independent operators in parallel; 0 lets ONNX Runtime choose
 * @param optimizationLevel graph optimization level
 * @param executionProvider provider name, case-insensitive, with or without the {@code ExecutionProvider} suffix:
 *     {@code cpu} (default), {@code cuda}, {@code tensorrt}, {@code rocm}, {@code dnnl}, {@code openvino},
 *     {@code coreml}, {@code directml}, {@code xnnpack}, {@code nnapi}, {@code qnn}, {@code webgpu}; only those
 *     compiled into the ONNX Runtime build on the class path work
 * @param optimizedModelPath where ONNX Runtime writes the optimized graph for inspection, or {@code null} for none
 * @param allowSpinning whether ONNX Runtime's idle pool threads spin-wait for the next run (its
 *     {@code session.intra_op.allow_spinning} and {@code session.inter_op.allow_spinning}; default true): spinning
 *     saves the wake-up latency on idle cores but burns CPU time that other sessions or processes on the same cores
 *     need. No effect with one intra-op and one inter-op thread (ONNX Runtime then makes no thread pool)
 * @since 0.1
 */
public record OnnxSessionOptions(int intraOpThreads, int interOpThreads, OptimizationLevel optimizationLevel,
        String executionProvider, Path optimizedModelPath, boolean allowSpinning) {

    /** Validates. */
    public OnnxSessionOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = ONNX Runtime's choice), got " + intraOpThreads);
        }
        if (interOpThreads < 0) {
            throw new IllegalArgumentException("interOpThreads must be >= 0 (0 = ONNX Runtime's choice), got " + interOpThreads);
        }
        Objects.requireNonNull(optimizationLevel, "optimizationLevel");
        ExecutionProviders.parse(executionProvider);
    }

    /** @return CPU, ONNX Runtime's thread defaults, all optimizations */
    public static OnnxSessionOptions defaults() {
        return builder().build();
    }

    /** @return a builder starting from {@link #defaults()} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the optimized-model dump path, if set */
    public Optional<Path> optimizedModelFile() {
        return Optional.ofNullable(optimizedModelPath);
    }

    /**
     * Builds {@link OnnxSessionOptions}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private int intraOpThreads;
        private int interOpThreads;
        private OptimizationLevel optimizationLevel = OptimizationLevel.ALL;
        private String executionProvider = "cpu";
        private Path optimizedModelPath;
        private boolean allowSpinning = true;

        private Builder() {
        }

        /**
         * @param threads threads inside one operator, 0 for ONNX Runtime's choice
         * @return this builder
         */
        public Builder intraOpThreads(int threads) {
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * @param threads threads across operators, 0 for ONNX Runtime's choice
         * @return this builder
         */
        public Builder interOpThreads(int threads) {
            this.interOpThreads = threads;
            return this;
        }

        /**
         * @param level graph optimization level
         * @return this builder
         */
        public Builder optimizationLevel(OptimizationLevel level) {
            this.optimizationLevel = level;
            return this;
        }

        /**
         * @param provider execution provider name, e.g. {@code cpu} or {@code cuda}
         * @return this builder
         */
        public Builder executionProvider(String provider) {
            this.executionProvider = provider;
            return this;
        }

        /**
         * @param file where to write the optimized graph, {@code null} for none
         * @return this builder
         */
        public Builder optimizedModelPath(Path file) {
            this.optimizedModelPath = file;
            return this;
        }

        /**
         * @param allow whether idle pool threads spin-wait for work (default true); false suits several
         *     multi-threaded sessions, or other busy processes, sharing few cores
         * @return this builder
         */
        public Builder allowSpinning(boolean allow) {
            this.allowSpinning = allow;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException on a negative thread count or an unknown provider name
         */
        public OnnxSessionOptions build() {
            return new OnnxSessionOptions(intraOpThreads, interOpThreads, optimizationLevel, executionProvider, optimizedModelPath,
                    allowSpinning);
        }
    }
}
