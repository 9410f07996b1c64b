/*
 * x_count_colour.c — how many pixels of the X screen have one colour, for
 * the window tests: a passing message (a toast) is drawn over the picture
 * after the S screenshot is taken, so only the screen shows it.
 *
 *   x_count_colour RRGGBB   prints the count; exit 2 on a bad colour, 1
 *                           when the display cannot be read.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    char *end = NULL;
    unsigned long colour = argc == 2 ? strtoul(argv[1], &end, 16) : 0;
    if (argc != 2 || strlen(argv[1]) != 6 || *end != '\0') {
        fprintf(stderr, "usage: x_count_colour RRGGBB\n");
        return 2;
    }
    Display *display = XOpenDisplay(NULL);
    if (!display) {
        fprintf(stderr, "x_count_colour: cannot open the display\n");
        return 1;
    }
    Window root = DefaultRootWindow(display);
    XWindowAttributes attributes;
    XGetWindowAttributes(display, root, &attributes);
    XImage *image = XGetImage(display, root, 0, 0, (unsigned)attributes.width,
                              (unsigned)attributes.height, AllPlanes, ZPixmap);
    if (!image) {
        fprintf(stderr, "x_count_colour: cannot read the screen\n");
        XCloseDisplay(display);
        return 1;
    }
    long count = 0;
    for (int y = 0; y < attributes.height; y++)
        for (int x = 0; x < attributes.width; x++)
            count += (XGetPixel(image, x, y) & 0xFFFFFFul) == colour;
    printf("%ld\n", count);
    XDestroyImage(image);
    XCloseDisplay(display);
    return 0;
}
