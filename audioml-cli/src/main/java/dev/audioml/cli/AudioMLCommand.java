package dev.audioml.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code audioml} root command; each task is a subcommand. */
@Command(
        name = "audioml",
        mixinStandardHelpOptions = true,
        versionProvider = AudioMLCommand.Version.class,
        description = "Real-time audio machine learning: features, ONNX models, capture.",
        subcommands = {
            picocli.CommandLine.HelpCommand.class,
            InfoCommand.class,
            DevicesCommand.class,
            RecordCommand.class,
            ClassifyCommand.class,
            LiveCommand.class,
            ModelsCommand.class,
            DemoCommand.class,
            FeaturesCommand.class,
            SpectrogramCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            CalibrateCommand.class,
            BenchCommand.class,
            SparkCommand.class,
        })
public final class AudioMLCommand implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required (see audioml --help)");
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AudioMLCommand.class.getPackage().getImplementationVersion();
            return new String[] {"audioml " + (v == null ? "development build" : v)};
        }
    }
}
