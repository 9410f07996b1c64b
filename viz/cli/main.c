/*
 * main.c — the `conveyor` command: picks the subcommand. Only this folder
 * prints and chooses exit statuses; the library reports errors as values.
 *
 * Standard output is checked once at the end: a failed write (a full disk,
 * /dev/full) is an error, exit 1. A closed pipe (`conveyor list | head -1`)
 * is not: SIGPIPE is ignored, so the command goes on to write its files, and
 * its exit status stays what it would have been.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "diagnostics.h"

static void usage(FILE *out)
{
    fputs("Usage: conveyor COMMAND [OPTION]... [ARG]...\n"
          "A producer/consumer lab: real threads or processes around a bounded buffer,\n"
          "drawn live, one lane per worker.\n"
          "\n"
          "Commands:\n"
          "  run SCENARIO      run a lesson (file or catalog name) in the window,\n"
          "                    or with --headless print a summary and write files\n"
          "  check FILE...     validate scenario files\n"
          "  list              show the shipped lessons\n"
          "  view TRACE.json   play a saved trace back in the window\n"
          "  render TRACE.json draw a saved trace into --png/--svg without a window\n"
          "  compare SCENARIO --vs OVERRIDES...  run variants one after the other and\n"
          "                    stack them on one time axis (--png, --report, ...)\n"
          "  sweep SCENARIO    time and speed-up against a varied count (--vary, --vs)\n"
          "\n"
          "  --help            this help ('conveyor COMMAND --help' for a command's options)\n"
          "  --version         the version\n"
          "\n"
          "Examples:\n"
          "  conveyor list\n"
          "  conveyor run classic\n"
          "  conveyor run gil-threads --headless --report report.json --png gil.png\n"
          "  conveyor run classic --backend processes --set consumers.count=4\n"
          "  conveyor compare gil-threads --vs processes --headless --png gil.png\n"
          "\n"
          "Exit status: 0 ok; 1 the run failed or a file (standard output included)\n"
          "could not be written; 2 bad usage or input; 130/143 SIGINT/SIGTERM.\n"
          "A closed pipe on standard output ('conveyor list | head -1') is not an error.\n",
          out);
}

/* Whether stdout is a pipe nobody reads any more (poll reports POLLERR). */
static bool reader_gone(void)
{
    struct pollfd out = {.fd = STDOUT_FILENO, .events = POLLOUT};
    return poll(&out, 1, 0) == 1 && (out.revents & POLLERR);
}

static int finish_stdout(int status)
{
    errno = 0;
    bool failed = fflush(stdout) != 0;
    int error = errno;
    failed |= ferror(stdout) != 0;
    if (!failed || error == EPIPE || (error == 0 && reader_gone()))
        return status;
    fprintf(stderr, "conveyor: error: cannot write to standard output: %s\n",
            error ? strerror(error) : "write failed");
    return status == CV_EXIT_OK ? CV_EXIT_RUN_FAILED : status;
}

static int run_command(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CV_EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
        strcmp(command, "help") == 0) {
        usage(stdout);
        return CV_EXIT_OK;
    }
    if (strcmp(command, "--version") == 0 || strcmp(command, "version") == 0) {
        printf("conveyor %s\n", CONVEYOR_VERSION);
        return CV_EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*run)(int, char **);
    } commands[] = {
        {"run", cv_cmd_run},     {"check", cv_cmd_check},   {"list", cv_cmd_list},
        {"view", cv_cmd_view},   {"render", cv_cmd_render}, {"compare", cv_cmd_compare},
        {"sweep", cv_cmd_sweep},
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(command, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    return cv_usage_error(
        NULL, "unknown command '%s' (run, check, list, view, render, compare, sweep)", command);
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    return finish_stdout(run_command(argc, argv));
}
