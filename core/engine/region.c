/*
 * region.c — laying out and mapping the shared region (see region.h).
 *
 * For processes the region is a file in /dev/shm (the tmpfs where POSIX
 * shared memory lives, with its size limit) that never has a name: it is
 * opened with O_TMPFILE, so no signal at any moment, SIGKILL included, can
 * leave an entry there. Where the kernel or the file system cannot make
 * unnamed files, it falls back to a POSIX shared memory object created with
 * O_EXCL under an unpredictable name (another local user cannot plant it in
 * advance; a taken name is retried) and unlinked right after opening, before
 * it is sized, reserved or mapped; there only a SIGKILL landing between the
 * open and the unlink can leave the name behind. The ledger can be
 * large (two bytes per item) but is touched only as items are made, and
 * untouched pages of a tmpfs object or an anonymous mapping cost nothing.
 */
#include "region.h"

#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "fault.h"

static size_t align_up(size_t value, size_t alignment)
{
    return (value + alignment - 1) & ~(alignment - 1);
}

static size_t lay_out(const cv_region_shape *shape, cv_control *layout)
{
    memset(layout, 0, sizeof *layout);
    size_t offset = align_up(sizeof(cv_control), 64);
    layout->slots_offset = offset;
    offset = align_up(offset + (size_t)shape->buffer_slots * sizeof(uint32_t), 64);
    layout->workers_offset = offset;
    layout->worker_bytes = shape->worker_bytes;
    offset = align_up(offset + (size_t)shape->worker_count * shape->worker_bytes, 64);
    layout->gils_offset = offset;
    layout->gil_bytes = shape->gil_bytes;
    offset = align_up(offset + (size_t)shape->gil_count * shape->gil_bytes, 64);
    layout->ring_capacity = shape->ring_capacity;
    layout->ring_stride = cv_ring_bytes(shape->ring_capacity);
    layout->rings_offset = offset;
    offset = align_up(offset + layout->ring_stride * shape->worker_count, 4096);
    layout->ledger_offset = offset;
    offset = align_up(offset + (size_t)shape->ledger_items * 2, 4096);
    layout->total_bytes = offset;
    layout->worker_count = shape->worker_count;
    layout->buffer_slots = shape->buffer_slots;
    layout->gil_count = shape->gil_count;
    layout->ledger_items = shape->ledger_items;
    /* The parts follow each other, in this order, inside the region. */
    assert(layout->slots_offset >= sizeof(cv_control) &&
           layout->workers_offset >= layout->slots_offset &&
           layout->gils_offset >= layout->workers_offset &&
           layout->rings_offset >= layout->gils_offset &&
           layout->ledger_offset >=
               layout->rings_offset + layout->ring_stride * shape->worker_count &&
           layout->total_bytes >= layout->ledger_offset + 2 * shape->ledger_items);
    return offset;
}

/* Reserve the ledger bytes of the ids [from, to): their puts, then their
 * gets, which sit ledger_items further on. A posix_fallocate result. */
static int reserve_ids(int fd, size_t ledger_offset, uint64_t ledger_items, uint64_t from,
                       uint64_t to)
{
    int rc = posix_fallocate(fd, (off_t)(ledger_offset + from), (off_t)(to - from));
    if (rc == 0)
        rc = posix_fallocate(fd, (off_t)(ledger_offset + ledger_items + from), (off_t)(to - from));
    return rc == EOPNOTSUPP || rc == EINVAL ? 0 : rc; /* not tmpfs: nothing to fear */
}

/*
 * A tmpfs object is sparse: without reserving, a full /dev/shm shows up only
 * when a worker touches a page it cannot get, and dies of SIGBUS mid-run.
 * Reserving the region (all but the ledger past its first ids, reserved as
 * the run goes: cv_region_reserve_ledger) turns that into a clear error
 * before any worker starts.
 */
