/* sha256.h - SHA-256 digests of a buffer and of a file, as lowercase hex,
 * through Nettle (Debian's nettle-dev), for the provenance of results.
 * Knows nothing of ecsim.
 */
#ifndef ECS_SHA256_H
#define ECS_SHA256_H

#include <stddef.h>

#include "err.h"

#define SHA256_HEX_LEN 64

/* The digest of n bytes at p into hex (65 bytes with the NUL). */
void sha256_hex(const void *p, size_t n, char hex[SHA256_HEX_LEN + 1]);

/* The digest of the file at path, read to its end; -1 with "cannot read
 * PATH: reason" in e. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], ecs_err *e);

#endif
