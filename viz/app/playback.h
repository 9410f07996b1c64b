/*
 * playback.h — the replay clock: where the playhead is in a saved trace and
 * how fast it moves.
 *
 * `conveyor view TRACE.json` plays a recorded run back as if it were live.
 * The playhead advances by real elapsed time times the speed (0.25× to 8×,
 * in doublings, changed with [ and ]), stops at the end, and can be moved
 * directly (scrubbing). Pure arithmetic, so it is tested without a window.
 */
#ifndef CONVEYOR_VIZ_PLAYBACK_H
#define CONVEYOR_VIZ_PLAYBACK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct cv_playback {
    int64_t position_ns;
    int64_t end_ns;
    int speed_index; /* into the speed table: 0.25, 0.5, 1, 2, 4, 8 */
    bool playing;
} cv_playback;

/* At 0, playing at 1×. */
void cv_playback_start(cv_playback *playback, int64_t end_ns);
/* Move the playhead by real_ns of wall time; playback stops at the end. */
void cv_playback_advance(cv_playback *playback, int64_t real_ns);
/* Play or pause; playing from the end starts again from 0. */
void cv_playback_toggle(cv_playback *playback);
/* One step faster (+1) or slower (-1), within 0.25× .. 8×. */
void cv_playback_change_speed(cv_playback *playback, int steps);
double cv_playback_speed(const cv_playback *playback);
/* Put the playhead at t_ns (clamped to the trace). */
void cv_playback_seek(cv_playback *playback, int64_t t_ns);

#endif