static cv_status reserve_shared(int fd, const cv_control *layout, uint64_t first_ids, cv_error *err)
{
    int rc = posix_fallocate(fd, 0, (off_t)layout->ledger_offset);
    if (rc == EOPNOTSUPP || rc == EINVAL)
        return CV_OK;
    if (rc == 0)
        rc = reserve_ids(fd, layout->ledger_offset, layout->ledger_items, 0, first_ids);
    if (rc == 0)
        return CV_OK;
    size_t reserve = layout->ledger_offset + 2 * first_ids;
    if (rc == ENOSPC)
        return cv_fail(err, CV_ERR_SYSTEM, "", 0,
                       "not enough room in /dev/shm for the processes backend (%zu MB needed): "
                       "free or enlarge /dev/shm (containers: --shm-size), or use --backend "
                       "threads",
                       (reserve + (1u << 20) - 1) >> 20);
    errno = rc;
    return cv_fail_errno(err, "reserving shared memory for the processes backend");
}

/* Where POSIX shared memory lives on Linux (glibc's shm_open uses it too). */
#define SHM_DIRECTORY "/dev/shm"
#define SHM_WHAT "/dev/shm (shared memory for the processes backend)"

/* shm_open then shm_unlink with blockable signals held off between them. */
static int open_and_unlink(const char *name)
{
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    int saved = errno;
    if (fd >= 0)
        shm_unlink(name);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    errno = saved;
    return fd;
}

/* Names tried before giving up when every one is taken (each is 64 random bits). */
#define SHM_NAME_TRIES 16

/* 64 unpredictable bits: getrandom, or (no entropy source) clock and pid mixed. */
static uint64_t random_bits(void)
{
    uint64_t bits;
    if (getrandom(&bits, sizeof bits, GRND_NONBLOCK) == (ssize_t)sizeof bits)
        return bits;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    bits = (uint64_t)now.tv_nsec ^ ((uint64_t)now.tv_sec << 30) ^ ((uint64_t)getpid() << 17);
    bits ^= bits >> 33;
    bits *= 0xff51afd7ed558ccdu;
    return bits ^ (bits >> 33);
}

/*
 * The fallback: a named object unlinked at once. Every signal that can be
 * blocked is blocked from the open to the unlink: on a loaded machine the
 * thread can be preempted between the two for milliseconds, and a SIGHUP or
 * SIGTERM landing there (the terminal closed, `timeout`) left the name behind
 * in 8 to 11 of 15 tries of drill_shm_names. A SIGKILL there still can (2 of
 * 15 on a loaded CI machine), which is why this is only the fallback.
 */
static cv_status open_named_then_unlink(int *fd_out, cv_error *err)
{
    for (int tries = 0; tries < SHM_NAME_TRIES; tries++) {
        char name[64];
        snprintf(name, sizeof name, "/conveyor-%016llx", (unsigned long long)random_bits());
        int fd = -1;
        if (cv_fault_injected("shm_name"))
            errno = EEXIST;
        else
            fd = open_and_unlink(name);
        if (fd >= 0) {
            *fd_out = fd;
            return CV_OK;
        }
        if (errno != EEXIST)
            break;
    }
    return cv_fail_errno(err, SHM_WHAT);
}

/* True for the errors open(2) gives where O_TMPFILE is not supported. */
static bool tmpfile_unsupported(int error)
{
    return error == EOPNOTSUPP || error == EISDIR || error == EINVAL;
}

/*
 * Creates the shared memory object with no name at all: O_TMPFILE in
 * /dev/shm, or, where unnamed files cannot be made there, the named
 * fallback above. The descriptor is all that keeps the object.
 */
static cv_status open_unnamed(int *fd_out, cv_error *err)
{
    if (cv_fault_injected("shm_open")) {
        errno = EMFILE;
        return cv_fail_errno(err, SHM_WHAT);
    }
    int fd = -1;
    if (cv_fault_injected("shm_tmpfile"))
        errno = EOPNOTSUPP;
    else
        fd = open(SHM_DIRECTORY, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) {
        *fd_out = fd;
        return CV_OK;
    }
    if (tmpfile_unsupported(errno))
        return open_named_then_unlink(fd_out, err);
    return cv_fail_errno(err, SHM_WHAT);
}

