package dev.faultline.junit.internal;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code minHeadroom} as a budget writes it: a size ({@code "64MiB"}, in the syntax of
 * {@link ByteSize}) or a percentage of the limit that binds ({@code "10%"}), which is sized
 * only when the headroom is read, since the limit that binds can change.
 */
final class MinHeadroom {
    /** What a minHeadroom may look like, for messages. */
    static final String ACCEPTED = ByteSize.ACCEPTED
            + "; or a percentage of the limit that binds, from 0% to 100%, e.g. \"10%\"";

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The floor for a size; -1 for a percentage. */
    private final long bytes;
    /** The percentage; {@code null} for a size. */
    private final BigDecimal percent;

    private MinHeadroom(long bytes, BigDecimal percent) {
        this.bytes = bytes;
        this.percent = percent;
    }

    /**
     * The floor that {@code text} states.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    static MinHeadroom parse(String text) {
        String stripped = text.strip();
        if (!stripped.endsWith("%")) {
            return new MinHeadroom(ByteSize.parse(text, ACCEPTED), null);
        }
        Matcher m = PERCENT.matcher(stripped);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad percentage '" + text + "' (accepted: " + ACCEPTED + ")");
        }
        BigDecimal percent = new BigDecimal(m.group(1));
        if (percent.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("bad percentage '" + text + "' (above 100%: no more than the whole"
                    + " limit can be left) (accepted: " + ACCEPTED + ")");
        }
        return new MinHeadroom(-1, percent);
    }

    boolean isPercentage() {
        return percent != null;
    }

    /** The floor in bytes where the limit that binds is {@code limit} bytes (a percentage rounded down). */
    long bytes(long limit) {
        if (percent == null) {
            return bytes;
        }
        return percent.multiply(BigDecimal.valueOf(limit)).divide(HUNDRED).longValue();
    }

    /** The floor for {@code limit} as messages show it: {@code 64.0 MiB}, {@code 25% of 384.0 MiB = 96.0 MiB}. */
    String describe(long limit) {
        if (percent == null) {
            return ByteSize.format(bytes);
        }
        return this + " of " + ByteSize.format(limit) + " = " + ByteSize.format(bytes(limit));
    }

    @Override
    public String toString() {
        return percent == null ? ByteSize.format(bytes) : percent.stripTrailingZeros().toPlainString() + "%";
    }
}
