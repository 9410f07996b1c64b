/*
 * machine_text.c — the machine line of a header or summary: how many cores
 * the run had and how loaded the machine was (see cv_machine in trace.h).
 */
#include "conveyor/trace.h"

#include <stdio.h>

void cv_machine_format_cores(const cv_machine *machine, char *out, size_t size)
{
    if (size == 0)
        return;
    out[0] = '\0';
    if (machine->cores == 0)
        return;
    int used;
    if (machine->cores < machine->cores_available)
        used = snprintf(out, size, "%u of %u cores", machine->cores, machine->cores_available);
    else
        used = snprintf(out, size, "%u core%s", machine->cores, machine->cores == 1 ? "" : "s");
    if (used > 0 && (size_t)used < size && machine->load_average >= 0)
        snprintf(out + used, size - (size_t)used, " \xC2\xB7 load %.1f", machine->load_average);
}
