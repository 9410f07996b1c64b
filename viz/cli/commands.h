/*
 * commands.h — the subcommands of `conveyor`, one file each. Each takes
 * argv with argv[0] the subcommand's name and returns the exit status.
 */
#ifndef CONVEYOR_CLI_COMMANDS_H
#define CONVEYOR_CLI_COMMANDS_H

int cv_cmd_run(int argc, char **argv);
int cv_cmd_check(int argc, char **argv);
int cv_cmd_list(int argc, char **argv);
int cv_cmd_view(int argc, char **argv);
int cv_cmd_render(int argc, char **argv);
int cv_cmd_compare(int argc, char **argv);
int cv_cmd_sweep(int argc, char **argv);

#endif
