/* sha256.c - SHA-256 of buffers and files (see sha256.h). */
#include "sha256.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

static void to_hex(struct sha256_ctx *c, char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_digest(c, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[SHA256_HEX_LEN] = 0;
}

void sha256_hex(const void *p, size_t n, char hex[SHA256_HEX_LEN + 1])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, n, p);
	to_hex(&c, hex);
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], ecs_err *e)
{
	struct sha256_ctx c;
	unsigned char buf[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(e, "cannot read %s: %s", path, strerror(errno));
	sha256_init(&c);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&c, n, buf);
	if (ferror(f)) {
		int en = errno;
		fclose(f);
		return err_set(e, "cannot read %s: %s", path, strerror(en ? en : EIO));
	}
	fclose(f);
	to_hex(&c, hex);
	return 0;
}
