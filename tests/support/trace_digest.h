/*
 * trace_digest.h — a cv_trace as a few lines of text: every label and count,
 * and a hash of each lane's events.
 *
 * Two readers that give the same digest for a file built the same model.
 * The expected digests of the shipped lessons' traces (tests/data/) were
 * made with the jansson reader before the streaming reader replaced it, so
 * the new reader is held to exactly what the old one read.
 */
#ifndef CONVEYOR_TESTS_TRACE_DIGEST_H
#define CONVEYOR_TESTS_TRACE_DIGEST_H

#include <stdio.h>

#include "conveyor/trace.h"

/* Write the digest of trace to out: one line per field, one per lane. */
void cv_trace_digest(const cv_trace *trace, FILE *out);

#endif
