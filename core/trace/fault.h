/*
 * fault.h — fault injection for the reliability drills.
 *
 * In builds with CONVEYOR_TEST_HOOKS, CONVEYOR_FAIL=<what>[:<n>][,...] makes
 * the n-th (default first) call of each kind named fail as if the OS had
 * refused it, with the errno it would set: shm_open (the shared memory
 * object, EMFILE), shm_tmpfile (/dev/shm cannot make unnamed files:
 * EOPNOTSUPP, which the region answers with a named object), shm_name (that
 * name is taken: EEXIST, which the region retries), mmap, fork, thread,
 * trace, ledger_reserve. Calls
 * are counted per process; a test that sets the variable itself between
 * runs calls cv_fault_reset() to count afresh.
 *
 * CONVEYOR_TEST_RING_EVENTS=N (a power of two, at least 2) makes every
 * worker's trace ring hold N events, so a drill can make events drop.
 *
 * Without the hooks all of this compiles to nothing.
 */
#ifndef CONVEYOR_FAULT_H
#define CONVEYOR_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#ifdef CONVEYOR_TEST_HOOKS
bool cv_fault_injected(const char *what);
void cv_fault_reset(void);
/* Events per worker ring CONVEYOR_TEST_RING_EVENTS asks for; 0 = automatic. */
uint32_t cv_fault_ring_events(void);
#else
static inline bool cv_fault_injected(const char *what)
{
    (void)what;
    return false;
}
static inline void cv_fault_reset(void) {}
static inline uint32_t cv_fault_ring_events(void)
{
    return 0;
}
#endif

#endif
