/*
 * xml_text.c — see xml_text.h. A strict UTF-8 decoder: the shortest form
 * only, no surrogates, nothing past U+10FFFF; then a test of the code point
 * against XML 1.0's Char production.
 */
#include "export/xml_text.h"

#include <stdbool.h>
#include <stdint.h>

#define REPLACEMENT "\xEF\xBF\xBD"

/* Decode the sequence at p; returns its length (0 when it is not valid UTF-8). */
static int decode(const unsigned char *p, uint32_t *code)
{
    static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    int length = p[0] < 0x80         ? 1
                 : (p[0] >> 5) == 6  ? 2
                 : (p[0] >> 4) == 14 ? 3
                 : (p[0] >> 3) == 30 ? 4
                                     : 0;
    if (length == 0)
        return 0;
    uint32_t value = length == 1 ? p[0] : p[0] & (0x7fu >> length);
    for (int k = 1; k < length; k++) {
        if ((p[k] & 0xc0) != 0x80)
            return 0;
        value = (value << 6) | (p[k] & 0x3fu);
    }
    if (value < smallest[length] || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        return 0;
    *code = value;
    return length;
}

static bool xml_allows(uint32_t code)
{
    return code == 0x9 || code == 0xa || code == 0xd || (code >= 0x20 && code <= 0xd7ff) ||
           (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

static void write_ascii(FILE *out, unsigned char c)
{
    switch (c) {
    case '&':
        fputs("&amp;", out);
        break;
    case '<':
        fputs("&lt;", out);
        break;
    case '>':
        fputs("&gt;", out);
        break;
    case '"':
        fputs("&quot;", out);
        break;
    case '\'':
        fputs("&apos;", out);
        break;
    default:
        /* Tab, newline and CR are legal, but an attribute would normalise them anyway. */
        fputc(c < 0x20 ? ' ' : c, out);
        break;
    }
}

void cv_xml_write_text(FILE *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        uint32_t code = 0;
        int length = decode(p, &code);
        if (length == 0) {
            fputs(REPLACEMENT, out);
            p++;
        } else if (length == 1) {
            write_ascii(out, *p++);
        } else {
            if (xml_allows(code))
                fwrite(p, 1, (size_t)length, out);
            else
                fputs(REPLACEMENT, out);
            p += length;
        }
    }
}
