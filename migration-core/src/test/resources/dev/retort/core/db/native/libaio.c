/*
 * A stand-in for libaio.so.1, which the embedded MySQL server links and a bare Linux machine lacks.
 * libaio's calls are thin wrappers around Linux system calls: its struct iocb and struct io_event
 * are the kernel's ABI, and its io_context_t is the kernel's aio context id held in a pointer. So
 * each function here is the system call itself, returning -errno on failure as libaio does.
 * MySqlServer builds this file into libaio.so.1 (symbol versions from libaio.map) beside mysqld.
 */
#include <stddef.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>

struct iocb;
struct io_event;
struct timespec;

static long result(long r) {
    return r < 0 ? -errno : r;
}

int io_setup(int maxevents, void **ctxp) {
    return (int) result(syscall(SYS_io_setup, maxevents, ctxp));
}

int io_destroy(void *ctx) {
    return (int) result(syscall(SYS_io_destroy, ctx));
}

int io_submit(void *ctx, long nr, struct iocb **iocbs) {
    return (int) result(syscall(SYS_io_submit, ctx, nr, iocbs));
}

int io_cancel(void *ctx, struct iocb *iocb, struct io_event *evt) {
    return (int) result(syscall(SYS_io_cancel, ctx, iocb, evt));
}

int io_getevents(void *ctx, long min_nr, long nr, struct io_event *events, struct timespec *timeout) {
    return (int) result(syscall(SYS_io_getevents, ctx, min_nr, nr, events, timeout));
}
