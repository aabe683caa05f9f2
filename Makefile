# clause: a technology-clause tracker for collective bargaining.
#
#   make            build ./clause
#   make check      install what is missing, build, run every test
#   make demo       install what is missing, build, run the tool on clauses/
#   make install    PREFIX=/usr/local DESTDIR= (binary, man pages, schemas)
#   make check SANITIZE=1   the same tests on a build with ASan and UBSan
#   make LINK=dynamic       link the shared libraries instead (see LINK)
#   make fuzz FUZZ_SECONDS=N    run each libFuzzer harness of tests/fuzz/
#                           for N seconds (clang; see tests/fuzz/README)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/clause
PKG_CONFIG ?= pkg-config
CC ?= cc
VERSION = 0.1.0

# Debian packages the build and the tests need (see make deps).
DEB_PACKAGES = build-essential pkg-config libgit2-dev libxml2-dev \
	libsqlite3-dev check libxml2-utils git mandoc python3 time sqlite3 \
	chromium poppler-utils lighttpd lighttpd-mod-openssl bsdutils \
	openssh-client openssh-server libssl-dev libkrb5-dev liblzma-dev \
	libmimalloc-dev strace libzip-dev libpoppler-glib-dev libcmark-dev \
	libreoffice-writer-nogui python3-docx qpdf python3-uno \
	libmicrohttpd-dev curl wrk

# The fuzzing harnesses (make fuzz) and the programs that replay their
# inputs in make check.
FUZZ_HARNESSES = doc taxonomy query wdiff merge import serve
FUZZ_PACKAGES = clang-14 libclang-rt-14-dev llvm-14
FUZZ_SECONDS ?= 60

ifeq ($(FUZZ),1)
BUILD = build/fuzz
CC = clang-14
SAN = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
OPT = -O1 -g
else ifeq ($(SANITIZE),1)
BUILD = build/asan
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT = -O1 -g
else ifeq ($(LINK),dynamic)
BUILD = build/dynamic
SAN =
OPT = -O2 -g
else
BUILD = build/release
SAN =
OPT = -O2 -g
endif

PKGS = libgit2 libxml-2.0 sqlite3 libcmark
# libzip and poppler-glib are opened by clause import when a file needs
# them, libmicrohttpd by clause serve (src/util/dl.h says why): their
# headers only, and their sonames.
DL_PKGS = libzip poppler-glib libmicrohttpd
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
soname = $(shell objdump -p $(shell $(PKG_CONFIG) --variable=libdir $(1) \
	2>/dev/null)/lib$(2).so 2>/dev/null | awk '/SONAME/ { print $$2 }')
