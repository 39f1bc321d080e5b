package dev.peregrine.filters.falco.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Collected (not yet compiled) items of the rules files, as the loader's collector stage keeps them. */
final class Definitions {
    private Definitions() {
    }

    /** Where an item (or one of its values) is in its file. */
    record Ctx(String file, int line, int col, String kind, String name) {
        LoadMessage message(String text) {
            return new LoadMessage(file, line, col, kind, name, text);
        }

        Ctx withKind(String k, String n) {
            return new Ctx(file, line, col, k, n);
        }

        Ctx at(int l, int c) {
            return new Ctx(file, l, c, kind, name);
        }
    }

    static final class ListDef {
        String name;
        List<String> items = new ArrayList<>();
        Ctx ctx;
        int index;
        int visibility;
        boolean used;
    }

    static final class MacroDef {
        String name;
        String cond;
        Ctx ctx;
        Ctx condCtx;
        int index;
        int visibility;
        boolean used;
    }

    /** A value of an exception: a scalar string or a (nested) list. */
    record ExValue(String item, List<ExValue> items) {
        boolean isList() {
            return items != null;
        }

        static ExValue scalar(String s) {
            return new ExValue(s, null);
        }
    }

    static final class ExceptionDef {
        String name;
        ExValue fields;
        ExValue comps;
        List<ExValue> values = new ArrayList<>();
        Ctx ctx;
    }

    static final class RuleDef {
        String name;
        String source = "syscall";
        String cond;
        String output;
        String desc;
        Priority priority;
        boolean enabled = true;
        Set<String> tags = new TreeSet<>();
        List<ExceptionDef> exceptions = new ArrayList<>();
        boolean capture;
        long captureDuration;
        boolean warnEvttypes = true;
        boolean skipIfUnknownFilter;
        boolean unknownSource;
        Ctx ctx;
        Ctx condCtx;
        Ctx outputCtx;
    }
}
