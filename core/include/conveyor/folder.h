/*
 * folder.h — whether a new file can be made in a folder, asked before a run
 * so that an output that cannot be written is refused before the run, not
 * after it (the command line's output checks and the tracer's open).
 */
#ifndef CONVEYOR_FOLDER_H
#define CONVEYOR_FOLDER_H

/*
 * 0 when a new file can be created in `folder` (a path, "." for the current
 * folder), else the errno that says why not: ENOENT (the folder does not
 * exist, or, for one that does, it takes no new files: /proc, /sys),
 * ENOTDIR, EACCES or EPERM, EROFS, ENAMETOOLONG, or another open(2) error.
 * access(2) is not asked: it says yes to root everywhere and to anyone on
 * /proc, /sys or a read-only mount, where the write fails only later. So a
 * small file, `.conveyor-PID.open-check`, is made there (O_EXCL) and removed
 * at once; if a file of that name is there already, the answer is 0.
 */
int cv_folder_refuses_new_files(const char *folder);

#endif
