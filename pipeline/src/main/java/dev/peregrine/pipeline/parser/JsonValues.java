package dev.peregrine.pipeline.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one JSON text into msgpack values, for the json parser and the json decoder. Objects keep their key order and
 * duplicate keys (as Fluent Bit's JSON packer does); integers that fit 64 bits stay integers, others become floats.
 */
public final class JsonValues {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private JsonValues() {
    }

    /** The single JSON value in {@code text}, or null when the text is not exactly one valid JSON value. */
    public static Value parse(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            Value v = read(p, t);
            if (p.nextToken() != null) {
                return null;
            }
            return v;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Value read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                List<Value> kvs = new ArrayList<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
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
            case VALUE_NUMBER_INT: {
                BigInteger b = p.getBigIntegerValue();
                if (b.bitLength() <= 63 || (b.signum() > 0 && b.bitLength() <= 64)) {
                    return ValueFactory.newInteger(b);
                }
                return ValueFactory.newFloat(b.doubleValue());
            }
            case VALUE_NUMBER_FLOAT:
                return ValueFactory.newFloat(p.getDoubleValue());
            case VALUE_TRUE:
                return ValueFactory.newBoolean(true);
            case VALUE_FALSE:
                return ValueFactory.newBoolean(false);
            case VALUE_NULL:
                return ValueFactory.newNil();
            default:
                throw new IOException("unexpected token " + t);
        }
    }
}
