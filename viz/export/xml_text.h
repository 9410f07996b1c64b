/*
 * xml_text.h — text from a trace, made safe for XML 1.0 (the SVG export).
 *
 * Lane and scenario names come from files and may hold anything. XML 1.0
 * allows only tab, newline, carriage return and U+0020-U+D7FF,
 * U+E000-U+FFFD, U+10000-U+10FFFF, as well-formed UTF-8; one other character
 * and xmllint (or a browser) rejects the whole file. So markup is escaped,
 * controls become spaces, and anything else XML forbids (U+FFFE, U+FFFF,
 * surrogates, overlong or broken UTF-8) becomes U+FFFD, the replacement
 * character. The result is safe both as element text and inside a quoted
 * attribute.
 */
#ifndef CONVEYOR_VIZ_EXPORT_XML_TEXT_H
#define CONVEYOR_VIZ_EXPORT_XML_TEXT_H

#include <stdio.h>

/* Write NUL-terminated text to out, escaped as described above. */
void cv_xml_write_text(FILE *out, const char *text);

#endif
