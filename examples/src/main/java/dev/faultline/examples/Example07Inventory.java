package dev.faultline.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Example 07: a test suite run under the agent in CI. This is the code under test: a small
 * inventory kept off the heap, one fixed-size record per item in a direct buffer. Its
 * tests ({@code dev.faultline.examples.ci.Example07InventoryTest}) know nothing of
 * faultline; the build runs them under the agent, which traces this class's methods by a
 * {@code trace=} pattern and writes a report at the end:
 *
 * <pre>{@code
 * <argLine>-XX:+PreserveFramePointer -javaagent:${faultline.agent.jar}=trace=dev.faultline.examples.Example07Inventory#*,
 *     dump=exit,sink=file:${project.build.directory}/faultline-dumps.log,
 *     report=${project.build.directory}/faultline-report.md</argLine>
 * }</pre>
 *
 * <p>The report, {@code examples/target/faultline-report.md}, lists each traced method with
 * its calls, durations, page faults and RSS change; a CI job can append it to its summary.
 */
public final class Example07Inventory {
    /** Bytes per record: an int quantity, then the name in UTF-8, zero-padded. */
    static final int RECORD = 64;
    private static final int NAME_BYTES = RECORD - Integer.BYTES;

    private final ByteBuffer records;
    private final int size;

    private Example07Inventory(ByteBuffer records, int size) {
        this.records = records;
        this.size = size;
    }

    /** An inventory of {@code items} items named {@code item-0, item-1, ...}, each with quantity {@code index % 100}. */
    public static Example07Inventory load(int items) {
        if (items < 0) {
            throw new IllegalArgumentException("items must be >= 0: " + items);
        }
        ByteBuffer records = ByteBuffer.allocateDirect(items * RECORD);
        for (int i = 0; i < items; i++) {
            byte[] name = ("item-" + i).getBytes(StandardCharsets.UTF_8);
            records.putInt(i * RECORD, i % 100);
            records.put(i * RECORD + Integer.BYTES, name, 0, Math.min(name.length, NAME_BYTES));
        }
        return new Example07Inventory(records, items);
    }

    public int size() {
        return size;
    }

    /** The quantity of item {@code index}. */
    public int quantity(int index) {
        return records.getInt(offset(index));
    }

    /** The name of item {@code index}. */
    public String name(int index) {
        byte[] name = new byte[NAME_BYTES];
        records.get(offset(index) + Integer.BYTES, name);
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        return new String(name, 0, length, StandardCharsets.UTF_8);
    }

    /** The sum of all quantities. */
    public long totalQuantity() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += records.getInt(i * RECORD);
        }
        return total;
    }

    private int offset(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("item " + index + " of " + size);
        }
        return index * RECORD;
    }

    /*
     * How to run
     *
     *   mvn -B -pl examples -am verify       (or mvn -B verify)
     *   cat examples/target/faultline-report.md
     *
     * The suite runs in the surefire execution example-07-under-the-agent of
     * examples/pom.xml; its dumps go to examples/target/faultline-dumps.log. In a GitHub
     * Actions job: cat examples/target/faultline-report.md >> "$GITHUB_STEP_SUMMARY".
     * See docs/ci.md.
     */
}
