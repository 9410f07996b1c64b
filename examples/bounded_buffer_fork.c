/*
 * bounded_buffer_fork.c — the bounded buffer between processes: the buffer
 * and its semaphores live in shared memory, and fork() starts one producer
 * and two consumers, each traced on its own lane. Each consumer stops at a
 * "stop" item (id 0) the producer puts last, one per consumer.
 *
 * With --crash (before or after the trace's name), consumer C1 kills
 * itself (SIGKILL) after 50 items, outside the lock, as a crashing program
 * would: the trace still closes, and C1's lane ends where it died.
 *
 *   cc bounded_buffer_fork.c -o fork_buffer $(pkg-config --cflags --libs conveyor)
 *   ./fork_buffer fork.cvtrace && conveyor view fork.cvtrace
 *   ./fork_buffer --crash crash.cvtrace && conveyor view crash.cvtrace
 */
#include <conveyor/tracer.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { SLOTS = 8, CONSUMERS = 2, ITEMS = 400, STOP = 0 };

struct shared { /* in memory that every process sees */
    sem_t empty, full, lock;
    unsigned slots[SLOTS];
    unsigned next_in, next_out, fill;
};

static void sleep_us(long us)
{
    struct timespec t = {0, us * 1000};
    nanosleep(&t, NULL);
}

static void put(struct shared *b, cv_tracer_lane *lane, unsigned item)
{
    cv_tracer_sem_wait(lane, &b->empty, CV_TRACER_WAIT_SLOT);
    cv_tracer_sem_wait(lane, &b->lock, CV_TRACER_WAIT_LOCK);
    b->slots[b->next_in] = item;
    b->next_in = (b->next_in + 1) % SLOTS;
    cv_tracer_put(lane, item, ++b->fill); /* inside the critical section */
    sem_post(&b->lock);
    sem_post(&b->full);
}

static unsigned get(struct shared *b, cv_tracer_lane *lane)
{
    cv_tracer_sem_wait(lane, &b->full, CV_TRACER_WAIT_ITEM);
    cv_tracer_sem_wait(lane, &b->lock, CV_TRACER_WAIT_LOCK);
    unsigned item = b->slots[b->next_out];
    b->next_out = (b->next_out + 1) % SLOTS;
    cv_tracer_get(lane, item, --b->fill);
    sem_post(&b->lock);
    sem_post(&b->empty);
    return item;
}

static void produce(cv_tracer *tracer, struct shared *b)
{
    cv_tracer_lane *lane;
    cv_tracer_lane_register(tracer, "P0", CV_TRACER_PRODUCER, &lane, NULL);
    for (unsigned item = 1; item <= ITEMS; item++) {
        cv_tracer_state_set(lane, CV_TRACER_IO); /* slower halfway */
        sleep_us(item <= ITEMS / 2 ? 100 : 600);
        cv_tracer_state_set(lane, CV_TRACER_WORK);
        put(b, lane, item);
    }
    for (int i = 0; i < CONSUMERS; i++)
        put(b, lane, STOP);
    cv_tracer_state_set(lane, CV_TRACER_DONE);
}

static void consume(cv_tracer *tracer, struct shared *b, int id, int crash_after)
{
    char name[16];
    snprintf(name, sizeof name, "C%d", id);
    cv_tracer_lane *lane;
    cv_tracer_lane_register(tracer, name, CV_TRACER_CONSUMER, &lane, NULL);
    for (int got = 1; get(b, lane) != STOP; got++) {
        if (got == crash_after)
            raise(SIGKILL);
        cv_tracer_state_set(lane, CV_TRACER_IO);
        sleep_us(500);
        cv_tracer_state_set(lane, CV_TRACER_WORK);
    }
    cv_tracer_state_set(lane, CV_TRACER_DONE);
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    int crash = 0;
    for (int i = 1; i < argc; i++) { /* the trace's name and --crash, in either order */
        if (strcmp(argv[i], "--crash") == 0)
            crash = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "bounded_buffer_fork: %s: unknown option (only --crash)\n", argv[i]);
            return 2;
        } else if (path) {
            fprintf(stderr, "bounded_buffer_fork: %s: one trace at a time (already %s)\n", argv[i],
                    path);
            return 2;
        } else
            path = argv[i];
    }
    if (!path)
        path = "bounded_buffer_fork.cvtrace";
    struct shared *b =
        mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (b == MAP_FAILED) {
        perror("bounded_buffer_fork: mmap");
        return 1;
    }
    sem_init(&b->empty, 1, SLOTS); /* 1: shared between processes */
    sem_init(&b->full, 1, 0);
    sem_init(&b->lock, 1, 1);
    cv_tracer *tracer;
    cv_tracer_options options = {.buffer_slots = SLOTS};
    cv_error error;
    if (cv_tracer_open(path, &options, &tracer, &error) != CV_OK) { /* before fork() */
        fprintf(stderr, "bounded_buffer_fork: %s\n", error.message);
        return 1;
    }
    for (int i = 0; i <= CONSUMERS; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (i == 0)
                produce(tracer, b);
            else
                consume(tracer, b, i - 1, crash && i == 2 ? 50 : 0);
            _exit(0);
        }
        if (pid < 0)
            perror("bounded_buffer_fork: fork");
    }
    int status, died = 0;
    while (wait(&status) > 0)
        died += WIFSIGNALED(status);
    if (cv_tracer_close(tracer, &error) != CV_OK) {
        fprintf(stderr, "bounded_buffer_fork: %s\n", error.message);
        return 1;
    }
    if (died)
        printf("%d process%s killed\n", died, died == 1 ? " was" : "es were");
    return 0;
}
