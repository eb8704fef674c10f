# ecsim - discrete-event simulator of an Amazon-ECS-style container cluster.
#
#   make            build ./ecsim (installs missing Debian packages first)
#   make run        build and run scenarios/quickstart.json, print where the report is
#   make test       build and run the whole test suite
#   make test-asan  the suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   make valgrind   the quickstart scenario under valgrind memcheck
#   make bench      benchmarks (figures printed, nothing asserted)
#   make clean      remove build outputs (never touches out/)
#
# Project flags live apart from the user's CFLAGS, which are appended last.

BUILD   ?= build
SAN     ?=
CC      ?= cc
CFLAGS  ?=
LDFLAGS ?=

ifeq ($(SAN),1)
  OPT    = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  SANLD  = -fsanitize=address,undefined
  BIN    = $(BUILD)/ecsim
else
  OPT    = -O2 -g
  SANLD  =
  BIN    = ecsim
endif

PKGS     = jansson gsl zlib
# Recursively expanded on purpose: evaluated after the deps step has run.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm

# -Wno-format-truncation: messages and JSON paths are cut to fixed buffers on purpose.
ECS_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter \
	     -Wno-format-truncation \
	     -Wstrict-prototypes -Wmissing-prototypes -MMD -MP $(OPT) \
	     -I. $(PKG_CFLAGS)

LIB_SRC  = $(filter-out sim/main.c,$(wildcard sim/*.c strategies/*.c reports/*.c))
MAIN_SRC = sim/main.c
TEST_SRC = tests/runner.c $(wildcard tests/unit/*.c)
BENCH_SRC = $(wildcard bench/*.c)

LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  = $(MAIN_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  = $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN = $(BENCH_SRC:%.c=$(BUILD)/%)
LIB       = $(BUILD)/libecsim.a

.PHONY: all run test test-asan valgrind bench clean deps
# Keep intermediate objects (bench programs are built from them).
.SECONDARY:
.DEFAULT_GOAL := all

all: $(BIN)

# Quick check; installs what is missing (scripts/deps.sh says what to do if it cannot).
deps:
	@if ! pkg-config --exists $(PKGS) 2>/dev/null || [ ! -f /usr/include/csv.h ] \
	    || ! command -v gnuplot >/dev/null 2>&1; then \
		scripts/deps.sh || { echo "make: dependencies missing; see the message above" >&2; exit 1; }; \
	fi

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ECS_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/tests/runner.o: ECS_CFLAGS += -DECS_SRCDIR='"$(CURDIR)"' -DECS_BIN='"$(abspath $(BIN))"'

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	$(CC) $(SANLD) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/run_tests: $(TEST_OBJ) $(LIB) | $(BIN)
	$(CC) $(SANLD) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	$(CC) $(SANLD) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

run: $(BIN)
	./$(BIN) run scenarios/quickstart.json -o out/quickstart

test: $(BUILD)/run_tests $(BIN)
	$(BUILD)/run_tests $(T)

test-asan:
	$(MAKE) BUILD=build-asan SAN=1 test

valgrind: $(BIN)
	valgrind --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
		./$(BIN) run scenarios/quickstart.json -o out/valgrind --no-plots --quiet

bench: $(BIN) $(BENCH_BIN)
	@sh bench/run.sh $(BUILD) $(BIN)

clean:
	rm -rf build build-asan ecsim

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_SRC:%.c=$(BUILD)/%.d)
