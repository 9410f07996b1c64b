/*
 * shm_check.c — see shm_check.h.
 */
#include "shm_check.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cv_test_shm_entries(void)
{
    DIR *dir = opendir("/dev/shm");
    if (!dir)
        return 0;
    /* Only this process's regions: other tests run in parallel. */
    char prefix[64];
    int length = snprintf(prefix, sizeof prefix, "conveyor-%ld-", (long)getpid());
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (strncmp(entry->d_name, prefix, (size_t)length) == 0)
            count++;
    }
    closedir(dir);
    return count;
}

int cv_test_count_entries(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] != '.')
            count++;
    }
    closedir(dir);
    return count;
}
