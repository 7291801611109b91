/*
 * A stand-in for libnuma.so.1, which the embedded MySQL server links and a bare Linux machine lacks.
 * It reports no NUMA support (numa_available() == -1, as libnuma does on a kernel without NUMA),
 * so mysqld keeps its default allocation; the calls it may still make behave as on one node:
 * memory policies are the system calls themselves, node allocations are plain anonymous mappings.
 * MySqlServer builds this file into libnuma.so.1 (symbol versions from libnuma.map) beside mysqld.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

struct bitmask {
    unsigned long size;   /* in bits */
    unsigned long *maskp;
};

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
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void *numa_alloc_onnode(size_t size, int node) {
    (void) node;
    return numa_alloc_local(size);
}

void numa_free(void *start, size_t size) {
    if (start != NULL) {
        munmap(start, size);
    }
}

struct bitmask *numa_get_mems_allowed(void) {
    struct bitmask *mask = malloc(sizeof *mask);
    unsigned long *bits = malloc(sizeof *bits);
    if (mask == NULL || bits == NULL) {
        free(mask);
        free(bits);
        return NULL;
    }
    *bits = 1;
    mask->size = 8 * sizeof *bits;
    mask->maskp = bits;
    return mask;
}

void numa_bitmask_free(struct bitmask *mask) {
    if (mask != NULL) {
        free(mask->maskp);
        free(mask);
    }
}

long set_mempolicy(int mode, const unsigned long *nodemask, unsigned long maxnode) {
    return syscall(SYS_set_mempolicy, mode, nodemask, maxnode);
}

long mbind(void *start, unsigned long len, int mode, const unsigned long *nodemask, unsigned long maxnode,
        unsigned flags) {
    return syscall(SYS_mbind, start, len, mode, nodemask, maxnode, flags);
}
