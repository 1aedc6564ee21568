"""Large arrays whose memory is reused instead of returned to the system.

An inference pass at a large batch allocates the same large activations
batch after batch, each freed one layer later. The C library hands memory
that large straight back to the system (glibc does so from 32 MiB at the
latest), so every batch faults the next array's pages in afresh and the
kernel zeroes them: at batch 1000, LeNet-5's first convolution and ReLU
each write 63 MB, and faulting it in took longer than the ReLU's own work.

:func:`empty` gives an array whose memory comes from NumPy through an
allocator of this module (a NumPy memory handler, set only around that one
allocation): blocks of 4 MiB and more are kept when their array dies, up to
16 blocks and 256 MiB in all, and handed to the next array of about the same
size. The arrays are ordinary NumPy arrays that own their memory; NumPy
frees each through the allocator that made it, whatever the handler in use
at that time.

Threads share the kept blocks under a lock. A forked child inherits them
with the rest of its memory. (NumPy calls the allocator with the GIL held,
so no other thread holds the lock while a thread forks; a forked child
takes a fresh lock all the same.)

Training records its ops, so its arrays do not go through the kept blocks
(they would raise its peak memory by up to ``MAX_BYTES``). There, on glibc,
:func:`keep_heap` makes the C library itself keep what it frees: blocks of
up to 32 MiB come from the heap, and the heap's top is given back to the
system only past 256 MiB free. LeNet-5 at batch 256 faulted about 1,600
pages in a step with glibc's own adaptive limits, each then zeroed by the
system, and on two threads each ``munmap`` also stopped the other core to
flush its address translations. With 64 MiB, a ResNet-18 step at batch 64
still faulted 5,000 to 11,000 pages in (what its backward freed went back
to the system), a VGG-11 step 1,000 to 5,000.
"""
import os

