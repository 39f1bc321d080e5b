package dev.peregrine.inputs.tail;

import dev.peregrine.pipeline.parser.JsonRecordParser;
import dev.peregrine.pipeline.parser.ParserSettings;
import dev.peregrine.pipeline.parser.RegexRecordParser;
import dev.peregrine.pipeline.parser.RubyRegex;
import dev.peregrine.pipeline.parser.TimeFormat;

import java.util.List;
import java.util.Locale;

import static dev.peregrine.inputs.tail.MultilineSpec.rule;

/**
 * The built-in multiline parsers, defined as Fluent Bit 5.1.1 defines them ({@code src/multiline/flb_ml_parser_*.c}):
 * <ul>
 *   <li>{@code docker}: each line is Docker json-file JSON (time key {@code time}, {@code %Y-%m-%dT%H:%M:%S.%L}, time
 *   kept); a {@code log} not ending in a newline is joined with the next one of the same {@code stream};</li>
 *   <li>{@code cri}: {@code <time> <stream> <P|F> <log>} lines; P parts are joined until an F part, per stream;</li>
 *   <li>{@code go}, {@code java}, {@code python}, {@code ruby}: regex state machines on the raw text.</li>
 * </ul>
 */
final class BuiltinMultilineParsers {
    static final String CRI_REGEX = "^(?<time>.+?) (?<stream>stdout|stderr) (?<_p>F|P) (?<log>.*)$";

    private BuiltinMultilineParsers() {
    }

    /** The built-in of that name (case-insensitive), or null. */
    static MultilineSpec get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "docker" -> docker();
            case "cri" -> cri();
            case "go" -> go();
            case "java" -> java();
            case "python" -> python();
            case "ruby" -> ruby();
            default -> null;
        };
    }

    static MultilineSpec docker() {
        ParserSettings s = new ParserSettings("_ml_json_docker", "time", new TimeFormat("%Y-%m-%dT%H:%M:%S.%L", 0),
            true, false, null, null, true, false);
        return new MultilineSpec("docker", MultilineSpec.Type.ENDSWITH, "\n", false, 0, "log", null, "stream",
            new JsonRecordParser(s), List.of());
    }

    static MultilineSpec cri() {
        ParserSettings s = new ParserSettings("_ml_cri", "time", new TimeFormat("%Y-%m-%dT%H:%M:%S.%L%z", 0), true,
            false, null, null, false, false);
        return new MultilineSpec("cri", MultilineSpec.Type.EQUAL, "F", false, 0, "log", "_p", "stream",
            new RegexRecordParser(s, RubyRegex.compile(CRI_REGEX)), List.of());
    }

    static MultilineSpec go() {
        return new MultilineSpec("go", MultilineSpec.Type.REGEX, null, false, 0, null, null, null, null, List.of(
            rule("start_state", "/\\bpanic: /", "go_after_panic"),
            rule("start_state", "/http: panic serving/", "go_goroutine"),
            rule("go_after_panic", "/^$/", "go_goroutine"),
            rule("go_after_panic, go_after_signal, go_frame_1", "/^$/", "go_goroutine"),
            rule("go_after_panic", "/^\\[signal /", "go_after_signal"),
            rule("go_goroutine", "/^goroutine \\d+ \\[[^\\]]+\\]:$/", "go_frame_1"),
            rule("go_frame_1", "/^(?:[^\\s.:]+\\.)*[^\\s.():]+\\(|^created by /", "go_frame_2"),
            rule("go_frame_2", "/^\\s/", "go_frame_1")));
    }

    static MultilineSpec java() {
        return new MultilineSpec("java", MultilineSpec.Type.REGEX, null, false, 0, null, null, null, null, List.of(
            rule("start_state, java_start_exception",
                "/(.)(?:Exception|Error|Throwable|V8 errors stack trace)[:\\r\\n]/", "java_after_exception"),
            rule("java_after_exception", "/^[\\t ]*nested exception is:[\\t ]*/", "java_start_exception"),
            rule("java_after_exception", "/^[\\r\\n]*$/", "java_after_exception"),
            rule("java_after_exception, java", "/^[\\t ]+(?:eval )?at /", "java"),
            rule("java_after_exception, java", "/^[\\t ]+--- End of inner exception stack trace ---$/", "java"),
            rule("java_after_exception, java",
                "/^--- End of stack trace from previous location where exception was thrown ---$/", "java"),
            rule("java_after_exception, java", "/^[\\t ]*(?:Caused by|Suppressed):/", "java_after_exception"),
            rule("java_after_exception, java", "/^[\\t ]*... \\d+ (?:more|common frames omitted)/", "java")));
    }

    static MultilineSpec python() {
        return new MultilineSpec("python", MultilineSpec.Type.REGEX, null, false, 0, null, null, null, null,
            List.of(
                rule("start_state", "/^Traceback \\(most recent call last\\):$/", "python"),
                rule("python", "/^[\\t ]+File /", "python_code"),
                rule("python_code", "/[^\\t ]/", "python"),
                rule("python", "/^(?:[^\\s.():]+\\.)*[^\\s.():]+:/", "start_state")));
    }

    static MultilineSpec ruby() {
        return new MultilineSpec("ruby", MultilineSpec.Type.REGEX, null, false, 0, null, null, null, null, List.of(
            rule("start_state, ruby_start_exception", "/^.+:\\d+:in\\s+.*/", "ruby_after_exception"),
            rule("ruby_after_exception, ruby", "/^\\s+from\\s+.*:\\d+:in\\s+.*/", "ruby")));
    }
}
