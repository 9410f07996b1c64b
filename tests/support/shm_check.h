/*
 * shm_check.h — counting our entries in /dev/shm, so every test that runs
 * the engine can assert that a run left nothing behind.
 */
#ifndef CONVEYOR_TEST_SHM_CHECK_H
#define CONVEYOR_TEST_SHM_CHECK_H

/* conveyor's entries in /dev/shm ("conveyor-<random>") that stay: a name
 * lives only microseconds (it is unlinked right after opening), so one seen
 * in two listings 20 ms apart was left behind, by this test or one running
 * beside it. */
int cv_test_shm_entries(void);

/* Entries in a directory, dot-files aside (/proc/self/fd, /proc/self/task,
 * /dev/shm): how the drills see what a run leaves behind. -1 if unreadable. */
int cv_test_count_entries(const char *path);

#endif
