package dev.peregrine.pipeline.parser;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RubyRegexTest {
    @Test
    void namedGroups_withNamesJavaRejects_keepOriginalNamesInOrder() {
        RubyRegex r = RubyRegex.compile("^(?<time>.+?) (?<stream>stdout|stderr) (?<_p>F|P) (?<log-level>.*)$");
        assertEquals(List.of("time", "stream", "_p", "log-level"), r.groupNames());
        Matcher m = r.matcher("2024-01-01T00:00:00Z stdout P hello");
        assertTrue(m.find());
        assertEquals("P", m.group(r.javaGroupName(2)));
        assertEquals("hello", m.group(r.javaGroupName(3)));
    }

    @Test
    void caretAndDollar_areLineAnchorsAsInRuby() {
        assertTrue(RubyRegex.compile("^b$").find("a\nb\nc"));
    }

    @Test
    void slashForm_appliesIgnoreCaseOption() {
        assertTrue(RubyRegex.compile("/error/i").find("ERROR here"));
        assertFalse(RubyRegex.compile("error").find("ERROR here"));
    }

    @Test
    void rubyOnlySyntax_isTranslated() {
        assertTrue(RubyRegex.compile("^\\h+$").find("deadBEEF"));
        assertFalse(RubyRegex.compile("^\\h+$").find("xyz"));
        assertTrue(RubyRegex.compile("^a{,2}$").find("aa"));
        assertTrue(RubyRegex.compile("a{b").find("xa{b"));
        assertTrue(RubyRegex.compile("^[[:digit:]]+$").find("123"));
    }

    @Test
    void plainGroups_doNotCaptureWhenNamedGroupsExist() {
        RubyRegex r = RubyRegex.compile("(a|b)(?<x>c)");
        Matcher m = r.matcher("bc");
        assertTrue(m.find());
        assertEquals(1, m.groupCount());
        assertEquals("c", m.group(1));
    }

    @Test
    void invalidPattern_throws() {
        assertThrows(PatternSyntaxException.class, () -> RubyRegex.compile("(unclosed"));
    }
}