DL_SONAMES := $(addprefix -D,$(filter-out %=\"\",\
	IMPORT_LIBZIP_SONAME=\"$(call soname,libzip,zip)\" \
	IMPORT_POPPLER_SONAME=\"$(call soname,poppler-glib,poppler-glib)\" \
	SERVE_MHD_SONAME=\"$(call soname,libmicrohttpd,microhttpd)\"))
# LINK=static (the default) links libgit2, libxml2, SQLite and what they
# need from the static archives of Debian's -dev packages: started
# against 26 shared objects, every command spent ~2.5 ms (two thirds of
# its start-up instructions) in the dynamic loader's relocations, more
# than a search's own work.  Only libc, libstdc++'s runtime and Kerberos
# (no static archive in Debian) stay shared.  LINK=dynamic links the
# shared libraries, as a distribution package would; sanitizer builds
# always do.
LINK ?= static
ifneq ($(SANITIZE)$(FUZZ),)
LINK = dynamic
endif
# libxml2 allocates from mimalloc (src/doc/xml.c, clause_xml_init): a
# whole-library diff's threads build and free the XML trees of thousands
# of documents, and glibc's allocator took a fifth of its time.  libc
# is named first, so that mimalloc does not replace malloc everywhere
# (its start-up would cost every search).  Not under the sanitizers,
# which bring their own allocator.
ifeq ($(SANITIZE)$(FUZZ),)
MIMALLOC_LIBS = -lc -lmimalloc
MIMALLOC_CFLAGS = -DCLAUSE_MIMALLOC
endif
ifeq ($(LINK),static)
STATIC_LIBS = $(filter-out -lm -lrt -ldl -lpthread,\
	$(shell $(PKG_CONFIG) --static --libs-only-l $(PKGS) 2>/dev/null))
# Start-up of libgit2's TLS and SSH deferred until used: src/git/gitinit.c.
GIT_WRAPS = git_mbedtls_stream_global_init git_mbedtls__set_cert_location \
	git_mbedtls_stream_new git_mbedtls_stream_wrap \
	git_transport_ssh_global_init git_smart_subtransport_ssh
PKG_LIBS = $(MIMALLOC_LIBS) $(foreach f,$(GIT_WRAPS),-Wl,--wrap=$(f)) -Wl,-Bstatic \
	$(STATIC_LIBS) -lcrypto -lstdc++ -Wl,-Bdynamic -lgssapi_krb5 \
	-lm -lpthread -ldl -lrt
LINK_CFLAGS = -DCLAUSE_STATIC $(MIMALLOC_CFLAGS)
else
PKG_LIBS = $(MIMALLOC_LIBS) $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lm
LINK_CFLAGS = $(MIMALLOC_CFLAGS)
endif
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

WARN = -Wall -Wextra -Wno-missing-field-initializers
ALL_CFLAGS = -std=gnu11 $(OPT) $(WARN) $(SAN) -D_GNU_SOURCE \
	-DCLAUSE_VERSION='"$(VERSION)"' $(DL_SONAMES) $(LINK_CFLAGS) $(SRC_INCLUDES) $(PKG_CFLAGS) \
	$(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# The library's sources, one folder a layer (README: "What is in this
# repository"); main.c alone stays out of libclause.a.
SRC_DIRS = src/cmd src/serve src/board src/export src/merge src/index src/diff src/import src/git \
	src/doc src/util
SRC_INCLUDES = -Isrc
LIB_SRC = $(wildcard $(addsuffix /*.c,$(SRC_DIRS)))
LIB_OBJ = $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/schemas.o
SCHEMAS = schemas/clause.xsd schemas/taxonomy.xsd schemas/taxonomy.xml
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(patsubst tests/unit/%.c,$(BUILD)/unit/%.o,$(UNIT_SRC))
MAN1 = $(wildcard man/*.1)
MAN5 = $(wildcard man/*.5)

.PHONY: all check demo deps install uninstall clean lint-man bench fuzz

all: clause

clause: $(BUILD)/clause
	cp $< $@

$(BUILD)/clause: $(BUILD)/main.o $(BUILD)/libclause.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/libclause.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: src/%.c | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MD -MP -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(BUILD)
	$(CC) -O1 -o $@ $<

$(BUILD)/schemas.c: $(BUILD)/embed $(SCHEMAS)
	$(BUILD)/embed clause_schema_clause_xsd schemas/clause.xsd \
		clause_schema_taxonomy_xsd schemas/taxonomy.xsd \
		clause_schema_taxonomy_xml schemas/taxonomy.xml > $@.tmp && mv $@.tmp $@

$(BUILD)/schemas.o: $(BUILD)/schemas.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c | $(BUILD)/unit
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -MD -MP -c -o $@ $<

$(BUILD)/check_clause: $(UNIT_OBJ) $(BUILD)/libclause.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CHECK_LIBS)

$(BUILD) $(BUILD)/unit:
	mkdir -p $@

# tests/fuzz/: each harness linked with libFuzzer (make fuzz), or with
# replay.c into a program make check runs over the seeds and regress/.
FUZZ_REPLAYS = $(addprefix $(BUILD)/fuzz/replay_,$(FUZZ_HARNESSES))

$(BUILD)/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MD -MP -c -o $@ $<

# (gitinit.o by name: the static libgit2 calls the wrappers it defines.)
FUZZ_OBJ = $(BUILD)/fuzz/common.o $(BUILD)/git/gitinit.o $(BUILD)/libclause.a

$(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/fuzz_%.o $(FUZZ_OBJ)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

$(BUILD)/fuzz/replay_%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/replay.o $(FUZZ_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The harnesses' objects are made by a pattern rule only: kept, not
# deleted as intermediates after linking (with their .d files).
.PRECIOUS: $(BUILD)/fuzz/%.o

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)

# Install the Debian packages that are missing (as root), or say how.
deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

check: deps
	@$(MAKE) --no-print-directory $(BUILD)/clause $(BUILD)/check_clause \
		$(FUZZ_REPLAYS)
	@CLAUSE=$(CURDIR)/$(BUILD)/clause UNIT=$(CURDIR)/$(BUILD)/check_clause \
		FUZZ_REPLAY=$(CURDIR)/$(BUILD)/fuzz SANITIZE=$(SANITIZE) sh tests/run

# Fuzzing (not part of check): every harness for FUZZ_SECONDS each.
fuzz:
	@sh tools/deps.sh $(DEB_PACKAGES) $(FUZZ_PACKAGES)
	@$(MAKE) --no-print-directory FUZZ=1 \
		$(addprefix build/fuzz/fuzz/fuzz_,$(FUZZ_HARNESSES))
	@sh tools/fuzz.sh build/fuzz/fuzz $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

demo: deps
	@$(MAKE) --no-print-directory clause
	@sh tools/demo.sh $(CURDIR)/clause

# Benchmarks (not part of check): make bench, or make bench N=200 for a
# small run in seconds.  N agreements of M clauses, R rounds.
N ?= 2000
M ?= 50
R ?= 5
bench: deps
	@$(MAKE) --no-print-directory clause
	@python3 tests/bench/bench.py --agreements $(N) --clauses $(M) --rounds $(R)

lint-man:
	mandoc -T lint -W warning $(MAN1) $(MAN5)

install: clause
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/schemas
	install -m 755 clause $(DESTDIR)$(BINDIR)/clause
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(SCHEMAS) $(DESTDIR)$(DATADIR)/schemas/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/clause
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(MAN5)))
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build clause
