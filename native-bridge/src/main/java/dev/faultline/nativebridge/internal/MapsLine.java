package dev.faultline.nativebridge.internal;

/**
 * One parsed line of {@code /proc/PID/maps} (or a header line of {@code smaps}):
 * {@code start-end perms offset dev inode [path]}.
 */
public final class MapsLine {
    public final long start;
    public final long end;
    /** The four permission characters, e.g. {@code r-xp}. */
    public final String perms;
    public final long offset;
    public final long inode;
    /** The path, pseudo-path ({@code [stack]}, {@code [vdso]}) or the empty string for anonymous memory. */
    public final String path;

    private MapsLine(long start, long end, String perms, long offset, long inode, String path) {
        this.start = start;
        this.end = end;
        this.perms = perms;
        this.offset = offset;
        this.inode = inode;
        this.path = path;
    }

    /** Parses a maps line; returns {@code null} when the line is not one (e.g. an smaps field line). */
    public static MapsLine parse(String line) {
        int dash = line.indexOf('-');
        int sp1 = line.indexOf(' ');
        if (dash <= 0 || sp1 <= dash) {
            return null;
        }
        try {
            long start = Long.parseUnsignedLong(line, 0, dash, 16);
            long end = Long.parseUnsignedLong(line, dash + 1, sp1, 16);
            int sp2 = line.indexOf(' ', sp1 + 1);
            String perms = line.substring(sp1 + 1, sp2);
            int sp3 = line.indexOf(' ', sp2 + 1);
            long offset = Long.parseUnsignedLong(line, sp2 + 1, sp3, 16);
            int sp4 = line.indexOf(' ', sp3 + 1); // after dev
            int i = sp4 + 1;
            int inodeEnd = line.indexOf(' ', i);
            if (inodeEnd < 0) {
                inodeEnd = line.length();
            }
            long inode = Long.parseLong(line, i, inodeEnd, 10);
            int p = inodeEnd;
            while (p < line.length() && line.charAt(p) == ' ') {
                p++;
            }
            return new MapsLine(start, end, perms, offset, inode, line.substring(p));
        } catch (RuntimeException e) { // not a maps line
            return null;
        }
    }

    public boolean readable() {
        return perms.charAt(0) == 'r';
    }

    public boolean writable() {
        return perms.charAt(1) == 'w';
    }

    public boolean executable() {
        return perms.charAt(2) == 'x';
    }

    public boolean shared() {
        return perms.charAt(3) == 's';
    }

    /** Whether the mapping is backed by a file (not anonymous memory or a {@code [pseudo]} region). */
    public boolean fileBacked() {
        return !path.isEmpty() && path.charAt(0) == '/';
    }

    @Override
    public String toString() {
        return Long.toHexString(start) + "-" + Long.toHexString(end) + " " + perms + " " + path;
    }
}
