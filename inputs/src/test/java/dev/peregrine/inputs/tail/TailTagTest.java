package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.parser.RubyRegex;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TailTagTest {
    @Test
    void starBecomesThePathWithDots() {
        assertEquals("kube.var.log.containers.x.log", TailTag.compose("kube.*", null, "/var/log/containers/x.log"));
        assertEquals("falco.containers.a.log", TailTag.compose("falco.*", null, "containers/a.log"));
        assertEquals("a.b.log.end", TailTag.compose("a.*.end", null, "//b.log"));
        assertEquals("var.log.x.log", TailTag.compose("*", null, "/var/log/x.log"));
        assertEquals("fixed", TailTag.compose("fixed", null, "/var/log/x.log"));
    }

    @Test
    void tagRegexFillsPlaceholders() {
        RubyRegex re = RubyRegex.compile("(?<pod>[^_/]+)_(?<ns>[^_]+)_(?<ctr>.+)\\.log$");
        assertEquals("kube.shop.web-1.app", TailTag.compose("kube.<ns>.<pod>.<ctr>", re,
            "/var/log/containers/web-1_shop_app.log"));
        RubyRegex opt = RubyRegex.compile("(?<a>x)?(?<b>y)");
        assertEquals("t._.y", TailTag.compose("t.<a>.<b>", opt, "y"));
    }

    @Test
    void globAndExclude(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/x.log"), "");
        Files.writeString(dir.resolve("a/y.log"), "");
        Files.writeString(dir.resolve("a/.hidden.log"), "");
        Files.writeString(dir.resolve("a/z.txt"), "");
        assertEquals(List.of(dir + "/a/x.log", dir + "/a/y.log"), PathGlob.expand(dir + "/*/*.log"));
        assertEquals(List.of(dir + "/a/x.log"), PathGlob.expand(dir + "/a/[wx].log"));
        assertTrue(PathGlob.fnmatch("*.log", "/var/log/a.log"));
        assertTrue(PathGlob.fnmatch("/var/*/a.log", "/var/log/x/a.log"));
        assertFalse(PathGlob.fnmatch("*.gz", "/var/log/a.log"));
    }
}
