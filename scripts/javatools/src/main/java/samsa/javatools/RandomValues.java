package samsa.javatools;

import java.util.Random;

/** Random primitive values with the biases the golden data wants. */
final class RandomValues {
    /** Multi-byte characters: 2-, 3- and 4-byte UTF-8 (the last two are surrogate pairs). */
    private static final String[] WIDE = {
        "\u00e9", "\u00df", "\u00f1", "\u03a9", "\u0436", "\u20ac", "\u4e2d", "\u5b57",
        "\ud83d\ude00", "\ud834\udd1e",
    };

    final Random rnd;

    RandomValues(long seed) {
        this.rnd = new Random(seed);
    }

    boolean chance(int oneIn) {
        return rnd.nextInt(oneIn) == 0;
    }

    int below(int bound) {
        return rnd.nextInt(bound);
    }

    /** An integer in [min, max]: mostly small, sometimes an edge value, else anywhere. */
    long integer(long min, long max) {
        int pick = rnd.nextInt(20);
        if (pick < 9) {
            long lo = Math.max(min, -1);
            long hi = Math.min(max, 100);
            return lo + rnd.nextInt((int) (hi - lo + 1));
        }
        if (pick < 12) {
            long[] edges = {min, max, 0, 1, -1, min + 1, max - 1};
            long v = edges[rnd.nextInt(edges.length)];
            return Math.max(min, Math.min(max, v));
        }
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) return rnd.nextLong();
        return min + Math.floorMod(rnd.nextLong(), max - min + 1);
    }

    double float64() {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(2001) - 1000;
            case 1 -> rnd.nextDouble();
            default -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(31) - 10);
        };
    }

    /** 0-12 characters, mostly printable ASCII; one string in five mixes in multi-byte ones. */
    String string() {
        int n = rnd.nextInt(13);
        boolean wide = rnd.nextInt(5) == 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (wide && rnd.nextInt(3) == 0) sb.append(WIDE[rnd.nextInt(WIDE.length)]);
            else sb.append((char) (0x20 + rnd.nextInt(95)));
        }
        return sb.toString();
    }

    byte[] bytes(int maxLen) {
        byte[] b = new byte[rnd.nextInt(maxLen + 1)];
        rnd.nextBytes(b);
        return b;
    }
}