cdef extern from *:
    """
    #ifndef NPY_TARGET_VERSION
    #define NPY_TARGET_VERSION 0x0000000f  /* NPY_1_22_API_VERSION: memory handlers */
    #endif
    #include <numpy/arrayobject.h>
    #include <pythread.h>
    #include <stdlib.h>
    #include <string.h>
    #include <stdint.h>
    #ifdef __linux__
    #include <sys/mman.h>
    #endif

    #ifdef __GLIBC__
    #include <malloc.h>
    #endif

    /* glibc: arrays up to mmap_threshold bytes from the heap, whose top goes
       back to the system only past trim_threshold free; 1 if both were set. */
    static int mgb_keep_heap(int mmap_threshold, int trim_threshold) {
    #ifdef __GLIBC__
        return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1
               && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
    #else
        return 0;
    #endif
    }

    #define MGB_MIN_BLOCK ((size_t)4 << 20)
    #define MGB_GRAIN ((size_t)2 << 20)     /* a huge page */
    #define MGB_MAX_BLOCKS 16
    #define MGB_MAX_BYTES ((size_t)256 << 20)
    #define MGB_ALIGN 64
    #define MGB_HEADER 64  /* before the data: where the block starts, its capacity */

    static PyThread_type_lock mgb_lock;
    static void *mgb_kept[MGB_MAX_BLOCKS];  /* data pointers, oldest first */
    static size_t mgb_kept_count, mgb_kept_bytes;
    static int mgb_advise_huge = 1;

    static size_t mgb_capacity(void *data) { return ((size_t *)data)[-1]; }
    static void *mgb_start(void *data) { return ((void **)data)[-2]; }

    /* A block with room for size bytes, not taken from the kept ones. */
    static void *mgb_fresh(size_t size, int zeroed) {
        size_t capacity = size < MGB_MIN_BLOCK ? size
                          : (size + MGB_GRAIN - 1) / MGB_GRAIN * MGB_GRAIN;
        if (size > SIZE_MAX / 2 || capacity < size) return NULL;
        size_t total = capacity + MGB_HEADER + MGB_ALIGN;
        char *start = zeroed ? calloc(1, total) : malloc(total);
        if (start == NULL) return NULL;
        uintptr_t at = (uintptr_t)start + MGB_HEADER + MGB_ALIGN - 1;
        char *data = (char *)(at & ~(uintptr_t)(MGB_ALIGN - 1));
        ((void **)data)[-2] = start;
        ((size_t *)data)[-1] = capacity;
    #if defined(__linux__) && defined(MADV_HUGEPAGE)
        /* As NumPy does for its own large arrays. */
        if (mgb_advise_huge && capacity >= MGB_MIN_BLOCK) {
            uintptr_t page = ((uintptr_t)data + 4095) & ~(uintptr_t)4095;
            madvise((void *)page, capacity - (page - (uintptr_t)data), MADV_HUGEPAGE);
        }
    #endif
        return data;
    }

    /* The smallest kept block with room for size bytes and at most a quarter more. */
    static void *mgb_take(size_t size) {
        void *best = NULL;
        size_t best_at = 0, i;
        if (size < MGB_MIN_BLOCK) return NULL;
        PyThread_acquire_lock(mgb_lock, WAIT_LOCK);
        for (i = 0; i < mgb_kept_count; i++) {
            size_t capacity = mgb_capacity(mgb_kept[i]);
            if (capacity >= size && capacity - size <= size / 4
                    && (best == NULL || capacity < mgb_capacity(best))) {
                best = mgb_kept[i];
                best_at = i;
            }
        }
        if (best != NULL) {
            memmove(&mgb_kept[best_at], &mgb_kept[best_at + 1],
                    (mgb_kept_count - best_at - 1) * sizeof(void *));
            mgb_kept_count--;
            mgb_kept_bytes -= mgb_capacity(best);
        }
        PyThread_release_lock(mgb_lock);
        return best;
    }

    /* Keep a block, making room by freeing the oldest kept ones; or free it. */
    static void mgb_keep(void *data) {
        size_t capacity = mgb_capacity(data);
        void *evicted[MGB_MAX_BLOCKS];
        size_t n_evicted = 0, i;
        if (capacity < MGB_MIN_BLOCK || capacity > MGB_MAX_BYTES) {
            free(mgb_start(data));
            return;
        }
        PyThread_acquire_lock(mgb_lock, WAIT_LOCK);
        while (mgb_kept_count == MGB_MAX_BLOCKS || mgb_kept_bytes + capacity > MGB_MAX_BYTES) {
            evicted[n_evicted++] = mgb_kept[0];
            mgb_kept_bytes -= mgb_capacity(mgb_kept[0]);
            memmove(&mgb_kept[0], &mgb_kept[1], (mgb_kept_count - 1) * sizeof(void *));
            mgb_kept_count--;
        }
        mgb_kept[mgb_kept_count++] = data;
        mgb_kept_bytes += capacity;
        PyThread_release_lock(mgb_lock);
        for (i = 0; i < n_evicted; i++) free(mgb_start(evicted[i]));
    }

    static void *mgb_malloc(void *ctx, size_t size) {
        void *data = mgb_take(size);
        return data != NULL ? data : mgb_fresh(size, 0);
    }

    static void *mgb_calloc(void *ctx, size_t nelem, size_t elsize) {
        size_t size;
        void *data;
        if (elsize != 0 && nelem > SIZE_MAX / elsize) return NULL;
        size = nelem * elsize;
        data = mgb_take(size);
        if (data == NULL) return mgb_fresh(size, 1);
        memset(data, 0, size);
        return data;
    }

    static void mgb_free(void *ctx, void *data, size_t size) {
        if (data != NULL) mgb_keep(data);
    }

    static void *mgb_realloc(void *ctx, void *data, size_t size) {
        void *moved;
        size_t capacity;
        if (data == NULL) return mgb_malloc(ctx, size);
        capacity = mgb_capacity(data);
        if (size <= capacity) return data;
        moved = mgb_malloc(ctx, size);
        if (moved == NULL) return NULL;
        memcpy(moved, data, capacity);
        mgb_keep(data);
        return moved;
    }

    static PyDataMem_Handler mgb_handler = {
        "minigrad_buffers", 1, {NULL, mgb_malloc, mgb_calloc, mgb_realloc, mgb_free}};

    /* The capsule NumPy takes as a handler; NULL with an exception set on failure. */
    static PyObject *mgb_init(void) {
        if (_import_array() < 0) return NULL;
        mgb_lock = PyThread_allocate_lock();
        if (mgb_lock == NULL) return PyErr_NoMemory();
        return PyCapsule_New(&mgb_handler, "mem_handler", NULL);
    }

    /* In a forked child: a fresh lock, should another thread of the parent
       have held the old one at the fork (possible only without the GIL). */
    static void mgb_after_fork(void) {
        PyThread_type_lock fresh = PyThread_allocate_lock();
        if (fresh != NULL) mgb_lock = fresh;
    }

    /* Free every kept block; the number of bytes freed. */
    static size_t mgb_release(void) {
        void *kept[MGB_MAX_BLOCKS];
        size_t count, bytes, i;
        PyThread_acquire_lock(mgb_lock, WAIT_LOCK);
        count = mgb_kept_count;
        bytes = mgb_kept_bytes;
        memcpy(kept, mgb_kept, count * sizeof(void *));
        mgb_kept_count = 0;
        mgb_kept_bytes = 0;
        PyThread_release_lock(mgb_lock);
        for (i = 0; i < count; i++) free(mgb_start(kept[i]));
        return bytes;
    }

    static void mgb_kept_now(size_t *blocks, size_t *bytes) {
        PyThread_acquire_lock(mgb_lock, WAIT_LOCK);
        *blocks = mgb_kept_count;
        *bytes = mgb_kept_bytes;
        PyThread_release_lock(mgb_lock);
    }
    """
    object mgb_init()
    object PyDataMem_SetHandler(object handler)
    size_t mgb_release()
    void mgb_after_fork()
    void mgb_kept_now(size_t *blocks, size_t *bytes)
    int mgb_keep_heap(int mmap_threshold, int trim_threshold)
    int mgb_advise_huge
    size_t MGB_MIN_BLOCK
    size_t MGB_MAX_BLOCKS
    size_t MGB_MAX_BYTES


