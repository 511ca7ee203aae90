/* profile-libs.c - the tables of libseccomp and json-c (profile-libs.h). */
#include "profile-libs.h"

#include "dl.h"
#include "profile.h"

#include <errno.h>

#define DEFINE_SYM(name) __typeof__(&(name)) sym_##name;
PROFILE_LIBSECCOMP_SYMS(DEFINE_SYM)
PROFILE_JSONC_SYMS(DEFINE_SYM)

#define TABLE_ENTRY(name) DL_SYM(name),
static const DlSym seccomp_syms[] = {PROFILE_LIBSECCOMP_SYMS(TABLE_ENTRY)};
static const DlSym jsonc_syms[] = {PROFILE_JSONC_SYMS(TABLE_ENTRY)};

/* The sonames of Debian's libseccomp2 and libjson-c5, as their headers are. */
static DlLib libseccomp = DL_LIB("libseccomp.so.2", seccomp_syms);
static DlLib libjsonc = DL_LIB("libjson-c.so.5", jsonc_syms);

DL_NOTE(seccomp_note, "[{\"feature\":\"seccomp-profile\",\"description\":\"compiling "
		      "--seccomp-profile, --allow-connect and --allow-bind "
		      "filters\",\"priority\":\"recommended\",\"soname\":[\"libseccomp.so.2\"]}]");
DL_NOTE(jsonc_note,
	"[{\"feature\":\"seccomp-profile-json\",\"description\":\"reading and "
	"printing OCI seccomp profiles (--seccomp-profile FILE, "
	"--print-seccomp-profile)\",\"priority\":\"recommended\",\"soname\":[\"libjson-c."
	"so.5\"]}]");

int profile_libs_load(const char *option, bool json)
{
	if (dl_load(&libseccomp, option) < 0)
		return -ENOTSUP;
	if (json && dl_load(&libjsonc, option) < 0)
		return -ENOTSUP;
	return 0;
}
