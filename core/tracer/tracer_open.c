/*
 * tracer_open.c — opening and closing a trace of your own program (see
 * conveyor/tracer.h). Opening maps the shared memory (the header, the
 * lanes and their rings, see tracer_shared.h), starts the run clock and the
 * collector. Closing collects the last events, then writes the trace with
 * the same writer as `conveyor run --trace x.cvtrace` (core/tracefile),
 * with a result the tracer works out from the events: items put and got,
 * the ledger (tracer_ledger.h), lanes that died.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conveyor/folder.h"
#include "conveyor/scenario.h"
#include "conveyor/tracefile.h"
#include "ready.h"
#include "tracer_collect.h"
#include "tracer_ledger.h"
#include "tracer_shared.h"

#define DEFAULT_MAX_LANES 64
#define DEFAULT_RING_EVENTS 65536u
#define MIN_RING_EVENTS 1024u
#define MAX_RING_EVENTS (16u << 20)

/*
 * The traces open in this process, so that a second cv_tracer_close (or a
 * lane registered on a closed trace) is a usage error with a message, not a
 * read of unmapped memory. Lock-free slots rather than a mutex: fork() may
 * copy a mutex locked by another thread, and the child would hang on it.
 */
#define MAX_OPEN_TRACERS 64
static _Atomic(cv_tracer *) open_tracers[MAX_OPEN_TRACERS];

static bool remember_open(cv_tracer *tracer)
{
    for (int i = 0; i < MAX_OPEN_TRACERS; i++) {
        cv_tracer *expected = NULL;
        if (atomic_compare_exchange_strong(&open_tracers[i], &expected, tracer))
            return true;
    }
    return false;
}

/* The slot holding tracer, or -1 when it is not open in this process. */
static int open_slot(const cv_tracer *tracer)
{
    for (int i = 0; i < MAX_OPEN_TRACERS; i++)
        if (atomic_load(&open_tracers[i]) == tracer)
            return i;
    return -1;
}

/* Whether tracer is open: only the one call that takes it out closes it. */
static bool forget_open(cv_tracer *tracer, int slot)
{
    cv_tracer *expected = tracer;
    return atomic_compare_exchange_strong(&open_tracers[slot], &expected, NULL);
}

bool cv_tracer_is_open(const cv_tracer *tracer)
{
    return open_slot(tracer) >= 0;
}

static size_t align_up(size_t value, size_t alignment)
{
    return (value + alignment - 1) & ~(alignment - 1);
}

/* The base name: what follows the last '/'. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* An existing folder is said to be one before anything about its name:
 * "/proc" is a folder, whatever it does not end in. */
static cv_status refuse_a_folder(const char *path, cv_error *err)
{
    struct stat about;
    if (stat(path, &about) == 0 && S_ISDIR(about.st_mode))
        return cv_fail(err, CV_ERR_IO, "", 0,
                       "%s is a folder, not a file; give a file name inside it, such as "
                       "%s/run.cvtrace",
                       path, path);
    return CV_OK;
}

/* A file name a student can be told what is wrong with, before anything
 * else: empty, a folder's name, only the extension, another extension. */
static cv_status check_name(const char *path, cv_error *err)
{
    const char *base = base_name(path);
    int folder_length = (int)(base - path);
    if (path[0] == '\0')
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "cv_tracer_open: the path is empty; give a file name ending in .cvtrace, "
                       "such as run.cvtrace");
    if (base[0] == '\0')
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "%s: ends in '/', so it names a folder; give a file name in it ending in "
                       ".cvtrace, such as %srun.cvtrace",
                       path, path);
    cv_status status = refuse_a_folder(path, err);
    if (status != CV_OK)
        return status;
    if (strcmp(base, CV_TRACEFILE_EXTENSION) == 0)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "%s: the file name is only the extension; put a name before "
                       ".cvtrace, such as %.*srun.cvtrace",
                       path, folder_length, path);
    if (!cv_tracefile_is_native_name(path))
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "%s: a trace's file name must end in .cvtrace (conveyor render can turn "
                       "it into Chrome trace JSON)",
                       path);
    return CV_OK;
}

