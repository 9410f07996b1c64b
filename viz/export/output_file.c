/*
 * output_file.c — see output_file.h. Shared by every export: the streaming
 * writers (Chrome trace, CSV) write millions of small records, and the 4 MiB
 * buffer turns them into few large writes; the report, PNG and SVG go through
 * the same open and close so every file gets the same guarantees.
 */
#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_BUFFER_BYTES (4u << 20)
#define CREATE_ATTEMPTS 100

static volatile sig_atomic_t stop_requested;
/* The temporary file being written, for a signal handler that must leave at
 * once; active says whether the name is complete and still ours. */
static char active_temporary[PATH_MAX];
static volatile sig_atomic_t active;

void cv_output_request_stop(void)
{
    stop_requested = 1;
}

bool cv_output_stop_requested(void)
{
    return stop_requested != 0;
}

void cv_output_abandon_from_signal(void)
{
    if (active)
        unlink(active_temporary);
}

int cv_output_create_new(const char *path)
{
    return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
}

static cv_status io_error(cv_error *err, const cv_output_file *file, const char *why)
{
    return cv_fail(err, CV_ERR_IO, file->path, 0, "cannot write the %s: %s", file->what, why);
}

/* A link named as the output stands for its target. A dangling link is
 * resolved one level, so the file is created where the link points. */
static char *resolve_target(const char *path, const struct stat *link_info)
{
    char *resolved = realpath(path, NULL);
    if (resolved || errno != ENOENT || !S_ISLNK(link_info->st_mode))
        return resolved;
    char destination[PATH_MAX];
    ssize_t length = readlink(path, destination, sizeof destination - 1);
    if (length <= 0)
        return NULL;
    destination[length] = '\0';
    if (destination[0] == '/')
        return strdup(destination);
    const char *slash = strrchr(path, '/');
    size_t folder = slash ? (size_t)(slash - path) + 1 : 0;
    char *joined = malloc(folder + (size_t)length + 1);
    if (joined) {
        memcpy(joined, path, folder);
        memcpy(joined + folder, destination, (size_t)length + 1);
    }
    return joined;
}

/* ".NAME.XXXXXXXXXXXX.tmp" beside target, created exclusively. */
static int create_temporary(const char *target, char **out)
{
    const char *slash = strrchr(target, '/');
    size_t folder = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = target + folder;
    size_t size = folder + strlen(base) + 32;
    if (size > PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *name = malloc(size);
    if (!name)
        return -1;
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
        uint64_t random = 0;
        if (getrandom(&random, sizeof random, GRND_NONBLOCK) != (ssize_t)sizeof random)
            random = ((uint64_t)getpid() << 32) ^ (uint64_t)clock() ^ (uint64_t)attempt * 7919;
        snprintf(name, size, "%.*s.%s.%012llx.tmp", (int)folder, target, base,
                 (unsigned long long)(random & 0xffffffffffffULL));
        int fd = cv_output_create_new(name);
        if (fd >= 0) {
            *out = name;
            return fd;
        }
        if (errno != EEXIST)
            break;
    }
    int saved = errno;
    free(name);
    errno = saved;
    return -1;
}

static void forget_active(void)
{
    active = 0;
}

static void remember_active(const char *temporary)
{
    active = 0;
    snprintf(active_temporary, sizeof active_temporary, "%s", temporary);
    active = 1;
}

/*
 * The stream writes through these rather than stdio's own write loop, which
 * retries a write that a signal cut short: an export blocked on a FIFO or a
 * slow device then never saw a stop request. Here every chunk checks it.
 */
static ssize_t write_chunk(void *cookie, const char *bytes, size_t size)
{
    int fd = (int)(intptr_t)cookie;
    size_t done = 0;
    while (done < size) {
        if (cv_output_stop_requested()) {
            errno = EINTR;
            return 0;
        }
        ssize_t n = write(fd, bytes + done, size - done);
        if (n < 0 && errno != EINTR)
            return 0;
        done += n > 0 ? (size_t)n : 0;
    }
    return (ssize_t)done;
}

static int close_descriptor(void *cookie)
{
    return close((int)(intptr_t)cookie);
}

static FILE *stream_for(int fd)
{
    cookie_io_functions_t functions = {.write = write_chunk, .close = close_descriptor};
    return fopencookie((void *)(intptr_t)fd, "w", functions);
}

/* Open an existing non-regular file (device, FIFO) in place; never blocks on a
 * FIFO without a reader. */
