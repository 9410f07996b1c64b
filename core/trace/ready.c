/*
 * ready.c — measuring the time a worker was runnable but not on a core
 * (see ready.h for the two measurements and their precision).
 */
#include "ready.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SCHEDSTAT_PATH "/proc/thread-self/schedstat"

/* The file holds "<on-cpu ns> <run-queue delay ns> <timeslices>\n". */
static bool read_run_delay(int fd, int64_t *out_ns)
{
    char text[96];
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n <= 0)
        return false;
    text[n] = '\0';
    char *end = NULL;
    errno = 0;
    strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != ' ')
        return false;
    const char *field = end + 1;
    unsigned long long delay = strtoull(field, &end, 10);
    if (errno != 0 || end == field || delay > INT64_MAX)
        return false;
    *out_ns = (int64_t)delay;
    return true;
}

void cv_ready_probe_open(cv_ready_probe *probe)
{
    *probe = (cv_ready_probe){.schedstat_fd = -1};
    int fd = open(SCHEDSTAT_PATH, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    int64_t delay = 0;
    if (!read_run_delay(fd, &delay)) {
        close(fd);
        return;
    }
    probe->schedstat_fd = fd;
    probe->run_delay_ns = delay;
}

void cv_ready_probe_close(cv_ready_probe *probe)
{
    if (probe->schedstat_fd >= 0)
        close(probe->schedstat_fd);
    probe->schedstat_fd = -1;
}

int64_t cv_ready_probe_take_run_delay(cv_ready_probe *probe)
{
    int64_t total = 0;
    if (probe->schedstat_fd < 0 || !read_run_delay(probe->schedstat_fd, &total))
        return 0;
    int64_t delta = total - probe->run_delay_ns;
    probe->run_delay_ns = total;
    return delta > 0 ? delta : 0;
}

void cv_ready_probe_rebase(cv_ready_probe *probe)
{
    (void)cv_ready_probe_take_run_delay(probe);
}

int64_t cv_thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

bool cv_ready_waits_measurable(char *reason, unsigned reason_size)
{
    int fd = open(SCHEDSTAT_PATH, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(reason, reason_size, "%s: %s", SCHEDSTAT_PATH, strerror(errno));
        return false;
    }
    int64_t delay = 0;
    bool ok = read_run_delay(fd, &delay);
    close(fd);
    if (!ok)
        snprintf(reason, reason_size, "%s: unexpected contents", SCHEDSTAT_PATH);
    return ok;
}

int64_t cv_ready_start_at_end(int64_t since_ns, int64_t now_ns, int64_t run_delay_ns)
{
    if (run_delay_ns < CV_READY_MIN_NS || now_ns <= since_ns)
        return -1;
    int64_t from = now_ns - run_delay_ns;
    return from > since_ns ? from : since_ns;
}

int64_t cv_ready_start_in_cpu(int64_t mark_ns, int64_t now_ns, int64_t cpu_used_ns)
{
    int64_t wall_ns = now_ns - mark_ns;
    int64_t off_core_ns = wall_ns - (cpu_used_ns > 0 ? cpu_used_ns : 0);
    if (wall_ns <= 0 || off_core_ns < CV_READY_MIN_NS)
        return -1;
    return now_ns - off_core_ns;
}