static cv_status check_options(const cv_tracer_options *o, cv_error *err)
{
    if (o->max_lanes > CV_TRACER_MAX_LANES)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "max_lanes %u: at most %d lanes", o->max_lanes,
                       CV_TRACER_MAX_LANES);
    if (o->buffer_slots > CV_MAX_BUFFER_SLOTS)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "buffer_slots %u: at most %u", o->buffer_slots,
                       CV_MAX_BUFFER_SLOTS);
    uint32_t ring = o->ring_events;
    if (ring != 0 && (ring < MIN_RING_EVENTS || ring > MAX_RING_EVENTS || (ring & (ring - 1)) != 0))
        return cv_fail(err, CV_ERR_USAGE, "", 0, "ring_events %u: a power of two from %u to %u",
                       ring, MIN_RING_EVENTS, MAX_RING_EVENTS);
    return CV_OK;
}

/* Why a file could not be made in folder, in a student's words. */
static cv_status folder_failure(const char *path, const char *folder, int error, cv_error *err)
{
    struct stat about;
    bool exists = stat(folder, &about) == 0 && S_ISDIR(about.st_mode);
    /* /proc, /sys: a folder that takes no new files. The kernel says ENOENT,
     * "No such file or directory", which would contradict "the folder". */
    if (exists && error == ENOENT)
        return cv_fail(err, CV_ERR_IO, "", 0,
                       "%s: cannot write the trace there: the folder %s does not take new files",
                       path, folder);
    const char *why = error == ENOENT    ? "does not exist"
                      : error == ENOTDIR ? "is not a folder"
                      : error == EACCES || error == EPERM
                          ? "does not let this program create files in it"
                      : error == EROFS ? "is on a read-only file system"
                                       : NULL;
    if (why)
        return cv_fail(err, CV_ERR_IO, "", 0, "%s: cannot write the trace there: the folder %s %s",
                       path, folder, why);
    return cv_fail(err, CV_ERR_IO, "", 0, "%s: cannot write the trace into the folder %s: %s", path,
                   folder, strerror(error));
}

/*
 * The path's folder must take new files (check_name has refused a path
 * that is a folder): known now, not after the program has run
 * (conveyor/folder.h says how).
 */
static cv_status check_destination(const char *path, cv_error *err)
{
    const char *base = base_name(path);
    char folder[4096];
    if (base == path)
        snprintf(folder, sizeof folder, ".");
    else if (base == path + 1)
        snprintf(folder, sizeof folder, "/");
    else
        snprintf(folder, sizeof folder, "%.*s", (int)(base - path - 1), path);
    int error = cv_folder_refuses_new_files(folder);
    if (error == ENAMETOOLONG)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "%.200s...: the path is too long", path);
    return error ? folder_failure(path, folder, error, err) : CV_OK;
}

/* The trace's title: the option, else the file name without .cvtrace. */
static void set_title(cv_tracer_collector *c, const char *path, const char *name)
{
    if (name && name[0]) {
        snprintf(c->title, sizeof c->title, "%s", name);
        return;
    }
    const char *base = base_name(path);
    size_t length = strlen(base) - strlen(CV_TRACEFILE_EXTENSION);
    if (length >= sizeof c->title)
        length = sizeof c->title - 1;
    memcpy(c->title, base, length);
    c->title[length] = '\0';
}

