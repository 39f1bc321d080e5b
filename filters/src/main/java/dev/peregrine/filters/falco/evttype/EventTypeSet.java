package dev.peregrine.filters.falco.evttype;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/** Immutable set of event types over the {@link EventTypeNames} universe. */
public final class EventTypeSet {
    private static final EventTypeSet NONE = new EventTypeSet(new BitSet());
    private static final EventTypeSet ALL;

    static {
        BitSet b = new BitSet();
        b.set(0, EventTypeNames.count());
        ALL = new EventTypeSet(b);
    }

    private final BitSet bits;

    private EventTypeSet(BitSet bits) {
        this.bits = bits;
    }

    public static EventTypeSet none() {
        return NONE;
    }

    public static EventTypeSet all() {
        return ALL;
    }

    /** The types with these names; unknown names are ignored. */
    public static EventTypeSet of(Collection<String> names) {
        BitSet b = new BitSet();
        for (String n : names) {
            int i = EventTypeNames.indexOf(n);
            if (i >= 0) {
                b.set(i);
            }
        }
        return new EventTypeSet(b);
    }

    public EventTypeSet union(EventTypeSet o) {
        BitSet b = (BitSet) bits.clone();
        b.or(o.bits);
        return new EventTypeSet(b);
    }

    public EventTypeSet intersect(EventTypeSet o) {
        BitSet b = (BitSet) bits.clone();
        b.and(o.bits);
        return new EventTypeSet(b);
    }

    public EventTypeSet complement() {
        BitSet b = (BitSet) ALL.bits.clone();
        b.andNot(bits);
        return new EventTypeSet(b);
    }

    public boolean contains(int index) {
        return bits.get(index);
    }

    public boolean contains(String name) {
        int i = EventTypeNames.indexOf(name);
        return i >= 0 && bits.get(i);
    }

    public int size() {
        return bits.cardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public boolean isAll() {
        return equals(ALL);
    }

    /** Indexes of the member types, ascending. */
    public int[] indexes() {
        return bits.stream().toArray();
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        bits.stream().forEach(i -> out.add(EventTypeNames.name(i)));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeSet s && s.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "all";
        }
        if (size() > EventTypeNames.count() / 2) {
            return "all_except" + complement().names();
        }
        return names().toString();
    }
}
