/* dl.h - shared libraries loaded on demand. A library an option needs
 * (libseccomp for --seccomp-profile, libselinux for --exec-label, ...) is
 * dlopen()ed when that option is used, in the parent and before the
 * sandbox's root replaces the host's, so that other runs never map it and
 * bwrap never loads code from the sandbox. Each library is one DlLib: its
 * soname and a table of symbol names -> the function pointers to fill.
 *
 * Packagers see the libraries in the binary's ELF ".note.dlopen" notes
 * (https://systemd.io/ELF_DLOPEN_METADATA/), written with DL_NOTE. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	const char *name; /* the symbol */
	void *slot; /* a function pointer variable, filled by dl_load */
} DlSym;

typedef struct {
	const char *soname; /* "libseccomp.so.2" */
	const DlSym *syms;
	size_t n_syms;
	/* state, zero before the first dl_load */
	void *handle;
	int error; /* the -errno of a failed load, returned again */
} DlLib;

/* The entry for function NAME, loaded into the variable sym_NAME (declared
 * as "static __typeof__(&NAME) sym_NAME;" next to the table). */
#define DL_SYM(name)                                                                               \
	{                                                                                          \
#name, &sym_##name                                                                 \
	}

/* A library with its table (an array of DlSym). */
#define DL_LIB(so, table)                                                                          \
	{                                                                                          \
		.soname = (so), .syms = (table), .n_syms = sizeof(table) / sizeof((table)[0])      \
	}

/* Load lib and fill every slot of its table, once: 0, or -ENOTSUP after
 * logging "bwrap: OPTION: cannot load SONAME: <why>" (a later call for the
 * same library fails the same way without logging again). No slot is set
 * unless all symbols resolve. */
/* With option NULL, nothing is logged: for a caller that goes on without
 * the library (libsystemd: no systemd to ask). */
int dl_load(DlLib *lib, const char *option);
bool dl_loaded(const DlLib *lib);

/* The note types of the convention: owner "FDO", type 0x407c0c0a, the
 * payload a JSON array of {"soname": [...], "feature", "description",
 * "priority"} objects. */
#define DL_NOTE_TYPE 0x407c0c0au

#define DL_NOTE_PAD4(n) (((n) + 3) & ~(size_t)3)
/* One note in .note.dlopen with the JSON text json (a string literal,
 * NUL-terminated in the note as the convention's readers expect; it cannot
 * be parenthesised where it initialises the array). */
/* AddressSanitizer (clang's) pads globals with red zones and aligns them to
 * 32 bytes: the notes must stay packed, so they are left out of it. */
#if defined(__clang__)
#define DL_NOTE_NO_ASAN __attribute__((no_sanitize("address")))
#else
#define DL_NOTE_NO_ASAN
#endif
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define DL_NOTE(id, json)                                                                          \
	DL_NOTE_NO_ASAN                                                                            \
	__attribute__((used, section(".note.dlopen"), aligned(4))) static const struct {           \
		uint32_t namesz, descsz, type;                                                     \
		char name[4];                                                                      \
		char desc[DL_NOTE_PAD4(sizeof(json))];                                             \
	} id = {4, sizeof(json), DL_NOTE_TYPE, "FDO", json}
/* NOLINTEND(bugprone-macro-parentheses) */