static cv_tracer *map_tracer(uint32_t max_lanes, uint32_t ring_events, cv_error *err)
{
    size_t lanes_offset = align_up(sizeof(cv_tracer), 64);
    /* Rings on whole pages, so a lane can map its own ahead (tracer_lane.c). */
    size_t rings_offset =
        align_up(lanes_offset + (size_t)max_lanes * sizeof(struct cv_tracer_lane), 4096);
    size_t ring_stride = align_up(cv_ring_bytes(ring_events), 4096);
    size_t bytes = align_up(rings_offset + ring_stride * max_lanes, 4096);
    /* Shared and anonymous: fork() hands it down at the same address, and
     * no name is left anywhere. Pages are touched only as rings fill. */
    char *base = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) {
        cv_fail_errno(err, "mapping the tracer's shared memory");
        return NULL;
    }
    cv_tracer *tracer = (cv_tracer *)base;
    pthread_mutexattr_t shared_robust;
    pthread_mutexattr_init(&shared_robust);
    pthread_mutexattr_setpshared(&shared_robust, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&shared_robust, PTHREAD_MUTEX_ROBUST);
    int rc = pthread_mutex_init(&tracer->registering, &shared_robust);
    pthread_mutexattr_destroy(&shared_robust);
    if (rc != 0) {
        munmap(base, bytes);
        errno = rc;
        cv_fail_errno(err, "making the tracer's lane lock");
        return NULL;
    }
    tracer->opener_pid = getpid();
    tracer->max_lanes = max_lanes;
    tracer->ring_events = ring_events;
    tracer->ring_stride = ring_stride;
    tracer->mapping_bytes = bytes;
    tracer->lanes = (struct cv_tracer_lane *)(base + lanes_offset);
    tracer->rings = base + rings_offset;
    return tracer;
}

CV_TRACER_EXPORT cv_status cv_tracer_open(const char *path, const cv_tracer_options *options,
                                          cv_tracer **out, cv_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return cv_fail(err, CV_ERR_USAGE, "", 0, "cv_tracer_open: path and out are required");
    cv_tracer_options o = options ? *options : (cv_tracer_options){0};
    cv_status status = check_name(path, err);
    if (status == CV_OK)
        status = check_options(&o, err);
    if (status == CV_OK)
        status = check_destination(path, err);
    if (status != CV_OK)
        return status;
    uint32_t max_lanes = o.max_lanes ? o.max_lanes : DEFAULT_MAX_LANES;
    uint32_t ring_events = o.ring_events ? o.ring_events : DEFAULT_RING_EVENTS;
    cv_tracer *tracer = map_tracer(max_lanes, ring_events, err);
    if (!tracer)
        return CV_ERR_SYSTEM;
    cv_run_clock_start(&tracer->clock);
    status = cv_tracer_collector_start(tracer, err);
    if (status == CV_OK) {
        cv_tracer_collector *c = tracer->collector;
        c->buffer_slots = o.buffer_slots;
        set_title(c, path, o.name);
        c->path = strdup(path);
        if (!c->path) {
            cv_tracer_collector_finish(tracer, NULL);
            cv_tracer_collector_free(tracer);
            status = cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the tracer");
        }
    }
    if (status == CV_OK && !remember_open(tracer)) {
        cv_tracer_collector_finish(tracer, NULL);
        cv_tracer_collector_free(tracer);
        status = cv_fail(err, CV_ERR_USAGE, "", 0,
                         "%s: %d traces are open in this process already; close one first", path,
                         MAX_OPEN_TRACERS);
    }
    if (status != CV_OK) {
        munmap(tracer, tracer->mapping_bytes);
        return status;
    }
    *out = tracer;
    return CV_OK;
}

/* What the machine gave the program: cores, load, whether `ready` was measured. */
static void observe_machine(cv_machine *machine)
{
    cpu_set_t allowed;
    int available = sched_getaffinity(0, sizeof allowed, &allowed) == 0
                        ? CPU_COUNT(&allowed)
                        : (int)sysconf(_SC_NPROCESSORS_ONLN);
    machine->cores_available = available > 0 ? (uint32_t)available : 1;
    machine->cores = machine->cores_available;
    double load;
    machine->load_average = getloadavg(&load, 1) == 1 ? load : -1;
    char reason[CV_MACHINE_NOTE_MAX];
    machine->ready_measured = cv_ready_waits_measurable(reason, sizeof reason);
    if (!machine->ready_measured)
        snprintf(machine->note, sizeof machine->note, "%s", reason);
}

