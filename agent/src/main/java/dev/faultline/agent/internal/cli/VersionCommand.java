package dev.faultline.agent.internal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code version} (also {@code --version}): the version of the agent jar this command runs
 * from, as its manifest's {@code Implementation-Version} has it (the Maven project version
 * the jar was built with).
 */
final class VersionCommand implements Command {
    @Override
    public String name() {
        return "version";
    }

    @Override
    public String synopsis() {
        return "version";
    }

    @Override
    public String summary() {
        return "the agent jar's version (also --version)";
    }

    @Override
    public String help() {
        return "Prints 'faultline VERSION (PATH)', the version from the agent jar's manifest and the jar's path.\n"
                + "\nexit codes: 0 printed, 1 the agent jar or its version cannot be found, 2 bad usage\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure {
        if (!args.isEmpty()) {
            throw CliFailure.usage("version takes no arguments, got: " + String.join(" ", args));
        }
        Path jar = AgentJar.locate();
        String version;
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw CliFailure.failed("cannot read the manifest of " + jar + ": " + e.getMessage());
        }
        if (version == null || version.isBlank()) {
            throw CliFailure.failed(jar + " names no Implementation-Version in its manifest");
        }
        out.println("faultline " + version + " (" + jar + ")");
        return Cli.OK;
    }
}
