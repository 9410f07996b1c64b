/*
 * event_codec.c — see event_codec.h. The decoder is the reader's hot loop
 * (tens of millions of events a second), so it checks every byte it reads
 * against the end of the chunk but does nothing else per byte.
 */
#include "event_codec.h"

#define TAG_KIND_MASK 0x3fu
#define TAG_HAS_ITEM 0x40u
#define TAG_HAS_FILL 0x80u

bool cv_codec_kind_is_valid(uint32_t kind)
{
    return kind < CV_STATE_COUNT || kind == CV_EVENT_PUT || kind == CV_EVENT_GET;
}

static uint64_t zigzag(int64_t value)
{
    return ((uint64_t)value << 1) ^ (uint64_t)(value >> 63);
}

static int64_t unzigzag(uint64_t value)
{
    return (int64_t)(value >> 1) ^ -(int64_t)(value & 1);
}

static uint8_t *put_varint(uint8_t *out, uint64_t value)
{
    while (value >= 0x80) {
        *out++ = (uint8_t)(value | 0x80);
        value >>= 7;
    }
    *out++ = (uint8_t)value;
    return out;
}

size_t cv_codec_encode(const cv_event *events, size_t count, uint8_t *out)
{
    uint8_t *start = out;
    int64_t previous_time = 0;
    int64_t previous_item = 0;
    for (size_t i = 0; i < count; i++) {
        const cv_event *e = &events[i];
        uint32_t fill = cv_event_fill(e);
        uint8_t tag = (uint8_t)(cv_event_kind(e) & TAG_KIND_MASK);
        tag |= e->item ? TAG_HAS_ITEM : 0;
        tag |= fill ? TAG_HAS_FILL : 0;
        *out++ = tag;
        /* Wrapping subtraction: the decoder adds it back the same way. */
        out = put_varint(out, zigzag((int64_t)((uint64_t)e->time_ns - (uint64_t)previous_time)));
        previous_time = e->time_ns;
        if (e->item) {
            out = put_varint(out, zigzag((int64_t)e->item - previous_item));
            previous_item = e->item;
        }
        if (fill)
            out = put_varint(out, fill);
    }
    return (size_t)(out - start);
}

/* A varint of at most max_bytes; false if the bytes run out or it is longer. */
static inline bool get_varint(const uint8_t **at, const uint8_t *end, unsigned max_bytes,
                              uint64_t *out, cv_codec_problem *problem)
{
    const uint8_t *p = *at;
    uint64_t value = 0;
    for (unsigned shift = 0, n = 0; n < max_bytes; n++, shift += 7) {
        if (p == end) {
            *problem = CV_CODEC_SHORT;
            return false;
        }
        uint8_t byte = *p++;
        value |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *at = p;
            *out = value;
            return true;
        }
    }
    *problem = CV_CODEC_BAD_VARINT;
    return false;
}

cv_codec_problem cv_codec_decode(const uint8_t *bytes, size_t size, size_t count,
                                 int64_t not_before_ns, int64_t max_time_ns, cv_event *out,
                                 size_t *at)
{
    const uint8_t *p = bytes, *end = bytes + size;
    int64_t time = 0, item = 0;
    cv_codec_problem problem = CV_CODEC_OK;
    for (size_t i = 0; i < count; i++) {
        uint64_t raw;
        *at = i;
        if (p == end)
            return CV_CODEC_SHORT;
        uint8_t tag = *p++;
        uint32_t kind = tag & TAG_KIND_MASK;
        if (!cv_codec_kind_is_valid(kind))
            return CV_CODEC_BAD_KIND;
        if (!get_varint(&p, end, 10, &raw, &problem))
            return problem;
        time = (int64_t)((uint64_t)time + (uint64_t)unzigzag(raw));
        if (time < not_before_ns || time > max_time_ns)
            return CV_CODEC_BAD_TIME;
        not_before_ns = time;
        uint64_t fill = 0;
        uint32_t this_item = 0;
        if (tag & TAG_HAS_ITEM) {
            if (!get_varint(&p, end, 5, &raw, &problem))
                return problem;
            int64_t delta = unzigzag(raw);
            if (delta < -(int64_t)UINT32_MAX || delta > (int64_t)UINT32_MAX)
                return CV_CODEC_BAD_ITEM;
            item += delta;
            if (item < 1 || item > (int64_t)UINT32_MAX)
                return CV_CODEC_BAD_ITEM;
            this_item = (uint32_t)item;
        }
        if (tag & TAG_HAS_FILL) {
            if (!get_varint(&p, end, 4, &fill, &problem))
                return problem;
            if (fill < 1 || fill > CV_EVENT_FILL_MAX)
                return CV_CODEC_BAD_FILL;
        }
        out[i] = cv_event_make(time, kind, this_item, (uint32_t)fill);
    }
    *at = count;
    return p == end ? CV_CODEC_OK : CV_CODEC_LONG;
}

const char *cv_codec_problem_text(cv_codec_problem problem)
{
    switch (problem) {
    case CV_CODEC_OK:
        return "no problem";
    case CV_CODEC_SHORT:
        return "its bytes end inside an event";
    case CV_CODEC_LONG:
        return "bytes are left after its last event";
    case CV_CODEC_BAD_KIND:
        return "an event kind that is neither a state nor put or get";
    case CV_CODEC_BAD_VARINT:
        return "a number longer than its type";
    case CV_CODEC_BAD_TIME:
        return "a time that goes back on its lane or is out of range";
    case CV_CODEC_BAD_ITEM:
        return "an item id out of range";
    case CV_CODEC_BAD_FILL:
        return "a buffer fill out of range";
    }
    return "unknown problem";
}
