package dev.faultline.nativebridge.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc functions that the bridge calls, with their C names and the C calling
 * semantics. Loaded lazily by {@link Natives}.
 *
 * <p>{@code mmap} takes its first argument as a {@link Pointer}: with JNR's default x86
 * assembler stubs, a call whose six or more arguments are all primitives gets its sixth
 * argument corrupted (see {@code NATIVE-NOTES.md}); a reference argument moves the call
 * off that path.
 */
public interface LibC {
    int RUSAGE_SELF = 0;
    int RUSAGE_THREAD = 1;

    int PROT_NONE = 0;
    int PROT_READ = 1;
    int PROT_WRITE = 2;

    int MAP_PRIVATE = 0x02;
    int MAP_ANONYMOUS = 0x20;
    int MAP_NORESERVE = 0x4000;
    int MAP_POPULATE = 0x8000;

    int MADV_DONTNEED = 4;
    int MADV_HUGEPAGE = 14;
    int MADV_NOHUGEPAGE = 15;

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;

    int _SC_PAGESIZE = 30;

    /**
     * Its {@code errno} is not saved: no caller reads it (a failure is "the counters cannot
     * be read here"), and saving it costs every traced call twice.
     */
    @IgnoreError
    int getrusage(int who, Pointer usage);

    @SaveError
    long mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    @SaveError
    int munmap(long addr, long length);

    @SaveError
    int madvise(long addr, long length, int advice);

    @SaveError
    int mincore(long addr, long length, Pointer vec);

    @SaveError
    int open(@In String path, int flags);

    @IgnoreError
    int close(int fd);

    @SaveError
    long pread(int fd, @Out byte[] buf, long count, long offset);

    @IgnoreError
    long sysconf(int name);

    @IgnoreError
    String strerror(int errnum);

    @IgnoreError
    void free(Pointer ptr);
}
