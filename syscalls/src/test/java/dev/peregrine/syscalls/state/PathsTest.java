package dev.peregrine.syscalls.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathsTest {
    @Test
    void concatenate_normalisesLikeLibsinsp() {
        assertEquals("/etc/passwd", Paths.concatenate("/home/u/", "/etc/passwd"));
        assertEquals("/home/u/a.txt", Paths.concatenate("/home/u/", "a.txt"));
        assertEquals("/home/a.txt", Paths.concatenate("/home/u/", "../a.txt"));
        assertEquals("/home/u/a.txt", Paths.concatenate("/home/u", "./a.txt"));
        assertEquals("/etc/shadow", Paths.concatenate("/", "etc//shadow"));
        assertEquals("/", Paths.concatenate("/", ".."));
        assertEquals("a.txt", Paths.concatenate("", "a.txt"));
        assertEquals("/tmp/", Paths.asDirectory("/tmp"));
        assertEquals("", Paths.asDirectory(""));
    }
}
