/*
 * machine.c — cores, load and the busy verdict (see machine.h).
 */
#include "machine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ready.h"

/*
 * The non-idle time of the CPUs in `cpus` since boot, from their lines of
 * /proc/stat ("cpuN user nice system idle iowait irq softirq steal ..." in
 * clock ticks): everything but idle and iowait. False if unreadable.
 */
static bool read_busy_ns(const cpu_set_t *cpus, int64_t *out_ns)
{
    FILE *stat = fopen("/proc/stat", "re");
    if (!stat)
        return false;
    long ticks_per_s = sysconf(_SC_CLK_TCK);
    char line[512];
    int64_t busy_ticks = 0;
    bool found = false;
    while (fgets(line, sizeof line, stat)) {
        int cpu = -1;
        unsigned long long f[8] = {0};
        if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu %llu", &cpu, &f[0], &f[1], &f[2],
                   &f[3], &f[4], &f[5], &f[6], &f[7]) < 8 ||
            cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, cpus))
            continue;
        busy_ticks += (int64_t)(f[0] + f[1] + f[2] + f[5] + f[6] + f[7]);
        found = true;
    }
    fclose(stat);
    if (!found || ticks_per_s <= 0)
        return false;
    *out_ns = busy_ticks * (1000000000 / ticks_per_s);
    return true;
}

static void append_note(cv_machine *machine, const char *text)
{
    size_t used = strlen(machine->note);
    snprintf(machine->note + used, sizeof machine->note - used, "%s%s", used ? "; " : "", text);
}

void cv_machine_observe(uint32_t cores_wanted, cv_machine *machine, cpu_set_t *set, bool *limited,
                        cv_machine_watch *watch)
{
    *machine = (cv_machine){.load_average = -1};
    CPU_ZERO(set);
    *limited = false;
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        CPU_SET(0, &allowed);
    uint32_t available = (uint32_t)CPU_COUNT(&allowed);
    machine->cores_available = available > 0 ? available : 1;
    machine->cores = machine->cores_available;
    if (cores_wanted > 0 && cores_wanted < machine->cores_available) {
        uint32_t taken = 0;
        for (int cpu = 0; cpu < CPU_SETSIZE && taken < cores_wanted; cpu++) {
            if (CPU_ISSET(cpu, &allowed)) {
                CPU_SET(cpu, set);
                taken++;
            }
        }
        machine->cores = taken;
        *limited = true;
    }
    watch->cpus = *limited ? *set : allowed;
    watch->busy_readable = read_busy_ns(&watch->cpus, &watch->busy_ns);
    double load = 0;
    /* To the hundredth /proc/loadavg gives, as the nearest double to that
     * decimal: glibc's sum of parts can land just under it (2.95 read as
     * 2.9499...), and a trace that stores "2.95" then said "load 3.0" where
     * the live picture had said 2.9. */
    if (getloadavg(&load, 1) == 1)
        machine->load_average = round(load * 100.0) / 100.0;
    char reason[CV_MACHINE_NOTE_MAX - 48];
    machine->ready_measured = cv_ready_waits_measurable(reason, sizeof reason);
    if (!machine->ready_measured) {
        char note[CV_MACHINE_NOTE_MAX];
        snprintf(note, sizeof note, "waits for a core after a wake-up not measured (%s)", reason);
        append_note(machine, note);
    }
    /* The load average is shown, not judged: it lags a minute behind, so
     * right after a CPU-bound lesson it still counts that lesson's own
     * workers, and the next run would be called busy for nothing. The
     * verdict comes from what the run itself measures (cv_machine_judge). */
}

void cv_machine_judge(cv_machine *machine, const cv_machine_watch *watch,
                      const cv_worker_summary *workers, uint32_t count, int64_t elapsed_ns)
{
    if (elapsed_ns <= 0 || machine->cores == 0)
        return;
    int64_t work_ns = 0, ready_ns = 0;
    for (uint32_t i = 0; i < count; i++) {
        work_ns += workers[i].state_ns[CV_STATE_WORK];
        ready_ns += workers[i].state_ns[CV_STATE_READY];
    }
    double capacity_ns = (double)machine->cores * (double)elapsed_ns;
    double unused_ns = capacity_ns - (double)work_ns;
    double taken_ns = (double)ready_ns < unused_ns ? (double)ready_ns : unused_ns;
    double others_ns = 0;
    int64_t busy_now_ns = 0;
    if (watch->busy_readable && read_busy_ns(&watch->cpus, &busy_now_ns))
        others_ns = (double)(busy_now_ns - watch->busy_ns) - (double)work_ns;
    if (others_ns > capacity_ns)
        others_ns = capacity_ns;
    bool by_ready = taken_ns > CV_BUSY_READY_SHARE * capacity_ns;
    bool by_others = others_ns > CV_BUSY_OTHERS_SHARE * capacity_ns;
    if (!by_ready && !by_others)
        return;
    double share = by_others && others_ns > taken_ns ? others_ns : taken_ns;
    char note[128];
    snprintf(note, sizeof note,
             "machine busy: other programs took about %.0f%% of the run's core time",
             100.0 * share / capacity_ns);
    if (!machine->busy)
        append_note(machine, note);
    machine->busy = true;
}
