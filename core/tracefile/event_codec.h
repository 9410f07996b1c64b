/*
 * event_codec.h — a chunk of one lane's events as delta-encoded varints, the
 * compact form of the native trace file.
 *
 * Each event is a tag byte (kind in bits 0-5, "has an item" bit 6, "has a
 * fill level" bit 7), then the time since the chunk's previous event as a
 * zigzag varint, then, if flagged, the item as a zigzag varint difference
 * from the chunk's previous item and the fill as a varint. A chunk starts
 * from time 0 and item 0, so each decodes on its own. A state event costs 2-3
 * bytes, a put or get 4-5: far below the 16 bytes of a cv_event.
 */
#ifndef CONVEYOR_TRACEFILE_EVENT_CODEC_H
#define CONVEYOR_TRACEFILE_EVENT_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "conveyor/trace.h"

/* The most bytes one event can take: tag, 10-byte time, 5-byte item, 4-byte fill. */
#define CV_CODEC_MAX_EVENT_BYTES 20

/* True for the kinds a trace file holds: the states, put and get. */
bool cv_codec_kind_is_valid(uint32_t kind);

/* Encode count events (every kind valid) into out, which has room for
 * count * CV_CODEC_MAX_EVENT_BYTES; returns the bytes written. */
size_t cv_codec_encode(const cv_event *events, size_t count, uint8_t *out);

/* Why a chunk did not decode, for the reader's message. */
typedef enum cv_codec_problem {
    CV_CODEC_OK = 0,
    CV_CODEC_SHORT,      /* the bytes end inside an event */
    CV_CODEC_LONG,       /* bytes are left after the last event */
    CV_CODEC_BAD_KIND,   /* a kind that is not a state, put or get */
    CV_CODEC_BAD_VARINT, /* a varint longer than its type */
    CV_CODEC_BAD_TIME,   /* before the lane's previous event, negative or too late */
    CV_CODEC_BAD_ITEM,   /* an item outside 1..2^32-1 where one is flagged */
    CV_CODEC_BAD_FILL    /* a fill outside 1..2^24-1 where one is flagged */
} cv_codec_problem;

/*
 * Decode exactly count events from bytes[0..size) into out. Times must not
 * go below not_before_ns (the lane's last time) nor above max_time_ns. On a
 * problem, *at is the index of the event it was found in.
 */
cv_codec_problem cv_codec_decode(const uint8_t *bytes, size_t size, size_t count,
                                 int64_t not_before_ns, int64_t max_time_ns, cv_event *out,
                                 size_t *at);

/* "cut short inside an event", ... */
const char *cv_codec_problem_text(cv_codec_problem problem);

#endif
