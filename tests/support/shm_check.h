/*
 * shm_check.h — counting our entries in /dev/shm, so every test that runs
 * the engine can assert that a run left nothing behind.
 */
#ifndef CONVEYOR_TEST_SHM_CHECK_H
#define CONVEYOR_TEST_SHM_CHECK_H

/* Entries in /dev/shm made by this process ("conveyor-<pid>-..."). */
int cv_test_shm_entries(void);

#endif
