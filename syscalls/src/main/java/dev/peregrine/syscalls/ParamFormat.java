package dev.peregrine.syscalls;

/** How libsinsp prints a numeric parameter ({@code enum ppm_print_format}). */
public enum ParamFormat {
    NA, DEC, HEX, PADDED_DEC, ID, DIR, OCT
}
