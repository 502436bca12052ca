package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code helix completion bash|zsh|fish}, run as a user runs it; the bash script is checked by bash itself. */
@Timeout(120)
class CompletionTest {
    @TempDir
    Path home;

    @Test
    void scriptsForEachShellAndAUsageErrorForOthers() throws Exception {
        var helix = new CliProcess(home);
        var bash = helix.run("completion", "bash");
        assertEquals(0, bash.exit(), bash.err());
        assertTrue(bash.out().contains("complete -F") && bash.out().contains("providers")
                && bash.out().contains("config"), bash.out());
        Path script = Files.writeString(home.resolve("helix.bash"), bash.out());
        Process check = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), "bash -n: " + said);

        var zsh = helix.run("completion", "zsh");
        assertTrue(zsh.out().startsWith("autoload -U +X compinit"), zsh.out());
        var fish = helix.run("completion", "fish");
        assertEquals(0, fish.exit(), fish.err());
        assertTrue(fish.out().contains("complete -c helix -n __fish_use_subcommand -a logs"), fish.out());
        assertTrue(fish.out().contains("complete -c helix -n \"__fish_seen_subcommand_from providers\" -a restart"),
                fish.out());
        assertTrue(fish.out().contains("complete -c helix -n \"__fish_seen_subcommand_from serve\" -l port -r"),
                fish.out());
        assertTrue(fish.out().contains("complete -c helix -n \"__fish_seen_subcommand_from doctor\" -l json"),
                fish.out());
        assertTrue(!fish.out().contains("-l cpuinfo") && !bash.out().contains("--cpuinfo"),
                "the doctor's test hooks are hidden: " + fish.out());
        assertTrue(bash.out().contains("doctor"), bash.out());
        var tcsh = helix.run("completion", "tcsh");
        assertEquals(2, tcsh.exit(), "an unknown shell is a usage error: " + tcsh.err());
    }
}
