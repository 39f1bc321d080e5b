package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;
import dev.peregrine.filters.falco.parse.NumericLiterals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the per-value test for an operator and its right-hand constants, parsing constants once according
 * to the field type. Throws {@link IllegalArgumentException} with a libsinsp-like message for bad constants.
 */
final class ValueTests {
    private ValueTests() {
    }

    static ValueTest build(Op op, Modifier mod, FieldType type, List<String> rhs) {
        if (mod != Modifier.NONE) {
            List<ValueTest> each = new ArrayList<>();
            for (String v : rhs) {
                each.add(build(op, Modifier.NONE, type, List.of(v)));
            }
            ValueTest[] tests = each.toArray(new ValueTest[0]);
            return withModifier(mod, tests);
        }
        if (op.isListOp() || op == Op.EQ && rhs.size() > 1) {
            return listTest(op, type, rhs);
        }
        String c = rhs.get(0);
        switch (type) {
            case CHARBUF:
            case FSPATH:
            case FSRELPATH:
                if (c.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("string values cannot contain NUL bytes");
                }
                return stringTest(op, c);
            case BYTEBUF:
                return bufferTest(op, c);
            case BOOL: {
                boolean b = parseBool(c);
                return op == Op.NE ? v -> toBool(v) != b : v -> toBool(v) == b;
            }
            case IPADDR: {
                byte[] a = parseIp(c);
                return op == Op.NE ? v -> !Arrays.equals(IpLiterals.address(v), a)
                        : v -> Arrays.equals(IpLiterals.address(v), a);
            }
            case IPNET: {
                IpLiterals.Net n = parseNet(c);
                return op == Op.NE ? v -> !n.contains(IpLiterals.address(v)) : v -> n.contains(IpLiterals.address(v));
            }
            case DOUBLE: {
                double d = parseDouble(c);
                return v -> numericResult(op, Double.compare(((Number) v).doubleValue(), d));
            }
            case DYN:
                return dynTest(op, c);
            default: {
                long n = parseLong(c);
                boolean unsigned = type == FieldType.UINT64 || type == FieldType.UINT32;
                return unsigned ? v -> numericResult(op, Long.compareUnsigned(toLong(v), n))
                        : v -> numericResult(op, Long.compare(toLong(v), n));
            }
        }
    }

    private static ValueTest withModifier(Modifier mod, ValueTest[] tests) {
        switch (mod) {
            case ONEOF:
                return v -> {
                    int n = 0;
                    for (ValueTest t : tests) {
                        if (t.test(v) && ++n > 1) {
                            return false;
                        }
                    }
                    return n == 1;
                };
            case ANYOF:
                return v -> {
                    for (ValueTest t : tests) {
                        if (t.test(v)) {
                            return true;
                        }
                    }
                    return false;
                };
            default:
                return v -> {
                    if (tests.length == 0) {
                        return false;
                    }
                    for (ValueTest t : tests) {
                        if (!t.test(v)) {
                            return false;
                        }
                    }
                    return true;
                };
        }
    }

