/*
 * bounded_buffer_threads.c — the textbook bounded buffer with POSIX threads
 * and semaphores, traced with conveyor's tracer: two producers, two
 * consumers, four slots. The producers are faster at first (the buffer
 * fills, they wait for slots), then slower (it empties, the consumers wait
 * for items). Run it, then look at what it did:
 *
 *   cc bounded_buffer_threads.c -o buffer $(pkg-config --cflags --libs conveyor)
 *   ./buffer buffer.cvtrace && conveyor view buffer.cvtrace
 */
#include <conveyor/tracer.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

enum { SLOTS = 4, PRODUCERS = 2, CONSUMERS = 2, ITEMS_EACH = 200 };

static unsigned slots[SLOTS];
static unsigned next_in, next_out, fill; /* guarded by lock */
static sem_t empty, full;                /* free slots, items */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static cv_tracer *tracer;

static void sleep_us(long us)
{
    struct timespec t = {0, us * 1000};
    nanosleep(&t, NULL);
}

static void *producer(void *arg)
{
    unsigned id = (unsigned)(size_t)arg;
    char name[16];
    snprintf(name, sizeof name, "P%u", id);
    cv_tracer_lane *lane;
    cv_tracer_lane_register(tracer, name, CV_TRACER_PRODUCER, &lane, NULL);
    for (unsigned i = 0; i < ITEMS_EACH; i++) {
        unsigned item = id * ITEMS_EACH + i + 1;
        /* Making the item: a device that gets slower halfway. */
        cv_tracer_state_set(lane, CV_TRACER_IO);
        sleep_us(i < ITEMS_EACH / 2 ? 200 : 1500);
        cv_tracer_state_set(lane, CV_TRACER_WORK);
        cv_tracer_sem_wait(lane, &empty, CV_TRACER_WAIT_SLOT);
        cv_tracer_mutex_lock(lane, &lock);
        slots[next_in] = item;
        next_in = (next_in + 1) % SLOTS;
        /* Recorded inside the critical section: the lock orders it
         * with every other put and get. */
        cv_tracer_put(lane, item, ++fill);
        pthread_mutex_unlock(&lock);
        sem_post(&full);
    }
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    return NULL;
}

static void *consumer(void *arg)
{
    unsigned id = (unsigned)(size_t)arg;
    char name[16];
    snprintf(name, sizeof name, "C%u", id);
    cv_tracer_lane *lane;
    cv_tracer_lane_register(tracer, name, CV_TRACER_CONSUMER, &lane, NULL);
    for (unsigned i = 0; i < PRODUCERS * ITEMS_EACH / CONSUMERS; i++) {
        cv_tracer_sem_wait(lane, &full, CV_TRACER_WAIT_ITEM);
        cv_tracer_mutex_lock(lane, &lock);
        unsigned item = slots[next_out];
        next_out = (next_out + 1) % SLOTS;
        cv_tracer_get(lane, item, --fill);
        pthread_mutex_unlock(&lock);
        sem_post(&empty);
        cv_tracer_state_set(lane, CV_TRACER_IO); /* using the item */
        sleep_us(450);
        cv_tracer_state_set(lane, CV_TRACER_WORK);
    }
    cv_tracer_state_set(lane, CV_TRACER_DONE);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "bounded_buffer_threads.cvtrace";
    cv_tracer_options options = {.buffer_slots = SLOTS};
    cv_error error;
    if (cv_tracer_open(path, &options, &tracer, &error) != CV_OK) {
        fprintf(stderr, "bounded_buffer_threads: %s\n", error.message);
        return 1;
    }
    sem_init(&empty, 0, SLOTS);
    sem_init(&full, 0, 0);
    pthread_t threads[PRODUCERS + CONSUMERS];
    for (size_t i = 0; i < PRODUCERS; i++)
        pthread_create(&threads[i], NULL, producer, (void *)i);
    for (size_t i = 0; i < CONSUMERS; i++)
        pthread_create(&threads[PRODUCERS + i], NULL, consumer, (void *)i);
    for (size_t i = 0; i < PRODUCERS + CONSUMERS; i++)
        pthread_join(threads[i], NULL);
    if (cv_tracer_close(tracer, &error) != CV_OK) {
        fprintf(stderr, "bounded_buffer_threads: %s\n", error.message);
        return 1;
    }
    return 0;
}
