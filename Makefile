# diarist - see README.md. `make` builds, `make test` runs every test.
CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
PKG_CONFIG ?= pkg-config

LIBGIT2_CFLAGS := $(shell $(PKG_CONFIG) --cflags libgit2)
LIBGIT2_LIBS   := $(shell $(PKG_CONFIG) --libs libgit2)
PCRE2_CFLAGS   := $(shell $(PKG_CONFIG) --cflags libpcre2-8)
PCRE2_LIBS     := $(shell $(PKG_CONFIG) --libs libpcre2-8)
YAML_CFLAGS    := $(shell $(PKG_CONFIG) --cflags yaml-0.1)
YAML_LIBS      := $(shell $(PKG_CONFIG) --libs yaml-0.1)
CMOCKA_CFLAGS   = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS     = $(shell $(PKG_CONFIG) --libs cmocka)

OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN     = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -pthread $(CFLAGS) $(SAN) -Ilib \
	$(PCRE2_CFLAGS) $(YAML_CFLAGS) $(LIBGIT2_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) -pthread $(SAN)

LIB_SRC  := $(sort $(wildcard lib/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIBA     := $(BUILD)/libdiarist.a
HOOKS    := commit-msg post-commit post-rewrite pre-push
HOOK_BIN := $(HOOKS:%=$(BUILD)/hooks/%)
TOOL_SRC := $(sort $(wildcard tools/*.c))
TOOL_OBJ := $(TOOL_SRC:%.c=$(BUILD)/%.o)
TOOL     := $(BUILD)/diarist
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
RUNTIME_LIBS = $(PCRE2_LIBS) $(YAML_LIBS)

.PHONY: all test test-browser check check-threads leakcheck lint format install uninstall bench fuzz clean

all: $(TOOL) $(HOOK_BIN)

$(BUILD)/%.o: %.c $(wildcard lib/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD):
	@mkdir -p $(BUILD)

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

# hooks link only what they need: commit-msg never loads libgit2 (SPEC §10).
# commit-msg, post-commit and post-rewrite start at every commit: they are
# linked statically (C library, pcre2, libyaml) where the archives are
# installed, which spares every start the dynamic loader's work (about a
# quarter of a millisecond here, more than commit-msg's own reading of a
# 1 000-ticket index). Sanitizer builds link dynamically; so does
# HOOK_STATIC=0.
STATIC_RUNTIME_LIBS := $(shell $(PKG_CONFIG) --static --libs libpcre2-8 yaml-0.1)
ifeq ($(origin HOOK_STATIC),undefined)
HOOK_STATIC := $(if $(SAN),0,$(shell t=$$(mktemp) && \
	printf 'int main(void) { return 0; }\n' | \
	$(CC) -x c -static -o "$$t" - $(STATIC_RUNTIME_LIBS) \
	>/dev/null 2>&1 && echo 1 || echo 0; rm -f "$$t"))
endif
ifeq ($(HOOK_STATIC),1)
COMMIT_HOOK_LINK = -static $(STATIC_RUNTIME_LIBS)
else
COMMIT_HOOK_LINK = $(RUNTIME_LIBS)
endif

$(BUILD)/hooks/commit-msg: $(BUILD)/hooks/commit-msg.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(COMMIT_HOOK_LINK)

# post-commit and post-rewrite ask git itself: libgit2's start-up alone
# would cost most of their budget (see lib/history.h)
$(BUILD)/hooks/post-commit: $(BUILD)/hooks/post-commit.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(COMMIT_HOOK_LINK)

$(BUILD)/hooks/post-rewrite: $(BUILD)/hooks/post-rewrite.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(COMMIT_HOOK_LINK)

# pre-push reads the pushed trees through libgit2: its cost follows the
# range, and it has 100 ms (SPEC §10)
$(BUILD)/hooks/pre-push: $(BUILD)/hooks/pre-push.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(RUNTIME_LIBS) $(LIBGIT2_LIBS)

$(TOOL): $(TOOL_OBJ) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(RUNTIME_LIBS) $(LIBGIT2_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/testutil.h tests/unit/testutil.c \
		tests/diaryedit_check.h $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< tests/unit/testutil.c $(LIBA) $(ALL_LDFLAGS) \
		$(CMOCKA_LIBS) $(RUNTIME_LIBS) $(LIBGIT2_LIBS)

test: all $(UNIT_BIN)
	@BUILD=$(BUILD) sh tests/run.sh

# the HTML report rendered by chromium (installed when missing; see
# tests/browser/run.sh): kept out of `test`, run by .ci/run
test-browser: all
	@BUILD=$(BUILD) bash tests/browser/run.sh

# the same tests under AddressSanitizer and UndefinedBehaviorSanitizer
check:
	$(MAKE) BUILD=build-san OPT=-O1 \
		SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

# the same tests under ThreadSanitizer (check --all and report read,
# judge and build timelines in several threads): a race fails the test that
# met it; the tests' time limits are stretched, the programs being slower
check-threads:
	@mkdir -p build-tsan
	@if printf 'int main(void) { return 0; }\n' | \
		$(CC) -x c -fsanitize=thread -o build-tsan/probe - && build-tsan/probe; then \
		DT_TIME_SCALE=5 TSAN_OPTIONS="halt_on_error=1" $(MAKE) BUILD=build-tsan OPT=-O1 \
			SAN="-fsanitize=thread -fno-omit-frame-pointer" test; \
	else \
		echo "check-threads: ThreadSanitizer cannot run on this machine (above): skipped"; \
	fi

leakcheck: all $(UNIT_BIN)
	@BUILD=$(BUILD) VALGRIND="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99" \
		sh tests/run.sh

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr -D_GNU_SOURCE -Ilib lib hooks tools
	clang-format --dry-run -Werror lib/*.c lib/*.h hooks/*.c tools/*.c tools/*.h tests/unit/*.c

format:
	clang-format -i lib/*.c lib/*.h hooks/*.c tools/*.c tools/*.h tests/unit/*.c

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/libexec/diarist
	install -m 755 $(TOOL) $(DESTDIR)$(PREFIX)/bin/diarist
	for h in $(HOOKS); do install -m 755 $(BUILD)/hooks/$$h $(DESTDIR)$(PREFIX)/libexec/diarist/$$h; done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/diarist
	for h in $(HOOKS); do rm -f $(DESTDIR)$(PREFIX)/libexec/diarist/$$h; done
	-rmdir $(DESTDIR)$(PREFIX)/libexec/diarist 2>/dev/null

bench: all
	sh bench/commit-msg.sh
	sh bench/post-commit.sh
	sh bench/pre-push.sh
	sh bench/check-all.sh
	sh bench/status-report.sh

clean:
	rm -rf build build-san build-tsan build-fuzz

# libFuzzer targets (clang); FUZZ_SECONDS per target
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
build-fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(wildcard lib/*.h) tests/diaryedit_check.h
	@mkdir -p build-fuzz
	clang $(WARN) -D_GNU_SOURCE -pthread -g -O1 -fsanitize=fuzzer,address,undefined -Ilib \
		$(PCRE2_CFLAGS) $(YAML_CFLAGS) $(LIBGIT2_CFLAGS) -o $@ $< $(LIB_SRC) $(RUNTIME_LIBS) \
		$(LIBGIT2_LIBS)

fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do mkdir -p build-fuzz/corpus-$$(basename $$t); \
		$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build-fuzz/corpus-$$(basename $$t) tests/data || exit 1; done