/* The trace's labels, from the lanes the program registered. */
static void label_trace(cv_tracer *tracer, cv_trace *trace, uint32_t lanes, int64_t end_ns)
{
    cv_tracer_collector *c = tracer->collector;
    snprintf(trace->scenario, sizeof trace->scenario, "%s", c->title);
    snprintf(trace->description, sizeof trace->description,
             "traced with libconveyor-tracer (pid %ld)", (long)tracer->opener_pid);
    trace->backend = CV_BACKEND_THREADS;
    trace->lane_count = lanes;
    for (uint32_t i = 0; i < lanes; i++) {
        const struct cv_tracer_lane *lane = &tracer->lanes[i];
        cv_lane_info *info = &trace->lanes[i];
        memcpy(info->name, lane->name, sizeof info->name);
        info->role = lane->role;
        info->group = (uint32_t)lane->role;
        bool child = lane->pid != tracer->opener_pid;
        info->os_id = child ? lane->pid : lane->tid;
        info->os_id_kind = child ? CV_OS_ID_PROCESS : CV_OS_ID_THREAD;
        if (child)
            trace->backend = CV_BACKEND_PROCESSES;
    }
    trace->buffer_slots = c->buffer_slots;
    trace->parent_pid = tracer->opener_pid;
    trace->dropped_events = cv_tracer_dropped_events(tracer);
    if (end_ns > trace->end_ns)
        trace->end_ns = end_ns;
    trace->finished = true;
    observe_machine(&trace->machine);
}

/* Fill result from the collected trace; its workers array is malloc'd. */
static cv_status sum_up(cv_tracer *tracer, const cv_trace *trace, cv_run_result *result,
                        cv_error *err)
{
    cv_tracer_collector *c = tracer->collector;
    memset(result, 0, sizeof *result);
    result->backend = trace->backend;
    result->elapsed_s = (double)trace->end_ns / 1e9;
    result->dropped_events = trace->dropped_events;
    result->machine = trace->machine;
    result->lock_holder = -1;
    result->worker_count = trace->lane_count;
    result->workers = calloc(trace->lane_count ? trace->lane_count : 1, sizeof *result->workers);
    if (!result->workers)
        return cv_fail(err, CV_ERR_NOMEM, "", 0, "out of memory for the trace's summary");
    bool died = false;
    for (uint32_t i = 0; i < trace->lane_count; i++) {
        cv_worker_summary *w = &result->workers[i];
        memcpy(w->name, trace->lanes[i].name, sizeof w->name);
        w->role = trace->lanes[i].role;
        w->os_id = trace->lanes[i].os_id;
        cv_trace_lane_state_times(trace, i, trace->end_ns, w->state_ns);
        w->died = c->ends[i].died;
        w->exit_signal = c->ends[i].exit_signal;
        w->exit_code = c->ends[i].exit_code;
        if (w->died && !died) {
            died = true;
            char how[96] = "ended before it reached done";
            if (w->exit_signal > 0)
                snprintf(how, sizeof how, "was killed by signal %d (%s) before it reached done",
                         w->exit_signal, strsignal(w->exit_signal));
            else if (w->exit_code != 0)
                snprintf(how, sizeof how, "exited with status %d before it reached done",
                         w->exit_code);
            snprintf(result->explanation, sizeof result->explanation, "lane %s (pid %ld) %s",
                     w->name, (long)w->os_id, how);
        }
    }
    cv_status status = cv_tracer_ledger_check(trace, result, err);
    if (status != CV_OK)
        return status;
    result->outcome = died                 ? CV_OUTCOME_WORKER_DIED
                      : !result->ledger_ok ? CV_OUTCOME_LEDGER_VIOLATION
                                           : CV_OUTCOME_COMPLETED;
    return CV_OK;
}

