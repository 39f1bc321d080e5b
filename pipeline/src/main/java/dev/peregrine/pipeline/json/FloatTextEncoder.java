package dev.peregrine.pipeline.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C printf float conversions as glibc does them: {@code %.Nf} and {@code %.Ng} on the exact binary value, rounded
 * half-to-even, no exponent for {@code %f} however large the value (1e300 prints 301 digits), {@code inf}/{@code nan}
 * spelled in lowercase with their sign. Fluent Bit prints floats this way in msgpack_object_print ({@code %f}) and in
 * JSON ({@code %.16g}, or {@code %.1f} for integral values).
 */
public final class FloatTextEncoder {
    private static final MathContext G16 = new MathContext(16, RoundingMode.HALF_EVEN);
    private static final double TWO_63 = 9.223372036854775808E18;
    /** Below this magnitude a double with few fraction bits can be printed exactly from a scaled long. */
    private static final double FAST_FIXED_LIMIT = 1e12;

    private FloatTextEncoder() {
    }

    /** {@code printf("%.<decimals>f", v)}. */
    public static void writeFixed(double v, int decimals, ByteSink out) {
        if (writeNonFinite(v, out)) {
            return;
        }
        boolean neg = (Double.doubleToRawLongBits(v) < 0);
        double a = Math.abs(v);
        if (neg) {
            out.write('-');
        }
        if (a == Math.rint(a) && a < TWO_63) {
            // Integral: the digits are exact, the fraction all zeros (the common case of JSON "%.1f").
            out.writeUnsignedDigits((long) a, 1);
            if (decimals > 0) {
                out.write('.');
                for (int i = 0; i < decimals; i++) {
                    out.write('0');
                }
            }
            return;
        }
        BigDecimal bd = new BigDecimal(a).setScale(decimals, RoundingMode.HALF_EVEN);
        out.writeAscii(bd.toPlainString());
    }

    /** {@code printf("%.<precision>g", v)} (no {@code #} flag: trailing zeros and a bare point are removed). */
    public static void writeGeneral(double v, int precision, ByteSink out) {
        if (writeNonFinite(v, out)) {
            return;
        }
        boolean neg = (Double.doubleToRawLongBits(v) < 0);
        double a = Math.abs(v);
        if (neg) {
            out.write('-');
        }
        if (a == 0) {
            out.write('0');
            return;
        }
        int p = precision == 0 ? 1 : precision;
        BigDecimal bd = new BigDecimal(a).round(p == 16 ? G16 : new MathContext(p, RoundingMode.HALF_EVEN));
        // exponent of the leading digit after rounding (9.99..95 may have become 10.0)
        int x = bd.precision() - bd.scale() - 1;
        BigDecimal stripped = bd.stripTrailingZeros();
        String digits = stripped.unscaledValue().toString();
        if (x < -4 || x >= p) {
            out.write(digits.charAt(0));
            if (digits.length() > 1) {
                out.write('.');
                out.writeAscii(digits.substring(1));
            }
            out.write('e');
            out.write(x < 0 ? '-' : '+');
            out.writeUnsignedDigits(Math.abs(x), 2);
        } else if (x >= 0) {
            int intDigits = x + 1;
            if (digits.length() <= intDigits) {
                out.writeAscii(digits);
                for (int i = digits.length(); i < intDigits; i++) {
                    out.write('0');
                }
            } else {
                out.writeAscii(digits.substring(0, intDigits));
                out.write('.');
                out.writeAscii(digits.substring(intDigits));
            }
        } else {
            out.write('0');
            out.write('.');
            for (int i = -1; i > x; i--) {
                out.write('0');
            }
            out.writeAscii(digits);
        }
    }

    /**
     * A float as Fluent Bit's msgpack2json writes it: {@code %.1f} when {@code v == (double)(long long)v} on x86-64
     * (where an out-of-range or NaN conversion yields INT64_MIN), otherwise {@code %.16g}; NaN is {@code null} when
     * json.convert_nan_to_null is on.
     */
    public static void writeJson(double v, boolean nanToNull, ByteSink out) {
        if (isCIntegral(v)) {
            if (v == 0 || Math.abs(v) < FAST_FIXED_LIMIT) {
                if (Double.doubleToRawLongBits(v) < 0) {
                    out.write('-');
                }
                out.writeUnsignedDigits((long) Math.abs(v), 1);
                out.write('.').write('0');
            } else {
                writeFixed(v, 1, out);
            }
        } else if (nanToNull && Double.isNaN(v)) {
            out.writeAscii("null");
        } else {
            writeGeneral(v, 16, out);
        }
    }

    /** Whether C's {@code v == (double)(long long)v} holds on x86-64. */
    static boolean isCIntegral(double v) {
        if (Double.isNaN(v) || v >= TWO_63 || v < -TWO_63) {
            return false;
        }
        return v == (double) (long) v;
    }

    private static boolean writeNonFinite(double v, ByteSink out) {
        if (Double.isNaN(v)) {
            out.writeAscii(Double.doubleToRawLongBits(v) < 0 ? "-nan" : "nan");
            return true;
        }
        if (Double.isInfinite(v)) {
            out.writeAscii(v < 0 ? "-inf" : "inf");
            return true;
        }
        return false;
    }
}