    private static ValueTest listTest(Op op, FieldType type, List<String> rhs) {
        for (String s : rhs) {
            if (s.indexOf('\0') >= 0 && type != FieldType.BYTEBUF) {
                throw new IllegalArgumentException("string values cannot contain NUL bytes");
            }
        }
        if (op == Op.PMATCH) {
            PathPrefixSet set = new PathPrefixSet(rhs);
            return v -> set.matches(ValueText.of(v));
        }
        switch (type) {
            case CHARBUF:
            case FSPATH:
            case FSRELPATH:
            case BYTEBUF:
            case DYN: {
                Set<String> set = new HashSet<>(rhs);
                return v -> set.contains(v instanceof String s ? s : ValueText.of(v));
            }
            case BOOL: {
                boolean t = false;
                boolean f = false;
                for (String s : rhs) {
                    if (parseBool(s)) {
                        t = true;
                    } else {
                        f = true;
                    }
                }
                boolean hasTrue = t;
                boolean hasFalse = f;
                return v -> toBool(v) ? hasTrue : hasFalse;
            }
            case IPADDR: {
                // an address is its own full-length network: equal bytes, same lookup
                List<IpLiterals.Net> addrs = new ArrayList<>();
                for (String s : rhs) {
                    byte[] a = parseIp(s);
                    addrs.add(new IpLiterals.Net(a, a.length * 8));
                }
                IpNetSet set = new IpNetSet(addrs);
                return v -> set.contains(IpLiterals.address(v));
            }
            case IPNET: {
                List<IpLiterals.Net> nets = new ArrayList<>();
                for (String s : rhs) {
                    nets.add(parseNet(s));
                }
                IpNetSet set = new IpNetSet(nets);
                return v -> set.contains(IpLiterals.address(v));
            }
            case DOUBLE: {
                double[] ds = rhs.stream().mapToDouble(ValueTests::parseDouble).toArray();
                return v -> {
                    double d = ((Number) v).doubleValue();
                    for (double x : ds) {
                        if (x == d) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            default: {
                long[] ns = rhs.stream().mapToLong(ValueTests::parseLong).sorted().toArray();
                return v -> Arrays.binarySearch(ns, toLong(v)) >= 0;
            }
        }
    }

    private static ValueTest stringTest(Op op, String c) {
        switch (op) {
            case EQ:
                return v -> c.equals(ValueText.of(v));
            case NE:
                return v -> !c.equals(ValueText.of(v));
            case LT:
                return v -> ValueText.of(v).compareTo(c) < 0;
            case LE:
                return v -> ValueText.of(v).compareTo(c) <= 0;
            case GT:
                return v -> ValueText.of(v).compareTo(c) > 0;
            case GE:
                return v -> ValueText.of(v).compareTo(c) >= 0;
            case CONTAINS:
                return v -> ValueText.of(v).contains(c);
            case ICONTAINS:
                return v -> containsIgnoreCase(ValueText.of(v), c);
            case STARTSWITH:
                return v -> ValueText.of(v).startsWith(c);
            case ENDSWITH:
                return v -> ValueText.of(v).endsWith(c);
            case GLOB:
                return v -> Glob.matches(c, ValueText.of(v), false);
            case IGLOB:
                return v -> Glob.matches(c, ValueText.of(v), true);
            case REGEX: {
                Pattern p = compileRegex(c);
                return v -> p.matcher(ValueText.of(v)).matches();
            }
            default:
                throw new IllegalArgumentException("'" + op.display() + "' operator not supported for string filters");
        }
    }

    /**
     * RE2 takes a '{' that does not start a valid repetition literally (e.g. "a{2"); java.util.regex rejects
     * it, so such braces are escaped before compiling.
     */
    static Pattern compileRegex(String re) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            try {
                return Pattern.compile(re.replaceAll("(?<!\\\\)\\{(?![0-9]+(,[0-9]*)?\\})", "\\\\{"));
            } catch (PatternSyntaxException e2) {
                throw new IllegalArgumentException("invalid regular expression '" + re + "'");
            }
        }
    }

    private static ValueTest bufferTest(Op op, String c) {
        if (op == Op.BCONTAINS || op == Op.BSTARTSWITH) {
            String needle = new String(parseHex(c), StandardCharsets.ISO_8859_1);
            return op == Op.BCONTAINS ? v -> ValueText.of(v).contains(needle) : v -> ValueText.of(v).startsWith(needle);
        }
        return stringTest(op, c);
    }

    private static ValueTest dynTest(Op op, String c) {
        Long n = NumericLiterals.tryParseS64(c);
        ValueTest str = stringTest(op == Op.EQ || op == Op.NE || op.ordinal() <= Op.GE.ordinal() ? op : Op.EQ, c);
        return v -> {
            if (v instanceof Number num && n != null) {
                return numericResult(op, Long.compare(num.longValue(), n));
            }
            return str.test(v);
        };
    }

    static boolean numericResult(Op op, int cmp) {
        switch (op) {
            case EQ: return cmp == 0;
            case NE: return cmp != 0;
            case LT: return cmp < 0;
            case LE: return cmp <= 0;
            case GT: return cmp > 0;
            case GE: return cmp >= 0;
            default: return false;
        }
    }

    static boolean containsIgnoreCase(String s, String needle) {
        int n = needle.length();
        for (int i = 0; i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    static long toLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        Long l = NumericLiterals.tryParseS64(ValueText.of(v));
        return l == null ? 0 : l;
    }

    static boolean toBool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        return "true".equalsIgnoreCase(ValueText.of(v));
    }

    static long parseLong(String s) {
        if (s.startsWith("0x") || s.startsWith("0X")) {
            try {
                return Long.parseUnsignedLong(s.substring(2), 16);
            } catch (NumberFormatException e) {
                throw notNumber(s);
            }
        }
        Long l = NumericLiterals.tryParseS64(s);
        if (l == null) {
            throw notNumber(s);
        }
        return l;
    }

    private static IllegalArgumentException notNumber(String s) {
        return new IllegalArgumentException("'" + s + "' is not a valid number");
    }

    /** libsinsp parses numeric constants as integers even for double fields ("1.0" is rejected). */
    static double parseDouble(String s) {
        return parseLong(s);
    }

    static boolean parseBool(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException("'" + s + "' is not a valid boolean");
        }
    }

    private static byte[] parseIp(String s) {
        byte[] a = IpLiterals.address(s);
        if (a == null) {
            throw new IllegalArgumentException("unrecognized IP address " + s);
        }
        return a;
    }

    private static IpLiterals.Net parseNet(String s) {
        IpLiterals.Net n = IpLiterals.network(s);
        if (n == null) {
            throw new IllegalArgumentException("unrecognized IP network " + s);
        }
        return n;
    }

    static byte[] parseHex(String s) {
        if (s.isEmpty() || s.length() % 2 != 0 || !s.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("bcontains and bstartswith operator support hex strings only");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
