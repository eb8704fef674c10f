/* fuzz_main.c - the libFuzzer entry point of one target, chosen at build time
 * with -DFZ_TARGET=fz_NAME ('make fuzz' builds one binary per target). */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FZ_TARGET(data, size);
}
