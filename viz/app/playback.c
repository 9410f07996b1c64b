/*
 * playback.c — the replay clock (see playback.h).
 */
#include "app/playback.h"

static const double speeds[] = {0.25, 0.5, 1.0, 2.0, 4.0, 8.0};
#define SPEED_COUNT ((int)(sizeof speeds / sizeof speeds[0]))
#define NORMAL_SPEED_INDEX 2

void cv_playback_start(cv_playback *p, int64_t end_ns)
{
    p->position_ns = 0;
    p->end_ns = end_ns > 0 ? end_ns : 0;
    p->speed_index = NORMAL_SPEED_INDEX;
    p->playing = true;
}

void cv_playback_advance(cv_playback *p, int64_t real_ns)
{
    if (!p->playing || real_ns <= 0)
        return;
    p->position_ns += (int64_t)((double)real_ns * speeds[p->speed_index]);
    if (p->position_ns >= p->end_ns) {
        p->position_ns = p->end_ns;
        p->playing = false;
    }
}

void cv_playback_toggle(cv_playback *p)
{
    if (!p->playing && p->position_ns >= p->end_ns)
        p->position_ns = 0;
    p->playing = !p->playing;
}

void cv_playback_change_speed(cv_playback *p, int steps)
{
    int index = p->speed_index + steps;
    if (index < 0)
        index = 0;
    if (index >= SPEED_COUNT)
        index = SPEED_COUNT - 1;
    p->speed_index = index;
}

double cv_playback_speed(const cv_playback *p)
{
    return speeds[p->speed_index];
}

void cv_playback_seek(cv_playback *p, int64_t t_ns)
{
    if (t_ns < 0)
        t_ns = 0;
    if (t_ns > p->end_ns)
        t_ns = p->end_ns;
    p->position_ns = t_ns;
}
