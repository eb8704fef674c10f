/* test_sha256.c - sim/support/sha256 (through Nettle) against the NIST
 * FIPS 180-2 examples, and on files. */
#include <stdlib.h>

#include "tests/test.h"
#include "sim/support/sha256.h"

TEST(test_sha256_nist_vectors)
{
	static const struct { const char *msg, *hex; } v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
		  "klmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	char hex[SHA256_HEX_LEN + 1];
	char *million = malloc(1000000);

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sha256_hex(v[i].msg, strlen(v[i].msg), hex);
		CHECK_STR(hex, v[i].hex);
	}
	memset(million, 'a', 1000000);
	sha256_hex(million, 1000000, hex);
	free(million);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* A file is hashed whole, across read buffers; a missing one is an error
 * that names it. */
TEST(test_sha256_files)
{
	char path[1100], hex[SHA256_HEX_LEN + 1];
	ecs_err e = { 0 };
	FILE *f;

	snprintf(path, sizeof(path), "%s/a", test_tmpdir());
	f = fopen(path, "w");
	CHECK(f);
	for (int i = 0; i < 1000000; i++)
		fputc('a', f);
	fclose(f);
	CHECK_EQ(sha256_file(path, hex, &e), 0);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	snprintf(path, sizeof(path), "%s/none", test_tmpdir());
	CHECK_EQ(sha256_file(path, hex, &e), -1);
	CHECK(strstr(e.msg, "cannot read ") && strstr(e.msg, "/none: No such file"));
}
