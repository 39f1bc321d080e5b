package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.parse.ConditionParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conditions specialised for one event type: same answers, no {@code evt.type} reads, dead branches gone. */
class EventTypeSpecializerTest {
    private static Filter compile(String condition) {
        return new ConditionCompiler(FieldRegistry.syscall()).compile(ConditionParser.parse(condition));
    }

    /** The fields a filter reads on an event, in order. */
    private static List<String> reads(Filter f, MapFieldSource event, boolean[] result) {
        List<String> out = new ArrayList<>();
        result[0] = f.matches(ref -> {
            out.add(ref.text());
            return event.value(ref);
        });
        return out;
    }

    @Test
    void openRead_onOpenat_skipsTheTypeCheck_andKeepsTheOthersInOrder() {
        Filter general = compile("evt.type in (open, openat, openat2) and evt.is_open_read = true and fd.typechar = f"
                + " and fd.num >= 0 and not proc.name in (cat)");
        Filter openat = EventTypeSpecializer.specialize(general, "openat");
        MapFieldSource e = new MapFieldSource().put("evt.type", "openat").put("evt.is_open_read", true)
                .put("fd.typechar", "f").put("fd.num", 3L).put("proc.name", "python3");
        boolean[] g = new boolean[1];
        boolean[] s = new boolean[1];
        assertEquals(List.of("evt.type", "evt.is_open_read", "fd.typechar", "fd.num", "proc.name"), reads(general, e, g));
        assertEquals(List.of("evt.is_open_read", "fd.typechar", "fd.num", "proc.name"), reads(openat, e, s));
        assertTrue(g[0]);
        assertTrue(s[0]);
    }

    @Test
    void branchesOfOtherTypes_disappear_andAnImpossibleTypeIsFalse() {
        Filter general = compile("(evt.type = execve and proc.name = sh) or (evt.type = connect and fd.sport = 4444)");
        MapFieldSource connect = new MapFieldSource().put("evt.type", "connect").put("proc.name", "sh")
                .put("fd.sport", 4444L);
        boolean[] r = new boolean[1];
        assertEquals(List.of("fd.sport"), reads(EventTypeSpecializer.specialize(general, "connect"), connect, r));
        assertTrue(r[0]);
        assertSame(Filter.FALSE, EventTypeSpecializer.specialize(general, "openat"));
        // not (evt.type = execve) is always true on connect events, so only the other check remains
        Filter negated = compile("not evt.type = execve and fd.sport = 4444");
        assertEquals(List.of("fd.sport"), reads(EventTypeSpecializer.specialize(negated, "connect"), connect, r));
        assertTrue(r[0]);
        assertSame(Filter.FALSE, EventTypeSpecializer.specialize(negated, "execve"));
    }

    @Test
    void conditionsWithoutTypeChecks_areReturnedAsTheyAre() {
        Filter general = compile("proc.name = sh and not fd.name startswith /etc");
        assertSame(general, EventTypeSpecializer.specialize(general, "openat"));
        // a check for another type folds to false without reading anything
        Filter otherType = compile("evt.type = openat");
        assertFalse(EventTypeSpecializer.specialize(otherType, "close").matches(ref -> {
            throw new AssertionError("read " + ref);
        }));
    }
}
