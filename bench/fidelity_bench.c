/*
 * fidelity_bench.c — do the lessons' numbers come out true on this machine?
 *
 * Measures what the teaching scenarios claim: CPU-bound work speeds up with
 * a second consumer except for threads under the emulated GIL; I/O-bound work
 * speeds up with four consumers whatever the backend or GIL; `cpu 2ms` costs
 * 2 ms; the watchdog catches the mutex-first deadlock within its timeout plus
 * a second; the no-mutex race is caught by the ledger every time; and what a
 * worker costs to start as a thread or as a process. Runs of the variants
 * being compared are interleaved; medians of --runs rounds (default 5).
 * Tables go to stdout as Markdown, with each target and whether it was met.
 *
 *   fidelity_bench [--runs N] [--race-runs N]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_support.h"
#include "work.h"

#define MAX_RUNS 64
#define MS 1000000ll

typedef struct options {
    int runs;
    int race_runs;
} options;

static const char *met(bool ok)
{
    return ok ? "yes" : "**NO**";
}

/* ------------------------------------------------ what the machine gives */

typedef struct burner {
    uint64_t iterations;
    uint64_t sink;
} burner;

static void *burn_main(void *arg)
{
    burner *b = arg;
    b->sink = cv_burn(b->iterations, b->sink);
    return NULL;
}

/* Wall time for `threads` threads each doing `seconds` of calibrated computation at once. */
static double burn_wall_s(int threads, double seconds)
{
    burner b[2];
    pthread_t tid[2];
    double start = cv_bench_now_s();
    for (int i = 0; i < threads; i++) {
        b[i] = (burner){(uint64_t)(cv_calibrate_cpu() * seconds * 1e6), (uint64_t)i + 1};
        if (pthread_create(&tid[i], NULL, burn_main, &b[i]) != 0)
            return 0;
    }
    for (int i = 0; i < threads; i++)
        pthread_join(tid[i], NULL);
    return cv_bench_now_s() - start;
}

static void load_average(char *out, size_t size)
{
    FILE *f = fopen("/proc/loadavg", "r");
    out[0] = '\0';
    if (f && fgets(out, (int)size, f))
        out[strcspn(out, " ")] = '\0';
    if (f)
        fclose(f);
}

/*
 * The CPU-bound targets assume two idle cores. The same computation as `cpu`
 * steps, outside the engine, on one thread and on two at once, shows how much
 * CPU this machine actually gave us: if two bare threads cannot do two
 * 0.4 s jobs in 0.4 s, no scheduler of ours can either.
 */
static void machine_check(const char *when)
{
    char load[64];
    load_average(load, sizeof load);
    double one = burn_wall_s(1, 0.4), two = burn_wall_s(2, 0.4);
    printf("| %s | %s | %.3f s | %.3f s | %.2fx |\n", when, load, one, two, 2 * one / two);
    fflush(stdout);
}

static void machine_header(void)
{
    printf("**CPU this machine gave us** — 0.4 s of the `cpu` computation (calibrated "
           "%.1f iterations/us) on bare threads, outside the engine: one thread alone, then two "
           "at once. On two idle cores both take 0.400 s and two threads get 2.00x the work "
           "done per second.\n\n",
           cv_calibrate_cpu());
    printf("| when | load average (1 min) | 1 thread | 2 threads at once | parallel speed-up |\n");
    printf("|---|---:|---:|---:|---:|\n");
}

static bool completed(const cv_bench_run *run)
{
    return run->started && run->outcome == CV_OUTCOME_COMPLETED && run->ledger_ok;
}

/* One producer with no work feeding `consumers` consumers that each run one step per item. */
static cv_scenario consumer_bound(cv_backend backend, bool gil, uint32_t consumers,
                                  cv_step_kind kind, int64_t step_ns)
{
    cv_scenario scenario = cv_test_scenario(backend, 1, consumers, 4, 200);
    scenario.gil = gil;
    cv_test_add_step(&scenario, CV_ROLE_CONSUMER, kind, step_ns);
    return scenario;
}

typedef struct speedup {
    double one_s, many_s, speedup; /* medians; speedup is the median of per-round ratios */
    double one_work_s;             /* median busiest-worker work time of the one-consumer runs */
    double bare_one_s;   /* CPU runs: 0.4 s of bare computation on one thread, same rounds */
    double bare_speedup; /* CPU runs: two bare threads vs one, same rounds */
    int failures;
} speedup;

