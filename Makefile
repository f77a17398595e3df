# runrisk - one non-recursive Makefile.
#   make                 build ./runrisk
#   make check           build and run every test layer
#   make report          run on samples/ (or DATA=dir) into report/ (or OUT=dir)
#   make samples         regenerate samples/ with the project's generator
#   make bench           benchmark (writes tests/bench/results.txt; never gates)
#   make fuzz            run each libFuzzer target for FUZZ_SECONDS
#   make deps            install (root) or name the missing Debian packages
#   make install         PREFIX=/usr/local DESTDIR=
#   SANITIZE=address,undefined   build and test with sanitizers (in build-san/)

CC       ?= cc
PKG_CONFIG ?= pkg-config
PREFIX   ?= /usr/local
DESTDIR  ?=
CFLAGS   ?= -O2 -g
WERROR   ?= -Werror
DATA     ?= samples
OUT      ?= report
JOBS     ?=
FUZZ_SECONDS ?= 60
VERSION  := 0.1.0

PKGS     := expat libxml-2.0 zlib inih libarchive

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wpointer-arith -Wvla -Wundef -Wcast-qual -Wwrite-strings \
            -Wno-unused-parameter $(WERROR)

BUILD := build
ifneq ($(SANITIZE),)
BUILD := build-san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

ALL_CPPFLAGS = -I. -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
                -DRUNRISK_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   := -std=c11 $(WARNINGS) $(CFLAGS) $(SANFLAGS) -MMD -MP
ALL_LDFLAGS  := $(SANFLAGS) $(LDFLAGS)
LIBS_ALL     = $(PKG_LIBS) -lcsv -lpthread -lm

