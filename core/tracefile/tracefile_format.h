/*
 * tracefile_format.h — the bytes of a native trace file, shared by its
 * writer and reader (docs/trace-format.md says the same in prose).
 *
 * All integers are little-endian. The file is a 16-byte preamble (magic,
 * version, flags), then sections, each a 16-byte section header (type,
 * payload bytes, CRC-32, an argument) and its payload: one HEAD, then any
 * number of EVTS chunks, then END and nothing after it. The CRC-32 covers
 * the section header's type, size and argument as well as the payload, so a
 * flipped bit anywhere after the preamble is caught.
 */
#ifndef CONVEYOR_TRACEFILE_FORMAT_H
#define CONVEYOR_TRACEFILE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include <zlib.h>

/* \x89 keeps the file from passing for text; CVTRACE names it. */
#define CV_TRACEFILE_MAGIC                                                                         \
    "\x89"                                                                                         \
    "CVTRACE"
#define CV_TRACEFILE_MAGIC_BYTES 8
#define CV_TRACEFILE_PREAMBLE_BYTES 16
#define CV_TRACEFILE_SECTION_HEADER_BYTES 16

/* Section types: four ASCII letters read as a little-endian u32. */
#define CV_FOURCC(a, b, c, d)                                                                      \
    ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define CV_SECTION_HEAD CV_FOURCC('H', 'E', 'A', 'D')
#define CV_SECTION_EVENTS CV_FOURCC('E', 'V', 'T', 'S')
#define CV_SECTION_END CV_FOURCC('E', 'N', 'D', '.')

/* The largest header a reader accepts: 1024 lanes and workers with every
 * string at its longest come to about 200 KB. */
#define CV_TRACEFILE_HEAD_MAX_BYTES (4u << 20)

/* Events per EVTS chunk, at most; a chunk is decoded into place at once. */
#define CV_TRACEFILE_CHUNK_EVENTS 65536u

/* EVTS payload: u32 event count, u32 encoding, then the encoded events. */
#define CV_TRACEFILE_CHUNK_PREFIX_BYTES 8
#define CV_TRACEFILE_ENCODING_VARINT 0

/* END payload: u64 events in all, u64 EVTS chunks in all. */
#define CV_TRACEFILE_END_BYTES 16

/* Times above this are refused (as by the Chrome trace reader: 1e12 µs). */
#define CV_TRACEFILE_MAX_TIME_NS 1000000000000000ll

/* The CRC-32 (zlib's) of a section: its header's bytes 0-7 and 12-15, then
 * its payload. */
static inline uint32_t cv_section_crc(const uint8_t header[CV_TRACEFILE_SECTION_HEADER_BYTES],
                                      const uint8_t *payload, size_t bytes)
{
    uLong crc = crc32(0L, header, 8);
    crc = crc32(crc, header + 12, 4);
    return (uint32_t)crc32(crc, payload, (uInt)bytes);
}

#endif
