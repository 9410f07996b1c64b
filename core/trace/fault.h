/*
 * fault.h — fault injection for the reliability drills.
 *
 * In builds with CONVEYOR_TEST_HOOKS, CONVEYOR_FAIL=<what>[:<n>] makes the
 * n-th (default first) call of that kind fail as if the OS had refused it,
 * with the errno it would set: shm_open, shm_name (the name is taken:
 * EEXIST, which the region retries), mmap, fork, thread, trace. Calls
 * are counted per process; a test that sets the variable itself between
 * runs calls cv_fault_reset() to count afresh. Without the hooks this
 * compiles to nothing.
 */
#ifndef CONVEYOR_FAULT_H
#define CONVEYOR_FAULT_H

#include <stdbool.h>

#ifdef CONVEYOR_TEST_HOOKS
bool cv_fault_injected(const char *what);
void cv_fault_reset(void);
#else
static inline bool cv_fault_injected(const char *what)
{
    (void)what;
    return false;
}
static inline void cv_fault_reset(void) {}
#endif

#endif
