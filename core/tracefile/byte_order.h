/*
 * byte_order.h — little-endian integers into and out of a byte buffer, for
 * the native trace file's header and section headers. The reader's side
 * checks every read against the end of the buffer and remembers a failure,
 * so a damaged header is found once, at the end, not at every field.
 */
#ifndef CONVEYOR_TRACEFILE_BYTE_ORDER_H
#define CONVEYOR_TRACEFILE_BYTE_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline void cv_store_u32(uint8_t *out, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        out[i] = (uint8_t)(value >> (8 * i));
}

static inline void cv_store_u64(uint8_t *out, uint64_t value)
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(value >> (8 * i));
}

static inline uint32_t cv_load_u32(const uint8_t *in)
{
    uint32_t value = 0;
    for (int i = 0; i < 4; i++)
        value |= (uint32_t)in[i] << (8 * i);
    return value;
}

static inline uint64_t cv_load_u64(const uint8_t *in)
{
    uint64_t value = 0;
    for (int i = 0; i < 8; i++)
        value |= (uint64_t)in[i] << (8 * i);
    return value;
}

/* A cursor over bytes being read; ok turns false at the first overrun. */
typedef struct cv_byte_reader {
    const uint8_t *at;
    const uint8_t *end;
    bool ok;
} cv_byte_reader;

static inline const uint8_t *cv_take(cv_byte_reader *r, size_t count)
{
    if (!r->ok || (size_t)(r->end - r->at) < count) {
        r->ok = false;
        return NULL;
    }
    const uint8_t *start = r->at;
    r->at += count;
    return start;
}

static inline uint8_t cv_take_u8(cv_byte_reader *r)
{
    const uint8_t *p = cv_take(r, 1);
    return p ? p[0] : 0;
}

static inline uint32_t cv_take_u32(cv_byte_reader *r)
{
    const uint8_t *p = cv_take(r, 4);
    return p ? cv_load_u32(p) : 0;
}

static inline uint64_t cv_take_u64(cv_byte_reader *r)
{
    const uint8_t *p = cv_take(r, 8);
    return p ? cv_load_u64(p) : 0;
}

static inline double cv_take_f64(cv_byte_reader *r)
{
    uint64_t bits = cv_take_u64(r);
    double value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

#endif
