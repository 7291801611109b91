/*
 * A stand-in for libaio.so.1, which the embedded MySQL server links and a bare Linux machine lacks.
 * libaio's calls are thin wrappers around Linux system calls: its struct iocb and struct io_event
 * are the kernel's ABI, and its io_context_t is the kernel's aio context id held in a pointer. So
 * each function here is the system call itself, returning -errno on failure as libaio does.
 *
 * No header and no C library: MySqlLibraries builds it with -nostdinc -nostdlib, so a bare C
 * compiler is enough (no libc6-dev). x86-64 only, like the MySQL build that needs it.
 */

struct iocb;
struct io_event;
struct timespec;

enum { SYS_io_setup = 206, SYS_io_destroy = 207, SYS_io_getevents = 208, SYS_io_submit = 209, SYS_io_cancel = 210 };

static long sys5(long nr, long a, long b, long c, long d, long e) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
    return ret;
}

int io_setup(int maxevents, void **ctxp) {
    return (int) sys5(SYS_io_setup, maxevents, (long) ctxp, 0, 0, 0);
}

int io_destroy(void *ctx) {
    return (int) sys5(SYS_io_destroy, (long) ctx, 0, 0, 0, 0);
}

int io_submit(void *ctx, long nr, struct iocb **iocbs) {
    return (int) sys5(SYS_io_submit, (long) ctx, nr, (long) iocbs, 0, 0);
}

int io_cancel(void *ctx, struct iocb *iocb, struct io_event *evt) {
    return (int) sys5(SYS_io_cancel, (long) ctx, (long) iocb, (long) evt, 0, 0);
}

int io_getevents(void *ctx, long min_nr, long nr, struct io_event *events, struct timespec *timeout) {
    return (int) sys5(SYS_io_getevents, (long) ctx, min_nr, nr, (long) events, (long) timeout);
}
