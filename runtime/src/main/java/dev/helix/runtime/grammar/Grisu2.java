/*
 * Port of nlohmann/json's detail/conversions/to_chars.hpp (Grisu2, after Florian Loitsch's reference
 * implementation). nlohmann/json: MIT License, Copyright (c) 2013-2022 Niels Lohmann. Grisu2 reference code:
 * MIT License, Copyright (c) 2009 Florian Loitsch.
 */
package dev.helix.runtime.grammar;

/**
 * Formats a double exactly as nlohmann::json's {@code dump()} does. Grisu2 is not always the shortest
 * round-trip form that {@link Double#toString(double)} gives (1.2345678901234569e+23 here, ...568E23 there), so
 * grammar literals built from JSON numbers only match llama.cpp's byte for byte with the same algorithm. All
 * {@code long}s below hold uint64 values: compare them with {@link Long#compareUnsigned}.
 */
final class Grisu2 {
    private static final int ALPHA = -60;
    private static final int MIN_EXP = -4;
    private static final int MAX_EXP = 15; // std::numeric_limits<double>::digits10

    private Grisu2() {}

    /** nlohmann's text for a finite double: "1.5", "100.0", "1e-05", "1.7976931348623157e+308", "-0.0". */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return "null";
        }
        StringBuilder out = new StringBuilder(32);
        if ((Double.doubleToRawLongBits(value) & Long.MIN_VALUE) != 0) {
            value = -value;
            out.append('-');
        }
        if (value == 0) {
            return out.append("0.0").toString();
        }
        char[] digits = new char[20];
        int[] lengthAndExponent = digits(value, digits);
        return formatBuffer(out, digits, lengthAndExponent[0], lengthAndExponent[1]);
    }

    private record DiyFp(long f, int e) {
        DiyFp minus(DiyFp y) {
            return new DiyFp(f - y.f, e);
        }

        /** Upper 64 bits of the 128-bit product, rounded half up. */
        DiyFp times(DiyFp y) {
            long uLo = f & 0xFFFFFFFFL;
            long uHi = f >>> 32;
            long vLo = y.f & 0xFFFFFFFFL;
            long vHi = y.f >>> 32;
            long p0 = uLo * vLo;
            long p1 = uLo * vHi;
            long p2 = uHi * vLo;
            long p3 = uHi * vHi;
            long q = (p0 >>> 32) + (p1 & 0xFFFFFFFFL) + (p2 & 0xFFFFFFFFL) + (1L << 31);
            long h = p3 + (p2 >>> 32) + (p1 >>> 32) + (q >>> 32);
            return new DiyFp(h, e + y.e + 64);
        }

        DiyFp normalized() {
            long nf = f;
            int ne = e;
            while ((nf >>> 63) == 0) {
                nf <<= 1;
                ne--;
            }
            return new DiyFp(nf, ne);
        }

        DiyFp normalizedTo(int targetExponent) {
            return new DiyFp(f << (e - targetExponent), targetExponent);
        }
    }

    /** Writes the digits of value (finite, positive) and returns {length, decimal exponent}. */
    private static int[] digits(double value, char[] buffer) {
        long bits = Double.doubleToRawLongBits(value);
        long biasedExponent = bits >>> 52;
        long fraction = bits & ((1L << 52) - 1);
        DiyFp v = biasedExponent == 0
                ? new DiyFp(fraction, -1074)
                : new DiyFp(fraction + (1L << 52), (int) biasedExponent - 1075);
        boolean lowerBoundaryIsCloser = fraction == 0 && biasedExponent > 1;
        DiyFp plus = new DiyFp(2 * v.f + 1, v.e - 1).normalized();
        DiyFp minus = (lowerBoundaryIsCloser ? new DiyFp(4 * v.f - 1, v.e - 2) : new DiyFp(2 * v.f - 1, v.e - 1))
                .normalizedTo(plus.e);
        DiyFp w = v.normalized();

        int f = ALPHA - plus.e - 1;
        int k = (f * 78913) / (1 << 18) + (f > 0 ? 1 : 0);
        int index = (300 + k + 7) / 8;
        DiyFp cached = new DiyFp(CACHED_POWERS_F[index], CACHED_POWERS_E[index]);
        int cachedK = -300 + 8 * index;

        DiyFp scaled = w.times(cached);
        DiyFp scaledMinus = minus.times(cached);
        DiyFp scaledPlus = plus.times(cached);
        DiyFp lower = new DiyFp(scaledMinus.f + 1, scaledMinus.e);
        DiyFp upper = new DiyFp(scaledPlus.f - 1, scaledPlus.e);
        return digitGen(buffer, -cachedK, lower, scaled, upper);
    }

    private static int[] digitGen(char[] buffer, int decimalExponent, DiyFp lower, DiyFp w, DiyFp upper) {
        long delta = upper.minus(lower).f;
        long dist = upper.minus(w).f;
        int shift = -upper.e;
        long one = 1L << shift;
        long p1 = upper.f >>> shift;
        long p2 = upper.f & (one - 1);
        long pow10 = largestPow10(p1);
        int n = Long.toString(pow10).length();
        int length = 0;
        while (n > 0) {
            long d = p1 / pow10;
            long r = p1 % pow10;
            buffer[length++] = (char) ('0' + d);
            p1 = r;
            n--;
            long rest = (p1 << shift) + p2;
            if (Long.compareUnsigned(rest, delta) <= 0) {
                round(buffer, length, dist, delta, rest, pow10 << shift);
                return new int[] {length, decimalExponent + n};
            }
            pow10 /= 10;
        }
        int m = 0;
        while (true) {
            p2 *= 10;
            long d = p2 >>> shift;
            long r = p2 & (one - 1);
            buffer[length++] = (char) ('0' + d);
            p2 = r;
            m++;
            delta *= 10;
            dist *= 10;
            if (Long.compareUnsigned(p2, delta) <= 0) {
                break;
            }
        }
        round(buffer, length, dist, delta, p2, one);
        return new int[] {length, decimalExponent - m};
    }

    private static long largestPow10(long n) {
        long pow10 = 1;
        while (pow10 <= n / 10) {
            pow10 *= 10;
        }
        return pow10;
    }

    private static void round(char[] buffer, int length, long dist, long delta, long rest, long tenK) {
        while (Long.compareUnsigned(rest, dist) < 0
                && Long.compareUnsigned(delta - rest, tenK) >= 0
                && (Long.compareUnsigned(rest + tenK, dist) < 0
                        || Long.compareUnsigned(dist - rest, rest + tenK - dist) > 0)) {
            buffer[length - 1]--;
            rest += tenK;
        }
    }

    private static String formatBuffer(StringBuilder out, char[] buffer, int k, int decimalExponent) {
        int n = k + decimalExponent;
        if (k <= n && n <= MAX_EXP) {
            out.append(buffer, 0, k).append("0".repeat(n - k)).append(".0");
        } else if (0 < n && n <= MAX_EXP) {
            out.append(buffer, 0, n).append('.').append(buffer, n, k - n);
        } else if (MIN_EXP < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(buffer, 0, k);
        } else {
            out.append(buffer[0]);
            if (k > 1) {
                out.append('.').append(buffer, 1, k - 1);
            }
            int e = n - 1;
            out.append('e').append(e < 0 ? '-' : '+');
            int abs = Math.abs(e);
            out.append(abs < 10 ? "0" + abs : Integer.toString(abs));
        }
        return out.toString();
    }

    private static final long[] CACHED_POWERS_F = {
        0xAB70FE17C79AC6CAL, 0xFF77B1FCBEBCDC4FL, 0xBE5691EF416BD60CL, 0x8DD01FAD907FFC3CL, 0xD3515C2831559A83L,
        0x9D71AC8FADA6C9B5L, 0xEA9C227723EE8BCBL, 0xAECC49914078536DL, 0x823C12795DB6CE57L, 0xC21094364DFB5637L,
        0x9096EA6F3848984FL, 0xD77485CB25823AC7L, 0xA086CFCD97BF97F4L, 0xEF340A98172AACE5L, 0xB23867FB2A35B28EL,
        0x84C8D4DFD2C63F3BL, 0xC5DD44271AD3CDBAL, 0x936B9FCEBB25C996L, 0xDBAC6C247D62A584L, 0xA3AB66580D5FDAF6L,
        0xF3E2F893DEC3F126L, 0xB5B5ADA8AAFF80B8L, 0x87625F056C7C4A8BL, 0xC9BCFF6034C13053L, 0x964E858C91BA2655L,
        0xDFF9772470297EBDL, 0xA6DFBD9FB8E5B88FL, 0xF8A95FCF88747D94L, 0xB94470938FA89BCFL, 0x8A08F0F8BF0F156BL,
        0xCDB02555653131B6L, 0x993FE2C6D07B7FACL, 0xE45C10C42A2B3B06L, 0xAA242499697392D3L, 0xFD87B5F28300CA0EL,
        0xBCE5086492111AEBL, 0x8CBCCC096F5088CCL, 0xD1B71758E219652CL, 0x9C40000000000000L, 0xE8D4A51000000000L,
        0xAD78EBC5AC620000L, 0x813F3978F8940984L, 0xC097CE7BC90715B3L, 0x8F7E32CE7BEA5C70L, 0xD5D238A4ABE98068L,
        0x9F4F2726179A2245L, 0xED63A231D4C4FB27L, 0xB0DE65388CC8ADA8L, 0x83C7088E1AAB65DBL, 0xC45D1DF942711D9AL,
        0x924D692CA61BE758L, 0xDA01EE641A708DEAL, 0xA26DA3999AEF774AL, 0xF209787BB47D6B85L, 0xB454E4A179DD1877L,
        0x865B86925B9BC5C2L, 0xC83553C5C8965D3DL, 0x952AB45CFA97A0B3L, 0xDE469FBD99A05FE3L, 0xA59BC234DB398C25L,
        0xF6C69A72A3989F5CL, 0xB7DCBF5354E9BECEL, 0x88FCF317F22241E2L, 0xCC20CE9BD35C78A5L, 0x98165AF37B2153DFL,
        0xE2A0B5DC971F303AL, 0xA8D9D1535CE3B396L, 0xFB9B7CD9A4A7443CL, 0xBB764C4CA7A44410L, 0x8BAB8EEFB6409C1AL,
        0xD01FEF10A657842CL, 0x9B10A4E5E9913129L, 0xE7109BFBA19C0C9DL, 0xAC2820D9623BF429L, 0x80444B5E7AA7CF85L,
        0xBF21E44003ACDD2DL, 0x8E679C2F5E44FF8FL, 0xD433179D9C8CB841L, 0x9E19DB92B4E31BA9L,
    };

    private static final int[] CACHED_POWERS_E = {
        -1060, -1034, -1007, -980, -954, -927, -901, -874, -847, -821, -794, -768, -741, -715, -688, -661, -635,
        -608, -582, -555, -529, -502, -475, -449, -422, -396, -369, -343, -316, -289, -263, -236, -210, -183, -157,
        -130, -103, -77, -50, -24, 3, 30, 56, 83, 109, 136, 162, 189, 216, 242, 269, 295, 322, 348, 375, 402, 428,
        455, 481, 508, 534, 561, 588, 614, 641, 667, 694, 720, 747, 774, 800, 827, 853, 880, 907, 933, 960, 986, 1013,
    };
}
