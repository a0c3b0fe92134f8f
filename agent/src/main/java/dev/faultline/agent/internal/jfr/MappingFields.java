package dev.faultline.agent.internal.jfr;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MemoryAddress;

/** The fields that both mapping events carry: which mapping, made by what, from where. */
public abstract class MappingFields extends jdk.jfr.Event {
    @Label("Kind")
    @Description("What made it: FileChannel.map, direct buffer, FFM allocation or FFM file mapping.")
    public String kind;

    @Label("Address")
    @Description("The address of the memory that the buffer or segment gives access to.")
    @MemoryAddress
    public long address;

    @Label("Size")
    @Description("The size of the buffer or segment.")
    @DataAmount(DataAmount.BYTES)
    public long size;

    @Label("File")
    @Description("The mapped file's path, when the mapping is of a file.")
    public String file;

    @Label("Origin")
    @Description("The call and the first application frame below the JDK that made it.")
    public String origin;
}
