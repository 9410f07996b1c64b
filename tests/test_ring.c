/*
 * test_ring.c — the per-worker event ring: order, wrap-around, and that a
 * full ring drops and counts instead of blocking or overwriting.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>

#include "ring.h"

static cv_ring *new_ring(uint32_t capacity)
{
    cv_ring *ring = aligned_alloc(64, cv_ring_bytes(capacity));
    cv_ring_init(ring, capacity);
    return ring;
}

static cv_event event_at(int64_t t)
{
    return cv_event_make(t, CV_EVENT_PUT, (uint32_t)t, 1);
}

static void test_events_come_out_in_the_order_they_went_in(void **state)
{
    (void)state;
    cv_ring *ring = new_ring(8);
    for (int i = 0; i < 5; i++)
        assert_true(cv_ring_push(ring, event_at(i)));
    cv_event out[8];
    assert_int_equal(cv_ring_drain(ring, out, 8), 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(out[i].time_ns, i);
    assert_int_equal(cv_ring_pending(ring), 0);
    free(ring);
}

static void test_ring_wraps_around_many_times_without_losing_order(void **state)
{
    (void)state;
    cv_ring *ring = new_ring(8);
    cv_event out[8];
    int64_t next_in = 0, next_out = 0;
    for (int round = 0; round < 100; round++) {
        int burst = 1 + round % 7;
        for (int i = 0; i < burst; i++)
            assert_true(cv_ring_push(ring, event_at(next_in++)));
        size_t got = cv_ring_drain(ring, out, 8);
        assert_int_equal(got, burst);
        for (size_t i = 0; i < got; i++)
            assert_int_equal(out[i].time_ns, next_out++);
    }
    assert_int_equal(cv_ring_dropped(ring), 0);
    free(ring);
}

static void test_full_ring_drops_and_counts_new_events(void **state)
{
    (void)state;
    cv_ring *ring = new_ring(4);
    for (int i = 0; i < 4; i++)
        assert_true(cv_ring_push(ring, event_at(i)));
    assert_false(cv_ring_push(ring, event_at(4)));
    assert_false(cv_ring_push(ring, event_at(5)));
    assert_int_equal(cv_ring_dropped(ring), 2);
    cv_event out[4];
    assert_int_equal(cv_ring_drain(ring, out, 4), 4);
    /* The oldest events are kept: dropping never overwrites. */
    assert_int_equal(out[0].time_ns, 0);
    assert_int_equal(out[3].time_ns, 3);
    assert_true(cv_ring_push(ring, event_at(6)));
    assert_int_equal(cv_ring_drain(ring, out, 4), 1);
    assert_int_equal(out[0].time_ns, 6);
    free(ring);
}

static void test_drain_takes_at_most_what_it_is_given_room_for(void **state)
{
    (void)state;
    cv_ring *ring = new_ring(16);
    for (int i = 0; i < 10; i++)
        cv_ring_push(ring, event_at(i));
    cv_event out[3];
    assert_int_equal(cv_ring_drain(ring, out, 3), 3);
    assert_int_equal(out[2].time_ns, 2);
    assert_int_equal(cv_ring_pending(ring), 7);
    free(ring);
}

enum { THREADED_EVENTS = 200000 };

typedef struct pusher_args {
    cv_ring *ring;
    atomic_int done;
} pusher_args;

static void *pusher(void *arg)
{
    pusher_args *args = arg;
    for (int64_t i = 0; i < THREADED_EVENTS; i++)
        cv_ring_push(args->ring, event_at(i));
    atomic_store(&args->done, 1);
    return NULL;
}

static void test_concurrent_reader_sees_increasing_times_and_accounts_every_event(void **state)
{
    (void)state;
    pusher_args args = {new_ring(256), 0};
    pthread_t thread;
    pthread_create(&thread, NULL, pusher, &args);
    cv_event out[64];
    uint64_t received = 0;
    int64_t last = -1;
    for (;;) {
        int finished = atomic_load(&args.done);
        size_t got = cv_ring_drain(args.ring, out, 64);
        for (size_t i = 0; i < got; i++) {
            assert_true(out[i].time_ns > last);
            assert_int_equal(out[i].item, (uint32_t)out[i].time_ns);
            last = out[i].time_ns;
        }
        received += got;
        if (finished && got == 0)
            break;
    }
    pthread_join(thread, NULL);
    assert_int_equal(received + cv_ring_dropped(args.ring), THREADED_EVENTS);
    free(args.ring);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_come_out_in_the_order_they_went_in),
        cmocka_unit_test(test_ring_wraps_around_many_times_without_losing_order),
        cmocka_unit_test(test_full_ring_drops_and_counts_new_events),
        cmocka_unit_test(test_drain_takes_at_most_what_it_is_given_room_for),
        cmocka_unit_test(test_concurrent_reader_sees_increasing_times_and_accounts_every_event),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
