package dev.faultline.agent.internal.options;

/**
 * {@code oom-warn}: the headroom under which the agent warns that the JVM may soon be stopped
 * for memory ({@code faultline.OomRisk}, one line on the sink): a share of the limit that
 * binds ({@code 10%}), an amount ({@code 64m}, {@code 512MiB}, {@code 1g}), or {@code off}.
 * Immutable.
 */
public final class OomWarn {
    /** The accepted forms, for messages. */
    public static final String ACCEPTED = "a percentage of the binding limit from 1% to 99% (e.g. 10%),"
            + " an amount such as 64m, 512MiB, 1g, or off";
    public static final OomWarn DEFAULT = new OomWarn(10, -1, "10%");
    public static final OomWarn OFF = new OomWarn(-1, -1, "off");

    private final int percent;
    private final long bytes;
    private final String text;

    private OomWarn(int percent, long bytes, String text) {
        this.percent = percent;
        this.bytes = bytes;
        this.text = text;
    }

    /** The value of {@code oom-warn=TEXT}, or {@code null} when it is not one of the {@link #ACCEPTED} forms. */
    public static OomWarn parse(String text) {
        if (text.equals("off")) {
            return OFF;
        }
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        if (digits < 1 || digits > 12) {
            return null;
        }
        long n = Long.parseLong(text.substring(0, digits));
        String unit = text.substring(digits).toLowerCase(java.util.Locale.ROOT);
        if (unit.equals("%")) {
            return n >= 1 && n <= 99 ? new OomWarn((int) n, -1, text) : null;
        }
        long scale;
        switch (unit) {
            case "k":
            case "kib":
                scale = 1L << 10;
                break;
            case "m":
            case "mib":
                scale = 1L << 20;
                break;
            case "g":
            case "gib":
                scale = 1L << 30;
                break;
            default:
                return null;
        }
        if (n < 1 || n > Long.MAX_VALUE / scale) {
            return null;
        }
        return new OomWarn(-1, n * scale, text);
    }

    /** Whether warnings are off. */
    public boolean off() {
        return percent < 0 && bytes < 0;
    }

    /**
     * The threshold in bytes of headroom for a binding limit of {@code limitBytes}; -1 when
     * off, or when a percentage is asked for and the limit's size is unknown ({@code limitBytes < 0}).
     */
    public long bytesFor(long limitBytes) {
        if (bytes >= 0) {
            return bytes;
        }
        if (percent < 0 || limitBytes <= 0) {
            return -1;
        }
        return limitBytes / 100 * percent + limitBytes % 100 * percent / 100;
    }

    /** As given, e.g. {@code 10%}. */
    @Override
    public String toString() {
        return text;
    }
}
