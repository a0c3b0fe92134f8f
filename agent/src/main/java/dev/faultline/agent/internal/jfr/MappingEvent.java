package dev.faultline.agent.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A mapping that the application made through the JDK, with the stack of the call that made it. */
@Name("faultline.Mapping")
@Label("Mapping")
@Category("faultline")
@Description("A file mapping, direct buffer or FFM allocation made by the application, with the stack of the call"
        + " that made it (its top frames are faultline's probe in the JDK method).")
@StackTrace(true)
public final class MappingEvent extends MappingFields {
}
