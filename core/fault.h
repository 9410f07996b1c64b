/*
 * fault.h — fault injection for the reliability drills.
 *
 * In builds with CONVEYOR_TEST_HOOKS, CONVEYOR_FAIL=<what>[:<n>] makes the
 * n-th (default first) call of that kind fail as if the OS had refused it,
 * with the errno it would set: shm_open, mmap, fork, thread, trace. Without
 * the hooks this compiles to nothing.
 */
#ifndef CONVEYOR_FAULT_H
#define CONVEYOR_FAULT_H

#include <stdbool.h>

#ifdef CONVEYOR_TEST_HOOKS
bool cv_fault_injected(const char *what);
#else
static inline bool cv_fault_injected(const char *what)
{
    (void)what;
    return false;
}
#endif

#endif
