/*
 * shm_check.c — see shm_check.h.
 */
#include "shm_check.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Up to this many names are compared; more would be a leak either way. */
#define MAX_NAMES 64

static int list_names(char names[][NAME_MAX + 1], int capacity)
{
    DIR *dir = opendir("/dev/shm");
    if (!dir)
        return 0;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < capacity) {
        if (strncmp(entry->d_name, "conveyor-", 9) == 0)
            snprintf(names[count++], NAME_MAX + 1, "%s", entry->d_name);
    }
    closedir(dir);
    return count;
}

int cv_test_shm_entries(void)
{
    static char first[MAX_NAMES][NAME_MAX + 1], second[MAX_NAMES][NAME_MAX + 1];
    int first_count = list_names(first, MAX_NAMES);
    if (first_count == 0)
        return 0;
    nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
    int second_count = list_names(second, MAX_NAMES);
    int stayed = 0;
    for (int i = 0; i < first_count; i++) {
        for (int j = 0; j < second_count; j++) {
            if (strcmp(first[i], second[j]) == 0) {
                stayed++;
                break;
            }
        }
    }
    return stayed;
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
