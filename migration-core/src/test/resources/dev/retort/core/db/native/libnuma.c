/*
 * A stand-in for libnuma.so.1, which the embedded MySQL server links and a bare Linux machine lacks.
 * It reports no NUMA support (numa_available() == -1, as libnuma does on a kernel without NUMA),
 * so mysqld keeps its default allocation; the calls it may still make behave as on one node:
 * memory policies are the system calls themselves, node allocations are anonymous mappings.
 *
 * No header and no C library: MySqlLibraries builds it with -nostdinc -nostdlib, so a bare C
 * compiler is enough (no libc6-dev). x86-64 only, like the MySQL build that needs it. errno is
 * set through glibc's __errno_location, which mysqld has loaded.
 */

typedef unsigned long size_t;

struct bitmask {
    unsigned long size; /* in bits */
    unsigned long *maskp;
};

enum { SYS_mmap = 9, SYS_munmap = 11, SYS_mbind = 237, SYS_set_mempolicy = 238 };
enum { PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20 };

extern int *__errno_location(void);

static long sys6(long nr, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
    return ret;
}

/* As the C library's syscall(): -1 and errno on failure. */
static long checked(long ret) {
    if (ret < 0 && ret > -4096) {
        *__errno_location() = (int) -ret;
        return -1;
    }
    return ret;
}

static unsigned long node_zero = 1;
static struct bitmask all_nodes = { 1, &node_zero };
struct bitmask *numa_all_nodes_ptr = &all_nodes;

int numa_available(void) {
    return -1;
}

int numa_node_of_cpu(int cpu) {
    (void) cpu;
    return 0;
}

void *numa_alloc_local(size_t size) {
    long p = sys6(SYS_mmap, 0, (long) size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p < 0 && p > -4096 ? (void *) 0 : (void *) p;
}

void *numa_alloc_onnode(size_t size, int node) {
    (void) node;
    return numa_alloc_local(size);
}

void numa_free(void *start, size_t size) {
    if (start) {
        sys6(SYS_munmap, (long) start, (long) size, 0, 0, 0, 0);
    }
}

/* One node, 0; the mask is shared and never freed. */
struct bitmask *numa_get_mems_allowed(void) {
    return &all_nodes;
}

void numa_bitmask_free(struct bitmask *mask) {
    (void) mask;
}

long set_mempolicy(int mode, const unsigned long *nodemask, unsigned long maxnode) {
    return checked(sys6(SYS_set_mempolicy, mode, (long) nodemask, (long) maxnode, 0, 0, 0));
}

long mbind(void *start, unsigned long len, int mode, const unsigned long *nodemask, unsigned long maxnode, unsigned flags) {
    return checked(sys6(SYS_mbind, (long) start, (long) len, mode, (long) nodemask, (long) maxnode, flags));
}
