/*
 * ready.h — telling "running" from "ready" (runnable, waiting for a core).
 *
 * A worker that could run but is not on a CPU is `ready`: preempted in the
 * middle of a `cpu` step, or woken from a sleep and not yet running again.
 * Two measurements find that time without any help from the scheduler's
 * tracepoints (which need privileges):
 *
 * - Inside a `cpu` step, the thread's own CPU clock (CLOCK_THREAD_CPUTIME_ID)
 *   is compared with the wall clock every CV_READY_CHECK_NS of work: a busy
 *   loop that got less CPU than wall time was off its core for the
 *   difference, and since it never blocks, it was ready all that time.
 * - After a sleep (a blocking wait, an I/O step, the GIL), the kernel's
 *   run-queue delay for this thread (/proc/thread-self/schedstat, second
 *   field: nanoseconds spent runnable but not running) tells how long it
 *   waited for a core once woken. That wait comes at the end of the sleep,
 *   so the sleep's last `delay` nanoseconds become `ready`.
 *
 * The split is placed to within one check (0.5 ms) in a `cpu` step and to
 * within the few microseconds of a timed wait's own wake-ups after a sleep;
 * both are below one scheduler tick (4 ms at Debian's HZ=250), which is the
 * error the picture's invariant allows: at no instant are more lanes in
 * `work` than the run has cores.
 */
#ifndef CONVEYOR_READY_H
#define CONVEYOR_READY_H

#include <stdbool.h>
#include <stdint.h>

/* Work between two CPU-clock checks inside a `cpu` step. */
#define CV_READY_CHECK_NS 500000
/* Shorter off-core gaps are not drawn: below what a pixel shows at any
 * useful zoom, and a wait shorter than this is not worth a /proc read. */
#define CV_READY_MIN_NS 50000

typedef struct cv_ready_probe {
    int schedstat_fd;     /* /proc/thread-self/schedstat, or -1 */
    int64_t run_delay_ns; /* the kernel's run-queue delay total at the last read */
    int64_t mark_wall_ns; /* run clock at the last CPU-clock check */
    int64_t mark_cpu_ns;  /* this thread's CPU clock then */
} cv_ready_probe;

/* Open the calling thread's scheduler statistics; call in the worker
 * itself (thread or process). Without them (a kernel without
 * CONFIG_SCHED_INFO, /proc not mounted) waits after wake-ups go unmeasured
 * and the probe reports 0 for them; `cpu` steps are measured regardless. */
void cv_ready_probe_open(cv_ready_probe *probe);
void cv_ready_probe_close(cv_ready_probe *probe);

/* Nanoseconds this thread spent runnable but not running since the last
 * call (or open); 0 when unmeasured. One pread of a /proc file, ~1-2 us. */
int64_t cv_ready_probe_take_run_delay(cv_ready_probe *probe);

/* Re-read the run-queue total without using it (after a preemption in a
 * `cpu` step was drawn from the CPU clock, so it is not counted twice). */
void cv_ready_probe_rebase(cv_ready_probe *probe);

/* This thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID). */
int64_t cv_thread_cpu_ns(void);

/* Whether scheduler statistics can be read here; if not, *reason says why
 * ("/proc/thread-self/schedstat: No such file or directory"). */
bool cv_ready_waits_measurable(char *reason, unsigned reason_size);

/* ---- the classification, pure functions of measured numbers ---------- */

/* A span that began at `since_ns` and ends at `now_ns` (a sleep the worker
 * has just come back from, or a long stretch of its own code), with
 * `run_delay_ns` of run-queue delay measured across it: returns when the
 * worker became ready, or -1 when no ready span is drawn (no delay, or less
 * than CV_READY_MIN_NS). After a sleep the wait for a core is at the end by
 * nature; in the worker's own code it is placed there. The ready span never
 * starts before the span did. */
int64_t cv_ready_start_at_end(int64_t since_ns, int64_t now_ns, int64_t run_delay_ns);

/* A stretch of a `cpu` step from `mark_ns` to `now_ns` (run clock) in which
 * the thread's CPU clock advanced `cpu_used_ns`: returns when the worker
 * became ready (the off-core time is placed at the end of the stretch), or
 * -1 when it was off its core for less than CV_READY_MIN_NS. */
int64_t cv_ready_start_in_cpu(int64_t mark_ns, int64_t now_ns, int64_t cpu_used_ns);

#endif
