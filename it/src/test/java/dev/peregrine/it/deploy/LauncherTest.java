package dev.peregrine.it.deploy;

import dev.peregrine.it.AgentProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/peregrine as users run it: the class-data archive it records and maps, and a stdout that holds only records. */
class LauncherTest {
    @Test
    void firstRunRecordsTheArchive_nextRunMapsIt_stdoutHoldsOnlyRecords(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("agent.jsa");
        Map<String, String> env = Map.of("PEREGRINE_JAR", AgentProcess.jar().toString(),
            "PEREGRINE_CDS_ARCHIVE", archive.toString());
        // dummy with samples stops producing but keeps running, as Fluent Bit's: SIGTERM after a few seconds
        List<String> cmd = List.of("timeout", "--preserve-status", "-s", "TERM", "6",
            Deploy.home().resolve("bin/peregrine").toString(), "-i", "dummy", "-p",
            "samples=3", "-p", "dummy={\"n\":1}", "-o", "stdout", "-p", "format=json_lines", "-m", "*", "-f", "0.2");

        Deploy.Result first = Deploy.run(dir, env, 120, cmd);
        assertEquals(0, first.exit(), first.stderr());
        assertEquals(3, first.stdout().lines().filter(l -> l.contains("\"n\":1")).count(), first.stdout());
        assertEquals(3, first.stdout().lines().count(), "only records on stdout:\n" + first.stdout());
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("agent\\.jsa\\.\\d+\\.tmp")),
                "no archive recorded at exit:\n" + first.stderr());
        }

        Deploy.Result second = Deploy.run(dir, env, 120, cmd);
        assertEquals(0, second.exit(), second.stderr());
        assertTrue(Files.size(archive) > 1_000_000, "archive moved into place and kept");
        assertEquals(3, second.stdout().lines().count(), "only records on stdout:\n" + second.stdout());
        assertTrue(second.stderr().lines().noneMatch(l -> l.contains("[warning]") || l.contains("[cds")),
            second.stderr());
    }
}