static speedup measure_speedup(cv_backend backend, bool gil, cv_step_kind kind, int64_t step_ns,
                               uint32_t many, int runs)
{
    speedup out = {0};
    double one[MAX_RUNS], multi[MAX_RUNS], ratio[MAX_RUNS], work[MAX_RUNS];
    double bare_one[MAX_RUNS], bare_ratio[MAX_RUNS];
    int n = 0;
    cv_scenario single = consumer_bound(backend, gil, 1, kind, step_ns);
    cv_scenario several = consumer_bound(backend, gil, many, kind, step_ns);
    for (int r = 0; r < runs; r++) {
        cv_bench_run a = cv_bench_engine_run(&single, false);
        cv_bench_run b = cv_bench_engine_run(&several, false);
        if (!completed(&a) || !completed(&b)) {
            fprintf(stderr, "fidelity_bench: run failed: %s%s\n", a.explanation, b.explanation);
            out.failures++;
            continue;
        }
        one[n] = a.elapsed_s;
        multi[n] = b.elapsed_s;
        ratio[n] = a.elapsed_s / b.elapsed_s;
        work[n] = a.max_work_s;
        /* The CPU this round had: the same computation on bare threads, 0.2 s each. */
        bare_one[n] = kind == CV_STEP_CPU ? burn_wall_s(1, 0.2) : 0;
        bare_ratio[n] = kind == CV_STEP_CPU ? 2 * bare_one[n] / burn_wall_s(2, 0.2) : 0;
        bare_one[n] *= 2;
        n++;
    }
    if (n > 0) {
        out.one_s = cv_bench_median(one, (size_t)n);
        out.many_s = cv_bench_median(multi, (size_t)n);
        out.speedup = cv_bench_median(ratio, (size_t)n);
        out.one_work_s = cv_bench_median(work, (size_t)n);
        out.bare_one_s = cv_bench_median(bare_one, (size_t)n);
        out.bare_speedup = cv_bench_median(bare_ratio, (size_t)n);
    }
    return out;
}

typedef struct speedup_case {
    cv_backend backend;
    bool gil;
    speedup result;
} speedup_case;

static int speedup_table(const char *title, cv_step_kind kind, int64_t step_ns, uint32_t many,
                         speedup_case cases[4], int runs)
{
    int missed = 0;
    printf("**%s** — 1 producer (no work), 200 items, buffer 4; consumers `%s %lldms` per item; "
           "1 vs %u consumers; medians of %d interleaved rounds.\n\n",
           title, kind == CV_STEP_CPU ? "cpu" : "io", (long long)(step_ns / MS), many, runs);
    bool cpu = kind == CV_STEP_CPU;
    printf("| backend | GIL | 1 consumer | %u consumers | speed-up | target | met |%s\n", many,
           cpu ? " bare threads, same rounds |" : "");
    printf("|---|---|---:|---:|---:|---|---|%s\n", cpu ? "---:|" : "");
    for (int i = 0; i < 4; i++) {
        speedup_case *c = &cases[i];
        fprintf(stderr, "fidelity: %s %s gil %s ...\n", kind == CV_STEP_CPU ? "cpu" : "io",
                cv_backend_name(c->backend), c->gil ? "on" : "off");
        c->result = measure_speedup(c->backend, c->gil, kind, step_ns, many, runs);
        bool serialised = kind == CV_STEP_CPU && c->backend == CV_BACKEND_THREADS && c->gil;
        double floor = kind == CV_STEP_CPU ? 1.85 : 3.5;
        bool ok = c->result.failures == 0 &&
                  (serialised ? c->result.speedup <= 1.1 : c->result.speedup >= floor);
        missed += !ok;
        char target[32];
        snprintf(target, sizeof target, serialised ? "<= 1.10x" : ">= %.2fx", floor);
        printf("| %s | %s | %.3f s | %.3f s | %.2fx | %s | %s |", cv_backend_name(c->backend),
               c->gil ? "on" : "off", c->result.one_s, c->result.many_s, c->result.speedup, target,
               met(ok));
        if (cpu)
            printf(" %.2fx |", c->result.bare_speedup);
        printf("\n");
        fflush(stdout);
    }
    if (cpu)
        printf("\nThe last column is what two bare threads running the same computation outside "
               "the engine got over one, measured in the same rounds: the most any scheduler "
               "could have given the engine at that moment.\n");
    printf("\n");
    return missed;
}