# cmd/main.c is the program; every other cmd/*.c module (walk, cache, lock,
# workers) goes into the library too, so that unit tests can reach it.
CMD_SRC  := cmd/main.c
LIB_SRC  := $(sort $(wildcard core/*.c parsers/*.c analysis/*.c render/*.c) \
              $(filter-out $(CMD_SRC),$(wildcard cmd/*.c)))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
GEN_SRC  := $(sort $(wildcard scripts/samplegen/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
GEN_OBJ  := $(GEN_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:%.c=$(BUILD)/%)
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)
LIBA     := $(BUILD)/librunrisk.a
DEPS_OK  := $(BUILD)/.deps-ok

.PHONY: all check unit clitest report samples golden readme doc-images bench fuzz deps install uninstall clean help
.DELETE_ON_ERROR:
.SECONDARY: $(TEST_SRC:%.c=$(BUILD)/%.o) $(BENCH_SRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/unit/helpers.o

all: runrisk

help:
	@sed -n '2,12s/^# //p' Makefile

$(DEPS_OK): scripts/deps.sh
	@mkdir -p $(@D)
	@sh scripts/deps.sh check-or-install
	@touch $@

deps:
	@sh scripts/deps.sh install

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/runrisk: $(CMD_OBJ) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJ) $(LIBA) $(LIBS_ALL)

ifeq ($(SANITIZE),)
runrisk: $(BUILD)/runrisk
	cp $< $@
else
runrisk: $(BUILD)/runrisk
endif

# tests/unit/helpers.c (what several tests share) is linked into every unit test.
TEST_HELPER_OBJ := $(BUILD)/tests/unit/helpers.o

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(TEST_HELPER_OBJ) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) $(LIBA) $(LIBS_ALL) -lcmocka

$(BUILD)/samplegen: $(GEN_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ -lz -lm

$(BUILD)/tests/bench/%: $(BUILD)/tests/bench/%.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS_ALL)

# Every test layer: unit (cmocka), command line, corpus, golden, samples truth.
check: $(BUILD)/runrisk $(TEST_BIN) $(BUILD)/samplegen
	@RUNRISK=$(CURDIR)/$(BUILD)/runrisk BUILD=$(BUILD) SANITIZE='$(SANITIZE)' \
	  sh tests/run-all.sh $(TEST_BIN)

report: runrisk
	@rc=0; ./runrisk report -o '$(OUT)' $(if $(JOBS),-j $(JOBS)) '$(DATA)' || rc=$$?; \
	  if [ $$rc -eq 0 ] || [ $$rc -eq 1 ] || [ $$rc -eq 3 ]; then \
	    echo "report written to $(OUT)/report.txt (exit status $$rc: see ./runrisk --help)"; \
	  else exit $$rc; fi

# Rewrite the golden files of tests/cli/golden.sh from samples/ (review with git diff).
golden: runrisk
	@rm -rf $(BUILD)/golden && ./runrisk report --no-charts -o $(BUILD)/golden samples >/dev/null; \
	  rc=$$?; [ $$rc -le 1 ] || [ $$rc -eq 3 ] || exit $$rc
	@rm -rf tests/golden && mkdir -p tests/golden
	@cd $(BUILD)/golden && for f in report.txt roster.txt */report.txt */runs.csv */days.csv \
	  */weeks.csv */flags.csv */shoes.csv; do mkdir -p ../../tests/golden/$$(dirname $$f); \
	  cp $$f ../../tests/golden/$$f; done
	@echo "tests/golden rewritten: review with git diff tests/golden"

# README's example block from the golden report (tests/cli/readme_example.sh checks it).
readme:
	@python3 scripts/readme_example.py update README.md && \
	  python3 scripts/readme_example.py update doc/report.md && \
	  echo "README.md and doc/report.md example blocks rewritten"

# README's pictures (doc/img): the sample report's PNG charts (Ana) and
# Chromium screenshots of her page at 390 and 1280 px.
doc-images: runrisk
	@rm -rf $(BUILD)/docimg $(BUILD)/shots && mkdir -p $(BUILD)/shots
	@./runrisk report -o $(BUILD)/docimg samples >/dev/null 2>&1; rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@for c in weekly_distance run_spikes acwr risk shoes; do \
	  cp $(BUILD)/docimg/ana/$$c.png doc/img/$$c.png || exit 1; done
	@KEEP=$(CURDIR)/$(BUILD)/shots RUNRISK=$(CURDIR)/$(BUILD)/runrisk BUILD=$(BUILD) \
	  sh tests/cli/html_chromium.sh >/dev/null
	@cp $(BUILD)/shots/athlete390.png doc/img/page-390.png && \
	  cp $(BUILD)/shots/athlete1280.png doc/img/page-1280.png
	@echo "doc/img rewritten: review with git status doc/img"

samples: $(BUILD)/samplegen
	$(BUILD)/samplegen samples

bench: runrisk $(BENCH_BIN) $(BUILD)/samplegen
	@BUILD=$(BUILD) sh tests/bench/bench.sh

fuzz:
	@sh scripts/deps.sh check-or-install fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

# libFuzzer targets: clang, ASan+UBSan, in build-fuzz/ (deps.sh fuzz installs clang).
FUZZ_CC    ?= clang
FUZZ_CFLAGS := -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
FUZZ_OBJ   := $(LIB_SRC:%.c=build-fuzz/%.o)
FUZZ_BIN   := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(FUZZ_SRC))

build-fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

build-fuzz/fuzz_%: build-fuzz/tests/fuzz/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS_ALL)

.PHONY: fuzz-build
fuzz-build: $(FUZZ_BIN)

install: runrisk
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/runrisk
	install -m 0755 runrisk $(DESTDIR)$(PREFIX)/bin/runrisk
	install -m 0644 doc/runrisk.1 $(DESTDIR)$(PREFIX)/share/man/man1/runrisk.1
	sed 's|^runrisk=runrisk$$|runrisk=$(PREFIX)/bin/runrisk|' scripts/runrisk-cron \
	  >$(DESTDIR)$(PREFIX)/share/runrisk/runrisk-cron.tmp
	grep -q '^runrisk=$(PREFIX)/bin/runrisk$$' $(DESTDIR)$(PREFIX)/share/runrisk/runrisk-cron.tmp
	chmod 0755 $(DESTDIR)$(PREFIX)/share/runrisk/runrisk-cron.tmp
	mv -f $(DESTDIR)$(PREFIX)/share/runrisk/runrisk-cron.tmp \
	  $(DESTDIR)$(PREFIX)/share/runrisk/runrisk-cron

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/runrisk $(DESTDIR)$(PREFIX)/share/man/man1/runrisk.1
	rm -rf $(DESTDIR)$(PREFIX)/share/runrisk

clean:
	rm -rf build build-san build-fuzz runrisk

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(GEN_OBJ:.o=.d) $(TEST_SRC:%.c=$(BUILD)/%.d) \
  $(TEST_HELPER_OBJ:.o=.d)
