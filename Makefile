# ecsim - discrete-event simulator of an Amazon-ECS-style container cluster.
#
#   make            build ./ecsim (installs missing Debian packages first)
#   make run        build and run scenarios/quickstart.json, print where the report is
#   make test       build and run the whole test suite
#   make test-asan  the suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   make mpi        build ./ecsim-mpi with OpenMPI (installs it first if missing)
#   make valgrind   quickstart, a small compare, a --check run and a scenario error under memcheck
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 60) with clang
#   make bench      benchmarks (figures printed, nothing asserted)
#   make plugins    build the example strategy plug-ins into build/plugins/
#   make install    install under PREFIX (default /usr/local; DESTDIR for staging)
#   make uninstall  remove what make install put there
#   make man        regenerate docs/ecsim.1 from the command table
#   make schema     regenerate docs/scenario.schema.json from the loader's key tables
#   make clean      remove build outputs (never touches out/)
#
# Builds run one job per core unless -j is given (make -j1: one at a time).
# Project flags live apart from the user's CFLAGS, which are appended last.

# Parallel by default.  GNU make 4.3 shows neither a command-line -j nor
# the jobserver in MAKEFLAGS while it reads this file, hence the look at
# the environment's MAKEFLAGS (what a parent make passes, or the user set).
# A -j on the command line wins over this anyway; a sub-make (test-asan,
# mpi) shares its parent's job slots instead; and 'make clean all' stays
# serial, so that clean does not race the build.
ifeq ($(MAKELEVEL),0)
ifeq ($(filter clean,$(MAKECMDGOALS)),)
ECS_GIVEN_MAKEFLAGS := $(MAKEFLAGS) $(shell printenv MAKEFLAGS)
ifeq ($(filter -j% --jobs% --jobserver%,$(ECS_GIVEN_MAKEFLAGS))$(findstring j,$(filter-out -% %=%,$(firstword $(ECS_GIVEN_MAKEFLAGS)))),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
endif
endif
endif

BUILD   ?= build
SAN     ?=
CC      ?= cc
CFLAGS  ?=
LDFLAGS ?=

MPICC   ?= mpicc

ifeq ($(SAN),1)
  OPT    = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  SANLD  = -fsanitize=address,undefined
  BIN    = $(BUILD)/ecsim
  MPI_BIN = $(BUILD)/ecsim-mpi
else
  OPT    = -O2 -g
  SANLD  =
  BIN    = ecsim
  MPI_BIN = ecsim-mpi
endif

# ecsim-mpi is ecsim with sim/study/pool.c built by mpicc with -DECSIM_MPI, so
# that compare, sweep and size split their runs over mpirun's ranks.  Plain
# builds never need MPI; 'make test' also builds and tests ecsim-mpi when
# mpicc is there (scripts/deps.sh --mpi installs OpenMPI).
HAVE_MPI := $(shell command -v $(MPICC) >/dev/null 2>&1 && echo 1)

PKGS     = jansson gsl zlib libpcre2-8 yaml-0.1 nettle
# Recursively expanded on purpose: evaluated after the deps step has run.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -ldl
# Strategy plug-ins (dlopen'ed shared objects) call back into the program:
# export its symbols, and link every library object so that all of the API
# a plug-in may call is there.
EXPORT_LD  = -rdynamic
WHOLE_LIB  = -Wl,--whole-archive $(LIB) -Wl,--no-whole-archive

# -Wno-format-truncation: messages and JSON paths are cut to fixed buffers on purpose.
ECS_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow -Wno-unused-parameter \
	     -Wno-format-truncation \
	     -Wstrict-prototypes -Wmissing-prototypes -MMD -MP $(OPT) \
	     -I. $(PKG_CFLAGS)

LIB_SRC  = $(wildcard sim/support/*.c sim/engine/*.c sim/cluster/*.c sim/trace/*.c sim/policy/*.c \
	     sim/scenario/*.c sim/model/*.c sim/study/*.c strategies/*.c reports/*.c)
MAIN_SRC = $(wildcard sim/cli/*.c)
TEST_SRC = tests/runner.c tests/support.c $(wildcard tests/unit/*.c) tests/fuzz/targets.c
BENCH_SRC = $(wildcard bench/*.c)
PLUGIN_SRC = $(wildcard examples/plugins/*.c)

LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ  = $(MAIN_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ  = $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_BIN = $(BENCH_SRC:%.c=$(BUILD)/%)
PLUGIN_SO = $(PLUGIN_SRC:examples/plugins/%.c=$(BUILD)/plugins/%.so)
LIB       = $(BUILD)/libecsim.a
MPI_OBJ   = $(BUILD)/mpi/sim/study/pool.o

.PHONY: all run test test-asan valgrind bench clean deps plugins mpi deps-mpi fuzz \
	install uninstall man schema FORCE
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

$(BUILD)/mpi/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(MPICC) $(ECS_CFLAGS) -DECSIM_MPI $(CFLAGS) -c $< -o $@

$(BUILD)/tests/runner.o: ECS_CFLAGS += -DECS_SRCDIR='"$(CURDIR)"' -DECS_BIN='"$(abspath $(BIN))"' \
	-DECS_MPI_BIN='"$(abspath $(MPI_BIN))"' -DECS_MAKE_VARS='"BUILD=$(BUILD) SAN=$(SAN)"'

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	$(CC) $(SANLD) $(EXPORT_LD) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(WHOLE_LIB) $(PKG_LIBS)

$(MPI_BIN): $(MAIN_OBJ) $(MPI_OBJ) $(filter-out $(BUILD)/sim/study/pool.o,$(LIB_OBJ))
	$(MPICC) $(SANLD) $(EXPORT_LD) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Installs OpenMPI when mpicc is missing, then builds in a fresh make so
# that HAVE_MPI is looked at again.
mpi: deps-mpi
	@$(MAKE) --no-print-directory $(MPI_BIN)

deps-mpi:
	@command -v $(MPICC) >/dev/null 2>&1 || scripts/deps.sh --mpi || \
		{ echo "make: OpenMPI missing; see the message above" >&2; exit 1; }

$(BUILD)/run_tests: $(TEST_OBJ) $(LIB) | $(BIN)
	$(CC) $(SANLD) $(EXPORT_LD) $(LDFLAGS) -o $@ $(TEST_OBJ) $(WHOLE_LIB) $(PKG_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	$(CC) $(SANLD) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

# A plug-in needs only strategies/strategy.h and the headers it includes.
plugins: $(PLUGIN_SO)

$(BUILD)/plugins/%.so: examples/plugins/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC $(ECS_CFLAGS) $(CFLAGS) -o $@ $<

run: $(BIN)
	./$(BIN) run scenarios/quickstart.json -o out/quickstart

test: $(BUILD)/run_tests $(BIN) $(if $(HAVE_MPI),$(MPI_BIN))
	$(BUILD)/run_tests $(T)

test-asan:
	$(MAKE) BUILD=build-asan SAN=1 test

valgrind: $(BIN)
	valgrind --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
		./$(BIN) run scenarios/quickstart.json -o out/valgrind --no-plots --quiet
	valgrind --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
		--trace-children=no ./$(BIN) compare tests/data/study-small.json -r 2 --jobs 2 \
		--strategies 'scenario;binpack:cpu' -o out/valgrind-compare --no-plots --quiet
	valgrind --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
		./$(BIN) run scenarios/spread-vs-binpack.json --check -o out/valgrind-check \
		--no-plots --quiet
	@# a scenario error must free what the loader had built
	valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
		./$(BIN) validate tests/invalid/limit-desired-tasks-in-all/scenario.json; \
		test $$? = 1

bench: $(BIN) $(BENCH_BIN)
	@sh bench/run.sh $(BUILD) $(BIN)

# libFuzzer: the library and tests/fuzz/targets.c built by clang with
# coverage, ASan and UBSan, one binary per target (tests/fuzz/fuzz_main.c).
# Each runs FUZZ_SECONDS; new inputs collect in build-fuzz/corpus/TARGET,
# crashes in build-fuzz/crashes/.  tests/fuzz/corpus/TARGET seeds it and is
# what 'make test' replays.  e.g. make fuzz FUZZ_TARGETS=query FUZZ_SECONDS=600
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= scenario query regex set strategy units schedexpr dist study \
                trace_ali17 trace_openb trace_swf trace_google trace_csv
FUZZ_BUILD    = build-fuzz
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
# FZ_TIMED: targets may judge time (the regex target), in fuzzing only.
FUZZ_CFLAGS   = -Wno-unknown-warning-option -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN) -DFZ_TIMED
FUZZ_OBJ      = $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/tests/fuzz/targets.o

$(FUZZ_BUILD)/%.o: %.c | deps
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "make fuzz: $(FUZZ_CC) not found; \
scripts/deps.sh --fuzz installs clang and its libFuzzer runtime" >&2; exit 1; }
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ECS_CFLAGS) $(FUZZ_CFLAGS) $(CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_main.c tests/fuzz/targets.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(ECS_CFLAGS) $(FUZZ_CFLAGS) -DFZ_TARGET=fz_$* -fsanitize=fuzzer \
		$(EXPORT_LD) $(LDFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
	@mkdir -p $(FUZZ_BUILD)/crashes
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
			$$( [ -f tests/fuzz/$$t.dict ] && echo -dict=tests/fuzz/$$t.dict ) \
			-artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- \
			$(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t 2>$(FUZZ_BUILD)/$$t.log \
		|| { tail -40 $(FUZZ_BUILD)/$$t.log; echo "fuzz: $$t failed; the input is in \
$(FUZZ_BUILD)/crashes/ (replay: $(FUZZ_BUILD)/fuzz_$$t FILE)" >&2; exit 1; }; \
		grep -E '^(Done|stat::number_of_executed_units)' $(FUZZ_BUILD)/$$t.log; \
	done

# ---- install ------------------------------------------------------------------
# The layout under PREFIX; DESTDIR is put before every path (packaging,
# staging).  Nothing installed refers to the source tree.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
INCLUDEDIR  ?= $(PREFIX)/include/ecsim
DATADIR     ?= $(PREFIX)/share/ecsim
DOCDIR      ?= $(PREFIX)/share/doc/ecsim
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
INSTALL     ?= install
# Files installed into DATADIR (PREFIX/share/ecsim/): one line adds one.
DATA_FILES  ?= $(CATALOG) docs/scenario.schema.json
DOC_FILES    = README.md $(wildcard docs/*.md)
# What a plug-in includes: strategies/strategy.h and the project headers it
# pulls in (asked of the compiler, so that the list follows the includes).
# They keep their folders, so that a plug-in built with
# -I PREFIX/include/ecsim includes "strategies/strategy.h" as in the tree.
PLUGIN_HEADERS = $(filter-out x:,$(shell $(CC) -I. -MM -MT x strategies/strategy.h | tr -d '\\'))

# ecsim-mpi goes too when it has been built (make mpi).
install: $(BIN) $(wildcard $(MPI_BIN))
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(DATADIR)' \
		'$(DESTDIR)$(DOCDIR)/examples' '$(DESTDIR)$(BASHCOMPDIR)' '$(DESTDIR)$(ZSHCOMPDIR)'
	$(INSTALL) -m 755 $(BIN) '$(DESTDIR)$(BINDIR)/ecsim'
	$(if $(wildcard $(MPI_BIN)),$(INSTALL) -m 755 $(MPI_BIN) '$(DESTDIR)$(BINDIR)/ecsim-mpi')
	@for h in $(PLUGIN_HEADERS); do \
		echo "$(INSTALL) -m 644 $$h '$(DESTDIR)$(INCLUDEDIR)/$$h'"; \
		$(INSTALL) -d "$(DESTDIR)$(INCLUDEDIR)/$$(dirname $$h)" && \
		$(INSTALL) -m 644 $$h "$(DESTDIR)$(INCLUDEDIR)/$$h" || exit 1; \
	done
	sed 's|/usr/local|$(PREFIX)|g' docs/ecsim.1 >'$(DESTDIR)$(MANDIR)/man1/ecsim.1'
	chmod 644 '$(DESTDIR)$(MANDIR)/man1/ecsim.1'
	$(INSTALL) -m 644 scripts/completion/ecsim.bash '$(DESTDIR)$(BASHCOMPDIR)/ecsim'
	$(INSTALL) -m 644 scripts/completion/_ecsim '$(DESTDIR)$(ZSHCOMPDIR)/_ecsim'
	$(if $(strip $(DATA_FILES)),$(INSTALL) -m 644 $(DATA_FILES) '$(DESTDIR)$(DATADIR)/')
	$(INSTALL) -m 644 $(DOC_FILES) '$(DESTDIR)$(DOCDIR)/'
	$(INSTALL) -m 644 $(PLUGIN_SRC) '$(DESTDIR)$(DOCDIR)/examples/'

# Removes each file install puts, then the folders that are ecsim's own
# if they are left empty (never a shared folder, whatever PREFIX is).
uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/ecsim' '$(DESTDIR)$(BINDIR)/ecsim-mpi' \
		'$(DESTDIR)$(MANDIR)/man1/ecsim.1' '$(DESTDIR)$(BASHCOMPDIR)/ecsim' \
		'$(DESTDIR)$(ZSHCOMPDIR)/_ecsim'
	@for h in $(PLUGIN_HEADERS); do \
		rm -f "$(DESTDIR)$(INCLUDEDIR)/$$h"; \
		d=$$(dirname $$h); \
		while [ "$$d" != . ]; do rmdir "$(DESTDIR)$(INCLUDEDIR)/$$d" 2>/dev/null; d=$$(dirname $$d); done; \
	done; true
	rm -f $(foreach f,$(DATA_FILES),'$(DESTDIR)$(DATADIR)/$(notdir $(f))') \
		$(foreach f,$(DOC_FILES),'$(DESTDIR)$(DOCDIR)/$(notdir $(f))') \
		$(foreach f,$(PLUGIN_SRC),'$(DESTDIR)$(DOCDIR)/examples/$(notdir $(f))')
	-rmdir '$(DESTDIR)$(INCLUDEDIR)' '$(DESTDIR)$(DATADIR)' '$(DESTDIR)$(DOCDIR)/examples' \
		'$(DESTDIR)$(DOCDIR)' 2>/dev/null

# docs/ecsim.1 is 'ecsim help --man'; a test checks that it is up to date.
man: $(BIN)
	./$(BIN) help --man >docs/ecsim.1

# docs/scenario.schema.json is 'ecsim schema' (installed into DATADIR for
# editors); a test checks that it is up to date.
schema: $(BIN)
	./$(BIN) schema -o docs/scenario.schema.json

# The instance-type catalog (docs/catalog.md).  ecsim reads the source
# tree's copy when it runs from this tree, else the installed one: `make
# install` copies $(CATALOG) (a DATA_FILES entry) to $(CATALOG_INSTALLED).
# Both paths are compiled into sim/scenario/catalog.c; $(BUILD)/catalog-paths
# changes when they do, so that a new PREFIX or DATADIR rebuilds it.
CATALOG  = scenarios/catalog/aws-instance-types.json
CATALOG_INSTALLED = $(DATADIR)/$(notdir $(CATALOG))
CATALOG_FLAGS = -DECSIM_SRCDIR='"$(CURDIR)"' -DECSIM_CATALOG_SRC='"$(CURDIR)/$(CATALOG)"' \
		-DECSIM_CATALOG_DATA='"$(CATALOG_INSTALLED)"'

$(BUILD)/sim/scenario/catalog.o $(FUZZ_BUILD)/sim/scenario/catalog.o: ECS_CFLAGS += $(CATALOG_FLAGS)
$(BUILD)/sim/scenario/catalog.o $(FUZZ_BUILD)/sim/scenario/catalog.o: $(BUILD)/catalog-paths

$(BUILD)/catalog-paths: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CURDIR) $(CATALOG) $(CATALOG_INSTALLED)' | cmp -s - $@ 2>/dev/null || \
		echo '$(CURDIR) $(CATALOG) $(CATALOG_INSTALLED)' > $@

# The git commit ecsim is built from, for the provenance block of
# summary.json (reports/provenance.c; no git is run when ecsim runs): HEAD,
# with "-dirty" when tracked files differ from it, or nothing when this
# folder is not the top of a git checkout (a release tarball, even inside
# another checkout).  $(BUILD)/git-commit changes when it does.
GIT_COMMIT := $(shell top=$$(git -C '$(CURDIR)' rev-parse --show-toplevel 2>/dev/null) && \
	[ "$$top" -ef '$(CURDIR)' ] && c=$$(git -C '$(CURDIR)' rev-parse -q --verify HEAD) && \
	{ git -C '$(CURDIR)' diff --quiet HEAD -- 2>/dev/null && echo $$c || echo $$c-dirty; })

$(BUILD)/reports/provenance.o: ECS_CFLAGS += -DECSIM_GIT_COMMIT='"$(GIT_COMMIT)"'
$(BUILD)/reports/provenance.o: $(BUILD)/git-commit

$(BUILD)/git-commit: FORCE
	@mkdir -p $(BUILD)
	@echo '$(GIT_COMMIT)' | cmp -s - $@ 2>/dev/null || echo '$(GIT_COMMIT)' > $@

FORCE:

clean:
	rm -rf build build-asan build-fuzz ecsim ecsim-mpi

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(MPI_OBJ:.o=.d) \
	$(wildcard $(FUZZ_BUILD)/*/*.d $(FUZZ_BUILD)/*/*/*.d) \
	$(BENCH_SRC:%.c=$(BUILD)/%.d) $(PLUGIN_SO:.so=.d)
