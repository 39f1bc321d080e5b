package dev.peregrine.filters.falco.rules;

import java.util.Locale;

/** Falco rule priorities, most severe first ({@code falco_common.cpp}). */
public enum Priority {
    EMERGENCY("Emergency"), ALERT("Alert"), CRITICAL("Critical"), ERROR("Error"), WARNING("Warning"),
    NOTICE("Notice"), INFORMATIONAL("Informational"), DEBUG("Debug");

    private final String display;

    Priority(String display) {
        this.display = display;
    }

    /** Name as Falco prints it in alerts ("Informational", not "Info"). */
    public String display() {
        return display;
    }

    /** Case-insensitive; "info" is accepted for Informational. Null if unknown. */
    public static Priority parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("info")) {
            return INFORMATIONAL;
        }
        for (Priority p : values()) {
            if (p.display.toLowerCase(Locale.ROOT).equals(v)) {
                return p;
            }
        }
        return null;
    }

    /** True if this priority is at least as severe as the threshold (config {@code priority:}). */
    public boolean atLeast(Priority threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