/* The one-consumer, GIL-off CPU runs above are exactly "200 x cpu 2ms on one worker". */
static int calibration_table(const speedup_case cpu_cases[4])
{
    int missed = 0;
    printf("**Calibration** — 200 × `cpu 2ms` on one consumer should take 0.400 s (±10%%); "
           "these are the 1-consumer, GIL-off runs above. `work` is the consumer's own time in "
           "the work state; the last column is 0.4 s of the same computation on a bare thread "
           "outside the engine, in the same rounds. Calibration: %.1f iterations/us.\n\n",
           cv_calibrate_cpu());
    printf(
        "| backend | elapsed | error | consumer's work time | error | met (±10%%) | bare thread, "
        "same rounds |\n");
    printf("|---|---:|---:|---:|---:|---|---:|\n");
    for (int i = 0; i < 4; i++) {
        const speedup_case *c = &cpu_cases[i];
        if (c->gil)
            continue;
        double err_elapsed = (c->result.one_s - 0.4) / 0.4 * 100;
        double err_work = (c->result.one_work_s - 0.4) / 0.4 * 100;
        bool ok = c->result.one_s > 0 && err_elapsed <= 10 && err_elapsed >= -10;
        missed += !ok;
        printf("| %s | %.3f s | %+.1f%% | %.3f s | %+.1f%% | %s | %.3f s (%+.1f%%) |\n",
               cv_backend_name(c->backend), c->result.one_s, err_elapsed, c->result.one_work_s,
               err_work, met(ok), c->result.bare_one_s, (c->result.bare_one_s - 0.4) / 0.4 * 100);
    }
    printf("\n");
    return missed;
}

/* As scenarios/deadlock.ini: 2x2, buffer 2, the lock taken before the semaphore. */
static int deadlock_table(int runs)
{
    int missed = 0;
    printf("**Deadlock** — as `scenarios/deadlock.ini` (sync = mutex-first, 2×2, buffer 2, "
           "deadlock_timeout 1 s). Onset: when the last worker entered the wait it never left; "
           "detection: from onset to the end of the run (watchdog + stopping + reaping).\n\n");
    printf("| backend | runs | outcome deadlock | median onset | median detection | worst "
           "detection | target | met |\n");
    printf("|---|---:|---:|---:|---:|---:|---|---|\n");
    char explanation[1024] = "";
    for (int b = CV_BACKEND_THREADS; b <= CV_BACKEND_PROCESSES; b++) {
        cv_scenario scenario = cv_test_scenario((cv_backend)b, 2, 2, 2, 50);
        scenario.sync = CV_SYNC_MUTEX_FIRST;
        scenario.deadlock_timeout_ns = 1000 * MS;
        cv_test_add_step(&scenario, CV_ROLE_PRODUCER, CV_STEP_IO, 100 * MS);
        cv_test_add_step(&scenario, CV_ROLE_CONSUMER, CV_STEP_IO, 50 * MS);
        double onset[MAX_RUNS], detection[MAX_RUNS], worst = 0;
        int caught = 0;
        for (int r = 0; r < runs; r++) {
            cv_bench_run run = cv_bench_engine_run(&scenario, false);
            if (!run.started || run.outcome != CV_OUTCOME_DEADLOCK)
                continue;
            onset[caught] = (double)run.last_block_ns / 1e9;
            detection[caught] = run.elapsed_s - onset[caught];
            if (detection[caught] > worst)
                worst = detection[caught];
            snprintf(explanation, sizeof explanation, "%s", run.explanation);
            caught++;
        }
        bool ok = caught == runs && worst <= 2.0;
        missed += !ok;
        printf("| %s | %d | %d | %.3f s | %.3f s | %.3f s | <= 2.000 s | %s |\n",
               cv_backend_name((cv_backend)b), runs, caught,
               caught ? cv_bench_median(onset, (size_t)caught) : 0,
               caught ? cv_bench_median(detection, (size_t)caught) : 0, worst, met(ok));
    }
    printf("\nThe watchdog's explanation (last run): \"%s\"\n\n", explanation);
    return missed;
}

