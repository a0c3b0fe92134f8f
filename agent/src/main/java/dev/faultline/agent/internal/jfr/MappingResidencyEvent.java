package dev.faultline.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;

/** How much of one tracked mapping is resident, measured periodically with mincore. */
@Name("faultline.MappingResidency")
@Label("Mapping Residency")
@Category("faultline")
@Description("How much of a mapping tracked by faultline is resident in memory, as mincore reports it; for a file"
        + " mapping, pages in the page cache count as resident.")
@StackTrace(false)
public final class MappingResidencyEvent extends MappingFields {
    @Label("Resident")
    @Description("The bytes of the mapping that are resident in memory.")
    @DataAmount(DataAmount.BYTES)
    public long residentBytes;

    @Label("Resident Share")
    @Description("The resident bytes as a share of the size.")
    @Percentage
    public double residentShare;
}