_handler = mgb_init()

#: Arrays of this many bytes or more take their memory from the kept blocks.
MIN_BLOCK = MGB_MIN_BLOCK
#: At most this many blocks, and this many bytes in all, are kept.
MAX_BLOCKS = MGB_MAX_BLOCKS
MAX_BYTES = MGB_MAX_BYTES


def _numpy_advises_huge_pages():
    try:
        from numpy._core.multiarray import _get_madvise_hugepage
    except ImportError:  # NumPy 1.x
        from numpy.core.multiarray import _get_madvise_hugepage
    return bool(_get_madvise_hugepage())


# NumPy's choice (NUMPY_MADVISE_HUGEPAGE) when minigrad is imported.
mgb_advise_huge = _numpy_advises_huge_pages()


#: glibc's largest mmap threshold: 32 MiB on 64-bit systems.
HEAP_BLOCK_MAX = 32 << 20
#: The free memory at the heap's top that glibc keeps before giving it back.
HEAP_TRIM = 256 << 20
# Settings of the user's that keep_heap leaves alone.
_MALLOC_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_")


def keep_heap():
    """Have glibc keep freed memory for the next arrays; True if it now does.

    Called once when minigrad is imported. Does nothing (and returns False)
    off glibc, with ``MINIGRAD_KEEP_HEAP=0``, or where the user has set
    glibc's own limits (``MALLOC_MMAP_THRESHOLD_``, ``MALLOC_TRIM_THRESHOLD_``,
    ``MALLOC_TOP_PAD_``, or ``glibc.malloc`` tunables in ``GLIBC_TUNABLES``).
    """
    if os.environ.get("MINIGRAD_KEEP_HEAP", "1") == "0":
        return False
    if any(name in os.environ for name in _MALLOC_SETTINGS) \
            or "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    return bool(mgb_keep_heap(HEAP_BLOCK_MAX, HEAP_TRIM))


heap_kept = keep_heap()


def _after_fork_in_child():
    mgb_after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)


def kept():
    """How many blocks are kept for reuse now, and their bytes."""
    cdef size_t blocks, nbytes
    mgb_kept_now(&blocks, &nbytes)
    return blocks, nbytes


def release():
    """Free the kept blocks; return how many bytes that gave back."""
    return mgb_release()


def begin_reuse():
    """Make NumPy allocate through the kept blocks in this context.

    Returns the handler in use before, for :func:`end_reuse`.
    """
    return PyDataMem_SetHandler(_handler)


def end_reuse(previous):
    """Undo :func:`begin_reuse`."""
    PyDataMem_SetHandler(previous)
