package dev.peregrine.outputs.file;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.json.JsonEncoder;
import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.plugin.FlushResult;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** out_file line formats, as plugins/out_file/file.c writes them. */
class FileOutputTest {
    @TempDir
    Path dir;

    private static final EventTime T = new EventTime(1700000000, 123456789);

    private Chunk chunk(String tag, String... records) {
        Chunk c = new Chunk(tag);
        for (String r : records) {
            c.add(Event.of(T, FluentJsonDecoder.decodeOne(r).asMapValue()));
        }
        c.seal();
        return c;
    }

    private String run(String format, String delimiter, String label, String template, boolean columns,
                       Chunk... chunks) throws Exception {
        FileOptions o = FileOptions.of(dir.toString(), "out.txt", format, delimiter, label, template, columns, false);
        FileOutput out = new FileOutput(o, new FileRecordEncoder(o, new JsonEncoder(true, false)), Log.of("test"));
        for (Chunk c : chunks) {
            assertEquals(FlushResult.OK, out.flush(c).toCompletableFuture().get());
        }
        return new String(Files.readAllBytes(dir.resolve("out.txt")), StandardCharsets.ISO_8859_1);
    }

    @Test
    void defaultFormatIsTagTimeAndJson() throws Exception {
        assertEquals("app.x: [1700000000.123456789, {\"a\":\"\\u00e9\\n\",\"b\":1.5}]\n",
                run(null, null, null, null, false, chunk("app.x", "{\"a\":\"é\\n\",\"b\":1.5}")));
    }

    @Test
    void plainIsJsonPerLine() throws Exception {
        assertEquals("{\"a\":1}\n{\"b\":[true,null]}\n",
                run("plain", null, null, null, false, chunk("t", "{\"a\":1}", "{\"b\":[true,null]}")));
    }

    @Test
    void csvWithHeaderOnlyOnEmptyFile() throws Exception {
        assertEquals("timestamp,\"a\",\"b\"\n1700000000.123456789,\"x\",2\n1700000000.123456789,\"y\",3\n",
                run("csv", null, null, null, true, chunk("t", "{\"a\":\"x\",\"b\":2}"),
                        chunk("t", "{\"a\":\"y\",\"b\":3}")));
    }

    @Test
    void csvDelimiterKeywords() throws Exception {
        assertEquals("1700000000.123456789\t1\t0.500000\n",
                run("csv", "tab", null, null, false, chunk("t", "{\"a\":1,\"b\":0.5}")));
    }

    @Test
    void ltsv() throws Exception {
        assertEquals("\"time\":1700000000.123457\t\"a\":\"x\"\t\"n\":1\n",
                run("ltsv", null, null, null, false, chunk("t", "{\"a\":\"x\",\"n\":1}")));
        assertEquals("\"time\",1700000000.123457 \"a\",\"x\"\n",
                run("ltsv", "space", "comma", null, false, chunk("t", "{\"a\":\"x\"}")).lines()
                        .reduce((a, b) -> b).orElseThrow() + "\n");
    }

    @Test
    void template() throws Exception {
        // a second '{' flushes the first as text; an unclosed one is written as is
        assertEquals("1700000000.123457 hello {missing} [1, 2] {aB {\n",
                run("template", null, null, "{time} {message} {missing} {arr} {a{b} {", false,
                        chunk("t", "{\"message\":\"hello\",\"arr\":[1,2],\"b\":\"B\"}")));
    }

    @Test
    void msgpackWritesChunkBytes() throws Exception {
        Chunk c = chunk("t", "{\"a\":1}");
        run("msgpack", null, null, null, false, c);
        assertEquals(List.of(c.toMsgpack().length), List.of(Files.readAllBytes(dir.resolve("out.txt")).length));
    }

    @Test
    void unknownFormatFails() {
        assertThrows(PluginConfigException.class,
                () -> FileOptions.of(null, null, "xml", null, null, null, false, false));
    }

    @Test
    void tagIsSanitisedIntoAFileName() {
        assertEquals("a/b/_/c_d", FileOutput.sanitizeTag("/a//b/../c d"));
        assertEquals("_", FileOutput.sanitizeTag("///"));
        assertEquals("my-app_1.default", FileOutput.sanitizeTag("my-app_1.default"));
    }

    @Test
    void mkdirCreatesMissingDirectories() throws Exception {
        Path sub = dir.resolve("x/y");
        FileOptions o = FileOptions.of(sub.toString(), null, "plain", null, null, null, false, true);
        FileOutput out = new FileOutput(o, new FileRecordEncoder(o, new JsonEncoder(true, false)), Log.of("test"));
        assertEquals(FlushResult.OK, out.flush(chunk("app.log", "{\"a\":1}")).toCompletableFuture().get());
        assertEquals("{\"a\":1}\n", Files.readString(sub.resolve("app.log")));
        FileOptions no = FileOptions.of(dir.resolve("z").toString(), null, "plain", null, null, null, false, false);
        FileOutput out2 = new FileOutput(no, new FileRecordEncoder(no, new JsonEncoder(true, false)), Log.of("test"));
        assertEquals(FlushResult.ERROR, out2.flush(chunk("t", "{\"a\":1}")).toCompletableFuture().get());
    }
}
