package dev.audioml.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.audioml.core.AudioMLException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Maps user-facing provider names to ONNX Runtime providers and registers them on session options. */
final class ExecutionProviders {
    private static final Map<String, OrtProvider> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("cpu", OrtProvider.CPU);
        BY_NAME.put("cuda", OrtProvider.CUDA);
        BY_NAME.put("tensorrt", OrtProvider.TENSOR_RT);
        BY_NAME.put("rocm", OrtProvider.ROCM);
        BY_NAME.put("dnnl", OrtProvider.DNNL);
        BY_NAME.put("openvino", OrtProvider.OPEN_VINO);
        BY_NAME.put("coreml", OrtProvider.CORE_ML);
        BY_NAME.put("directml", OrtProvider.DIRECT_ML);
        BY_NAME.put("dml", OrtProvider.DIRECT_ML);
        BY_NAME.put("xnnpack", OrtProvider.XNNPACK);
        BY_NAME.put("nnapi", OrtProvider.NNAPI);
        BY_NAME.put("qnn", OrtProvider.QNN);
        BY_NAME.put("webgpu", OrtProvider.WEBGPU);
    }

    private ExecutionProviders() {
    }

    /**
     * @param name provider name, e.g. {@code cuda} or {@code CUDAExecutionProvider}
     * @return the provider
     * @throws IllegalArgumentException for a name that is no known provider
     */
    static OrtProvider parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("executionProvider must not be empty; known: " + BY_NAME.keySet());
        }
        String key = name.toLowerCase(Locale.ROOT).replace("executionprovider", "").replace("_", "").replace("-", "").trim();
        OrtProvider p = BY_NAME.get(key);
        if (p == null) {
            throw new IllegalArgumentException("unknown executionProvider \"" + name + "\"; known: " + BY_NAME.keySet());
        }
        return p;
    }

    /** @return the providers compiled into the ONNX Runtime on the class path, by their ONNX Runtime names */
    static String available() {
        return OrtEnvironment.getAvailableProviders().stream().map(OrtProvider::getName).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Registers {@code name} on {@code options}; CPU needs nothing. */
    static void apply(String name, SessionOptions options) throws OrtException {
        OrtProvider p = parse(name);
        EnumSet<OrtProvider> have = OrtEnvironment.getAvailableProviders();
        if (!have.contains(p)) {
            throw new AudioMLException("execution provider \"" + name + "\" (" + p.getName()
                    + ") is not in this ONNX Runtime build; available: " + available()
                    + " (GPU providers need the onnxruntime_gpu artifact instead of onnxruntime)");
        }
        switch (p) {
            case CPU -> {
            }
            case CUDA -> options.addCUDA();
            case TENSOR_RT -> options.addTensorrt(0);
            case ROCM -> options.addROCM();
            case DNNL -> options.addDnnl(true);
            case OPEN_VINO -> options.addOpenVINO("");
            case CORE_ML -> options.addCoreML();
            case DIRECT_ML -> options.addDirectML(0);
            case XNNPACK -> options.addXnnpack(Map.of());
            case NNAPI -> options.addNnapi();
            case QNN -> options.addQnn(Map.of());
            case WEBGPU -> options.addWebGPU(Map.of());
            default -> throw new AudioMLException("execution provider " + p.getName() + " cannot be configured by name");
        }
    }
}
