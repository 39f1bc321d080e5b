package dev.peregrine.outputs.stdout;

import dev.peregrine.pipeline.event.Chunk;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.json.FluentJsonDecoder;
import dev.peregrine.pipeline.json.JsonDateFormat;
import dev.peregrine.pipeline.json.JsonFormat;
import dev.peregrine.pipeline.log.Log;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StdoutOutputTest {
    private static Chunk chunk(String... records) {
        Chunk c = new Chunk("t");
        for (String r : records) {
            c.add(Event.of(new EventTime(1, 5), FluentJsonDecoder.decodeOne(r).asMapValue()));
        }
        return c;
    }

    private static String print(StdoutOptions o, Chunk... chunks) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        StdoutOutput out = new StdoutOutput(new StdoutFormatter(o, true, false), bos, Log.of("test"));
        for (Chunk c : chunks) {
            out.flush(c).toCompletableFuture().get();
        }
        return bos.toString(StandardCharsets.UTF_8);
    }

    @Test
    void counterRestartsPerChunk() throws Exception {
        StdoutOptions o = StdoutOptions.of(null, null, null, Log.of("test"));
        assertEquals("[0] t: [[1.000000005, {}], {\"a\"=>1}]\n[1] t: [[1.000000005, {}], {\"b\"=>2}]\n"
                        + "[0] t: [[1.000000005, {}], {\"c\"=>3}]\n",
                print(o, chunk("{\"a\":1}", "{\"b\":2}"), chunk("{\"c\":3}")));
    }

    @Test
    void factoriesAreRegistered() {
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.ServiceLoader.load(dev.peregrine.pipeline.plugin.OutputFactory.class).forEach(f -> names.add(f.name()));
        assertEquals(true, names.containsAll(java.util.List.of("stdout", "null", "file")), names.toString());
    }

    @Test
    void invalidValuesFallBack() {
        StdoutOptions o = StdoutOptions.of("yaml", "weird", "off", Log.of("test"));
        assertEquals(JsonFormat.MSGPACK, o.format());
        assertEquals(JsonDateFormat.DOUBLE, o.dateFormat());
        assertNull(o.dateKey());
    }

    @Test
    void jsonPrintsOneArrayPerChunk() throws Exception {
        StdoutOptions o = StdoutOptions.of("json", "epoch", "ts", Log.of("test"));
        assertEquals("[{\"ts\":1,\"a\":1},{\"ts\":1,\"b\":2}]\n[{\"ts\":1,\"c\":3}]\n",
                print(o, chunk("{\"a\":1}", "{\"b\":2}"), chunk("{\"c\":3}")));
    }

    @Test
    void bodyKeyEqualToDateKeyWins() throws Exception {
        StdoutOptions o = StdoutOptions.of("json_lines", null, null, Log.of("test"));
        assertEquals("{\"x\":1,\"date\":\"mine\"}\n", print(o, chunk("{\"x\":1,\"date\":\"mine\"}")));
    }
}
