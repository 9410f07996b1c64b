/*
 * shm_check.h — counting our entries in /dev/shm, so every test that runs
 * the engine can assert that a run left nothing behind.
 */
#ifndef CONVEYOR_TEST_SHM_CHECK_H
#define CONVEYOR_TEST_SHM_CHECK_H

/* Entries in /dev/shm made by this process ("conveyor-<pid>-..."). */
int cv_test_shm_entries(void);

/* Entries in a directory, dot-files aside (/proc/self/fd, /proc/self/task,
 * /dev/shm): how the drills see what a run leaves behind. -1 if unreadable. */
int cv_test_count_entries(const char *path);

#endif
