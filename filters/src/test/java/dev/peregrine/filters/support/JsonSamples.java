package dev.peregrine.filters.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a dummy input's Dummy value (JSON objects separated by spaces) or a case.json into msgpack values. */
public final class JsonSamples {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonSamples() {
    }

    public static List<Value> readAll(String text) {
        List<Value> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                out.add(read(p, t));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Value read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                List<Value> kvs = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    kvs.add(ValueFactory.newString(p.currentName()));
                    kvs.add(read(p, p.nextToken()));
                }
                return ValueFactory.newMap(kvs.toArray(new Value[0]));
            }
            case START_ARRAY: {
                List<Value> items = new ArrayList<>();
                JsonToken k;
                while ((k = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(p, k));
                }
                return ValueFactory.newArray(items);
            }
            case VALUE_STRING:
                return ValueFactory.newString(p.getText());
            case VALUE_NUMBER_INT:
                return ValueFactory.newInteger(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return ValueFactory.newFloat(p.getDoubleValue());
            case VALUE_TRUE:
                return ValueFactory.newBoolean(true);
            case VALUE_FALSE:
                return ValueFactory.newBoolean(false);
            default:
                return ValueFactory.newNil();
        }
    }
}
