/*
 * folder.c — see conveyor/folder.h.
 */
#include "conveyor/folder.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

int cv_folder_refuses_new_files(const char *folder)
{
    char probe[PATH_MAX + 64];
    int n = snprintf(probe, sizeof probe, "%s/.conveyor-%ld.open-check", folder, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof probe)
        return ENAMETOOLONG;
    int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? 0 : errno;
    close(fd);
    unlink(probe);
    return 0;
}
