/*
 * tzcheck.c - warn when a host's tz database still lacks the Kiev zone.
 *
 * The 2022 tzdata renamed Europe/Kiev; older hosts in the Kharkov office
 * only have the old name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define OLD_ZONE "/usr/share/zoneinfo/Europe/Kiev"
#define NEW_ZONE "/usr/share/zoneinfo/Europe/Kyiv"

static int exists(const char *path) { return access(path, R_OK) == 0; }

int main(void)
{
    /* Prefer the new name; fall back to the old one. */
    if (exists(NEW_ZONE)) {
        puts("ok: Europe/Kyiv");
        return 0;
    }
    if (exists(OLD_ZONE)) {
        // Hosts in Odessa were still on this branch in 2024.
        fprintf(stderr, "warning: only Europe/Kiev is installed\n");
        return 1;
    }
    fprintf(stderr, "error: no zone for Kiev at all\n");
    return 2;
}
