package dev.audioml.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code audioml} root command; each task is a subcommand, added by {@link #commandLine(String[])} (only the one
 * asked for, when it is known).
 */
@Command(
        name = "audioml",
        mixinStandardHelpOptions = true,
        versionProvider = AudioMLCommand.Version.class,
        description = "Real-time audio machine learning: features, ONNX models, capture.")
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
    /**
     * Every subcommand by name, in the order help lists them, made when needed: picocli builds the model of a command
     * (options, mixins, help text) by reflection when it is added, and all fifteen took about half of a start's CPU
     * time ({@code audioml features --help} on one processor: 1.25 s of CPU with every subcommand, 0.66 s with one).
     */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> m = new java.util.LinkedHashMap<>();
        m.put("help", picocli.CommandLine.HelpCommand::new);
        m.put("info", InfoCommand::new);
        m.put("devices", DevicesCommand::new);
        m.put("record", RecordCommand::new);
        m.put("classify", ClassifyCommand::new);
        m.put("live", LiveCommand::new);
        m.put("models", ModelsCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("features", FeaturesCommand::new);
        m.put("spectrogram", SpectrogramCommand::new);
        m.put("train", TrainCommand::new);
        m.put("eval", EvalCommand::new);
        m.put("calibrate", CalibrateCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("spark", SparkCommand::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** @return the whole command tree (help, tests) */
    static picocli.CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when it is a known one other than
     * {@code help} (root options such as {@code --verbose} may come before it), else with every subcommand, so that
     * help, suggestions and errors list them all.
     *
     * @param args the arguments, or null for the whole tree
     * @return a new command line over a new root command
     */
    static picocli.CommandLine commandLine(String[] args) {
        picocli.CommandLine cli = new picocli.CommandLine(new AudioMLCommand());
        String named = null;
        for (int i = 0; args != null && i < args.length && named == null; i++) {
            if (!args[i].startsWith("-")) {
                named = args[i];
            }
        }
        if (named != null && !named.equals("help") && SUBCOMMANDS.containsKey(named)) {
            cli.addSubcommand(named, SUBCOMMANDS.get(named).get());
        } else {
            SUBCOMMANDS.forEach((name, make) -> cli.addSubcommand(name, make.get()));
        }
        return cli;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AudioMLCommand.class.getPackage().getImplementationVersion();
            return new String[] {"audioml " + (v == null ? "development build" : v)};
        }
    }
}