/* After a trace written whole: the first lane other threads called on
 * (refused, see tracer_lane.h), told as a usage error. */
static cv_status check_foreign_calls(const cv_tracer *tracer, cv_error *err)
{
    uint32_t taken = cv_tracer_lanes_taken(tracer);
    for (uint32_t i = 0; i < taken; i++) {
        const struct cv_tracer_lane *lane = &tracer->lanes[i];
        uint32_t calls = atomic_load(&lane->foreign_calls);
        if (calls > 0)
            return cv_fail(err, CV_ERR_USAGE, "", 0,
                           "%s is written, but lane %s refused %u call%s from a thread other "
                           "than the one that registered it (nothing was recorded for them): "
                           "register each lane in the thread that records on it",
                           tracer->collector->path, lane->name, calls, calls == 1 ? "" : "s");
    }
    return CV_OK;
}

/* A student's program prints err->message alone: the writer's messages
 * keep the path in err->file, so put it in the message too. */
static cv_status name_the_file(cv_status status, const char *path, cv_error *err)
{
    if (status == CV_OK || !err || strstr(err->message, path))
        return status;
    char message[sizeof err->message];
    size_t used = (size_t)snprintf(message, sizeof message, "%s: ", path);
    if (used < sizeof message)
        memcpy(message + used, err->message, strnlen(err->message, sizeof message - used - 1) + 1);
    message[sizeof message - 1] = '\0';
    memcpy(err->message, message, sizeof message);
    return status;
}

static void release(cv_tracer *tracer)
{
    uint32_t taken = cv_tracer_lanes_taken(tracer);
    /* Lanes of this process's threads that never reached done keep their
     * /proc descriptor open: close it here (a child's closed as it ended). */
    for (uint32_t i = 0; i < taken; i++) {
        struct cv_tracer_lane *lane = &tracer->lanes[i];
        if (atomic_load(&lane->registered) && lane->pid == tracer->opener_pid &&
            lane->probe.state != CV_STATE_DONE)
            cv_probe_close(&lane->probe);
    }
    cv_tracer_collector_free(tracer);
    munmap(tracer, tracer->mapping_bytes);
}

CV_TRACER_EXPORT cv_status cv_tracer_close(cv_tracer *tracer, cv_error *err)
{
    if (!tracer)
        return CV_OK;
    int slot = open_slot(tracer);
    if (slot < 0)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "cv_tracer_close: this trace is not open (closed already?)");
    if (getpid() != tracer->opener_pid)
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "cv_tracer_close: only the process that opened the trace (pid %ld) "
                       "closes it",
                       (long)tracer->opener_pid);
    if (!forget_open(tracer, slot)) /* another thread closed it just now */
        return cv_fail(err, CV_ERR_USAGE, "", 0,
                       "cv_tracer_close: this trace is not open (closed already?)");
    cv_status status = cv_tracer_collector_finish(tracer, err);
    int64_t end_ns = cv_run_clock_now(&tracer->clock);
    cv_trace *trace = &tracer->collector->trace;
    label_trace(tracer, trace, cv_tracer_lanes_taken(tracer), end_ns);
    cv_run_result result = {0};
    if (status == CV_OK)
        status = sum_up(tracer, trace, &result, err);
    trace->outcome = result.outcome;
    if (status == CV_OK)
        status = name_the_file(cv_tracefile_write(tracer->collector->path, trace, &result, err),
                               tracer->collector->path, err);
    if (status == CV_OK)
        status = check_foreign_calls(tracer, err);
    free(result.workers);
    release(tracer);
    return status;
}

CV_TRACER_EXPORT uint64_t cv_tracer_dropped_events(const cv_tracer *tracer)
{
    if (!tracer)
        return 0;
    uint64_t dropped = 0;
    uint32_t taken = cv_tracer_lanes_taken(tracer);
    for (uint32_t i = 0; i < taken; i++)
        dropped += cv_ring_dropped(cv_tracer_ring(tracer, i));
    return dropped;
}
