package dev.faultline.agent.internal.memory.rss;

/** What a piece of the process's address space holds, as far as faultline can tell. */
public enum RssClass {
    JAVA_HEAP("Java heap"),
    GC("GC data structures"),
    CODE_CACHE("code cache"),
    CLASS_METADATA("metaspace, class space, CDS"),
    THREAD_STACKS("thread stacks"),
    OTHER_JVM("other JVM memory (NMT)"),
    TRACKED("tracked mappings"),
    MAPPED_FILES("mapped files"),
    SHARED_MEMORY("shared memory (memfd, shm)"),
    MALLOC("malloc heap"),
    KERNEL("kernel pages (vdso, vvar)"),
    UNCLASSIFIED("unclassified anonymous");

    private final String label;

    RssClass(String label) {
        this.label = label;
    }

    /** How reports name it. */
    public String label() {
        return label;
    }
}
