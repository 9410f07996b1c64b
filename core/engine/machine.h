/*
 * machine.h — what the machine gives a run: which cores its workers may use,
 * how loaded it was when the run started, and afterwards whether other
 * programs took the run's cores (the "busy" verdict the header shows, so a
 * teacher knows why today's numbers differ from the lesson page).
 */
#ifndef CONVEYOR_MACHINE_H
#define CONVEYOR_MACHINE_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "conveyor/run_result.h"
#include "conveyor/trace.h"

/* Share of the run's core-time that its workers spent waiting for a core
 * while the run itself left cores unused: above this, something else was
 * running on them. */
#define CV_BUSY_READY_SHARE 0.05
/* Share of the run's core-time that the kernel counted busy on the run's
 * cores (/proc/stat) beyond its workers' own `work`: above this, other
 * programs (or conveyor's own window) competed for the cores, whether or not
 * the workers happened to wait for them. A quarter: the window drawing at
 * 60 frames a second takes well under that on two cores. */
#define CV_BUSY_OTHERS_SHARE 0.25

/* What the start of a run saw of its cores, for the verdict at its end. */
typedef struct cv_machine_watch {
    cpu_set_t cpus;     /* the run's cores */
    int64_t busy_ns;    /* their non-idle time from /proc/stat, summed */
    bool busy_readable; /* /proc/stat was read */
} cv_machine_watch;

/*
 * Fill `machine` at the start of a run that asks for `cores_wanted` CPUs
 * (0 = all): cores and cores_available, the 1-minute load average, whether
 * waits for a core can be measured (and if not, the note says why). When
 * the run is confined, *set gets the first `cores` CPUs of those allowed and
 * *limited is true. The load average is kept for the header, never judged
 * (it lags a minute: right after a CPU-bound lesson it counts that lesson).
 */
void cv_machine_observe(uint32_t cores_wanted, cv_machine *machine, cpu_set_t *set, bool *limited,
                        cv_machine_watch *watch);

/*
 * At the run's end: from the workers' own time per state and the kernel's
 * count of busy time on the run's cores since `watch`, decide whether other
 * programs took the run's cores. Two signs, either one enough: ready time
 * that the run's own workers cannot explain (they left cores × elapsed −
 * work unused) above CV_BUSY_READY_SHARE of the run's core-time, or busy
 * time beyond the workers' `work` above CV_BUSY_OTHERS_SHARE of it. The
 * note then says how much.
 */
void cv_machine_judge(cv_machine *machine, const cv_machine_watch *watch,
                      const cv_worker_summary *workers, uint32_t count, int64_t elapsed_ns);

#endif