/* As scenarios/race.ini: 4x4, buffer 8, no lock, io uniform(0, 2ms) on both sides. */
static int race_table(int runs)
{
    int missed = 0;
    printf("**Race** — as `scenarios/race.ini` (sync = no-mutex, 4×4, buffer 8, 2000 items, "
           "`io uniform(0ms, 2ms)` both sides).\n\n");
    printf("| backend | runs | caught (ledger-violation) | median lost | median duplicated | "
           "target | met |\n");
    printf("|---|---:|---:|---:|---:|---|---|\n");
    for (int b = CV_BACKEND_THREADS; b <= CV_BACKEND_PROCESSES; b++) {
        cv_scenario scenario = cv_test_scenario((cv_backend)b, 4, 4, 8, 2000);
        scenario.sync = CV_SYNC_NO_MUTEX;
        for (uint32_t g = 0; g < 2; g++) {
            cv_step *step = &scenario.groups[g].steps[scenario.groups[g].step_count++];
            step->kind = CV_STEP_IO;
            step->duration = (cv_duration_spec){CV_DIST_UNIFORM, 0, 2 * MS};
        }
        int caught = 0;
        double lost[MAX_RUNS], duplicated[MAX_RUNS];
        for (int r = 0; r < runs; r++) {
            scenario.seed = (uint64_t)r + 1;
            cv_engine *engine = NULL;
            cv_error err;
            if (cv_engine_start(&scenario, NULL, &engine, &err) != CV_OK) {
                fprintf(stderr, "fidelity_bench: %s\n", err.message);
                continue;
            }
            cv_engine_run_to_end(engine);
            const cv_run_result *result = cv_engine_result(engine);
            if (result->outcome == CV_OUTCOME_LEDGER_VIOLATION) {
                lost[caught] = (double)result->lost_count;
                duplicated[caught] = (double)result->duplicated_count;
                caught++;
            }
            cv_engine_destroy(engine);
        }
        bool ok = caught == runs;
        missed += !ok;
        printf("| %s | %d | %d | %.0f | %.0f | %d of %d | %s |\n", cv_backend_name((cv_backend)b),
               runs, caught, caught ? cv_bench_median(lost, (size_t)caught) : 0,
               caught ? cv_bench_median(duplicated, (size_t)caught) : 0, runs, runs, met(ok));
    }
    printf("\n");
    return missed;
}

/* 32 producers and 32 consumers, a few items each: the run is mostly starting workers. */
static void spawn_table(int runs)
{
    printf("**Spawn cost** — 64 workers (32×32, 640 items, no work); per worker, from the "
           "request to start it to its first instruction; median over workers, then over %d "
           "interleaved runs.\n\n",
           runs);
    printf("| backend | median spawn per worker | slowest run's median | median run elapsed |\n");
    printf("|---|---:|---:|---:|\n");
    double spawn[2][MAX_RUNS], elapsed[2][MAX_RUNS];
    int n[2] = {0, 0};
    for (int r = 0; r < runs; r++) {
        for (int b = CV_BACKEND_THREADS; b <= CV_BACKEND_PROCESSES; b++) {
            cv_scenario scenario = cv_test_scenario((cv_backend)b, 32, 32, 16, 640);
            cv_bench_run run = cv_bench_engine_run(&scenario, false);
            if (!completed(&run))
                continue;
            spawn[b][n[b]] = run.median_spawn_ns;
            elapsed[b][n[b]] = run.elapsed_s;
            n[b]++;
        }
    }
    for (int b = CV_BACKEND_THREADS; b <= CV_BACKEND_PROCESSES; b++) {
        double worst = 0;
        for (int i = 0; i < n[b]; i++)
            worst = spawn[b][i] > worst ? spawn[b][i] : worst;
        printf("| %s | %.1f us | %.1f us | %.3f s |\n", cv_backend_name((cv_backend)b),
               n[b] ? cv_bench_median(spawn[b], (size_t)n[b]) / 1e3 : 0, worst / 1e3,
               n[b] ? cv_bench_median(elapsed[b], (size_t)n[b]) : 0);
    }
    printf("\n");
}

static bool parse_options(int argc, char **argv, options *opt)
{
    *opt = (options){.runs = 5, .race_runs = 10};
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            return false;
        if (strcmp(argv[i], "--runs") == 0)
            opt->runs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--race-runs") == 0)
            opt->race_runs = atoi(argv[i + 1]);
        else
            return false;
    }
    return opt->runs >= 1 && opt->runs <= MAX_RUNS && opt->race_runs >= 1 &&
           opt->race_runs <= MAX_RUNS;
}

int main(int argc, char **argv)
{
    options opt;
    if (!parse_options(argc, argv, &opt)) {
        fprintf(stderr, "usage: fidelity_bench [--runs N] [--race-runs N]\n");
        return 2;
    }
    speedup_case cpu[4] = {{.backend = CV_BACKEND_THREADS, .gil = false},
                           {.backend = CV_BACKEND_PROCESSES, .gil = false},
                           {.backend = CV_BACKEND_THREADS, .gil = true},
                           {.backend = CV_BACKEND_PROCESSES, .gil = true}};
    speedup_case io[4];
    memcpy(io, cpu, sizeof io);
    machine_header();
    machine_check("before");
    printf("\n");
    int missed = speedup_table("CPU-bound", CV_STEP_CPU, 2 * MS, 2, cpu, opt.runs);
    missed += speedup_table("I/O-bound", CV_STEP_IO, 5 * MS, 4, io, opt.runs);
    missed += calibration_table(cpu);
    missed += deadlock_table(opt.runs < 3 ? opt.runs : 3);
    missed += race_table(opt.race_runs);
    spawn_table(opt.runs);
    machine_header();
    machine_check("after");
    printf("\nTargets missed: %d.\n", missed);
    return missed ? 1 : 0;
}