static int open_in_place(const char *target)
{
    int fd = open(target, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
            fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    return fd;
}

static cv_status open_file(cv_output_file *file, cv_error *err)
{
    struct stat link_info, info;
    bool exists = lstat(file->path, &link_info) == 0;
    if (!exists && errno != ENOENT)
        return io_error(err, file, strerror(errno));
    file->target = exists && S_ISLNK(link_info.st_mode) ? resolve_target(file->path, &link_info)
                                                        : strdup(file->path);
    if (!file->target)
        return io_error(err, file, strerror(errno ? errno : ENOMEM));
    bool target_exists = stat(file->target, &info) == 0;
    if (target_exists && S_ISDIR(info.st_mode))
        return io_error(err, file, "it is a directory");
    int fd;
    if (target_exists && !S_ISREG(info.st_mode)) {
        fd = open_in_place(file->target);
    } else {
        fd = create_temporary(file->target, &file->temporary);
        /* A replaced file keeps its permissions. */
        if (fd >= 0 && target_exists)
            (void)fchmod(fd, info.st_mode & 07777);
    }
    if (fd < 0)
        return io_error(err, file, strerror(errno));
    if (file->temporary)
        remember_active(file->temporary);
    file->fd = fd;
    file->stream = stream_for(fd);
    if (!file->stream) {
        int saved = errno;
        close(fd);
        cv_output_discard(file);
        return io_error(err, file, strerror(saved));
    }
    return CV_OK;
}

static void release(cv_output_file *file)
{
    free(file->buffer);
    free(file->target);
    free(file->temporary);
    file->buffer = NULL;
    file->target = NULL;
    file->temporary = NULL;
    file->stream = NULL;
}

cv_status cv_output_open(cv_output_file *file, const char *path, const char *what, cv_error *err)
{
    *file = (cv_output_file){.path = path, .what = what};
    if (!path || path[0] == '\0')
        return cv_fail(err, CV_ERR_USAGE, "", 0, "the %s needs a file name", what);
    if (cv_output_stop_requested())
        return cv_fail(err, CV_ERR_IO, path, 0, "the %s was not written: stopped by a signal",
                       what);
    file->to_stdout = strcmp(path, "-") == 0;
    if (file->to_stdout) {
        file->stream = stdout;
    } else {
        errno = 0;
        cv_status status = open_file(file, err);
        if (status != CV_OK) {
            release(file);
            return status;
        }
    }
    /* stdout may already have been written to, and its buffer is not ours. */
    file->buffer = file->to_stdout ? NULL : malloc(OUTPUT_BUFFER_BYTES);
    if (file->buffer)
        setvbuf(file->stream, file->buffer, _IOFBF, OUTPUT_BUFFER_BYTES);
    errno = 0;
    return CV_OK;
}

void cv_output_discard(cv_output_file *file)
{
    if (file->stream && !file->to_stdout)
        fclose(file->stream);
    if (file->temporary) {
        unlink(file->temporary);
        forget_active();
    }
    release(file);
}

/* Flush and close; 0, or the errno of the first failure (EIO if none was set). */
static int finish_stream(cv_output_file *file)
{
    /* errno was cleared when the file was opened, so it names the first failure. */
    int failure = ferror(file->stream) ? (errno ? errno : EIO) : 0;
    errno = 0;
    if (fflush(file->stream) != 0 && !failure)
        failure = errno ? errno : EIO;
    if (file->to_stdout)
        return failure;
    if (file->temporary && !failure && fsync(file->fd) != 0)
        failure = errno;
    errno = 0;
    if (fclose(file->stream) != 0 && !failure)
        failure = errno ? errno : EIO;
    file->stream = NULL;
    return failure;
}

cv_status cv_output_close(cv_output_file *file, cv_error *err)
{
    int failure = finish_stream(file);
    if (file->to_stdout) {
        release(file);
        if (failure == EPIPE)
            return CV_OK;
        clearerr(stdout);
        return failure ? io_error(err, file, strerror(failure)) : CV_OK;
    }
    if (cv_output_stop_requested()) {
        cv_output_discard(file);
        return cv_fail(err, CV_ERR_IO, file->path, 0, "the %s was not written: stopped by a signal",
                       file->what);
    }
    if (!failure && file->temporary && rename(file->temporary, file->target) != 0)
        failure = errno;
    if (!failure) {
        forget_active();
        release(file);
        return CV_OK;
    }
    cv_output_discard(file);
    return io_error(err, file, strerror(failure));
}