static cv_status map_shared(size_t bytes, const cv_control *layout, uint64_t first_ids, void **out,
                            int *fd_out, cv_error *err)
{
    int fd = -1;
    cv_status opened = open_unnamed(&fd, err);
    if (opened != CV_OK)
        return opened;
    void *base = MAP_FAILED;
    int saved = 0;
    cv_status reserved = CV_OK;
    if (ftruncate(fd, (off_t)bytes) != 0) {
        saved = errno;
    } else if ((reserved = reserve_shared(fd, layout, first_ids, err)) != CV_OK) {
        saved = 0;
    } else if (cv_fault_injected("mmap")) {
        saved = ENOMEM;
    } else {
        base = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
        saved = errno;
    }
    if (reserved != CV_OK || base == MAP_FAILED)
        close(fd);
    if (reserved != CV_OK)
        return reserved;
    if (base == MAP_FAILED) {
        errno = saved;
        return cv_fail_errno(err, "mapping shared memory for the processes backend");
    }
    *out = base;
    *fd_out = fd;
    return CV_OK;
}

static cv_status map_private(size_t bytes, void **out, cv_error *err)
{
    void *base = MAP_FAILED;
    if (cv_fault_injected("mmap"))
        errno = ENOMEM;
    else
        base = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED)
        return cv_fail_errno(err, "mapping memory for the run");
    *out = base;
    return CV_OK;
}

cv_status cv_region_create(const cv_region_shape *shape, bool shared, cv_region *out, cv_error *err)
{
    cv_control layout;
    size_t bytes = lay_out(shape, &layout);
    void *base = NULL;
    uint64_t first_ids =
        shape->ledger_items < CV_LEDGER_AHEAD_ITEMS ? shape->ledger_items : CV_LEDGER_AHEAD_ITEMS;
    int fd = -1;
    cv_status status = shared ? map_shared(bytes, &layout, first_ids, &base, &fd, err)
                              : map_private(bytes, &base, err);
    if (status != CV_OK)
        return status;
    /* Fresh mappings are zero-filled; only the layout needs writing. */
    memcpy(base, &layout, sizeof layout);
    cv_control *control = base;
    control->magic = CV_REGION_MAGIC;
    control->process_shared = shared;
    atomic_store(&control->ledger_reserved_items, shared ? first_ids : shape->ledger_items);
    for (uint32_t i = 0; i < shape->worker_count; i++)
        cv_ring_init(cv_region_ring(control, i), shape->ring_capacity);
    out->base = base;
    out->bytes = bytes;
    out->shared = shared;
    out->fd = fd;
    return CV_OK;
}

cv_status cv_region_reserve_ledger(cv_region *region, uint64_t claimed, cv_error *err)
{
    cv_control *control = cv_region_control(region);
    uint64_t reserved = atomic_load(&control->ledger_reserved_items);
    if (region->fd < 0 || reserved >= control->ledger_items)
        return CV_OK;
    /* The drills' stand-in for a full /dev/shm at the first poll. */
    bool fault = cv_fault_injected("ledger_reserve");
    if (!fault && claimed + CV_LEDGER_AHEAD_ITEMS / 2 < reserved)
        return CV_OK;
    uint64_t more = reserved + CV_LEDGER_AHEAD_ITEMS;
    if (more > control->ledger_items)
        more = control->ledger_items;
    int rc = fault ? ENOSPC
                   : reserve_ids(region->fd, control->ledger_offset, control->ledger_items,
                                 reserved, more);
    if (rc == 0) {
        atomic_store(&control->ledger_reserved_items, more);
        return CV_OK;
    }
    if (rc == ENOSPC)
        return cv_fail(err, CV_ERR_SYSTEM, "", 0,
                       "/dev/shm ran out of room after %llu items (the processes backend's item "
                       "ledger takes 2 bytes per item): free or enlarge /dev/shm (containers: "
                       "--shm-size), set fewer items, or use --backend threads",
                       (unsigned long long)reserved);
    errno = rc;
    return cv_fail_errno(err, "reserving shared memory for the item ledger");
}

void cv_region_destroy(cv_region *region)
{
    if (region->base)
        munmap(region->base, region->bytes);
    if (region->base && region->fd >= 0)
        close(region->fd);
    memset(region, 0, sizeof *region);
}
