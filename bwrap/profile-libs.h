/* profile-libs.h - libseccomp and json-c, loaded on demand (dl.h) for the
 * seccomp profiles: libseccomp compiles them (--seccomp-profile,
 * --allow-connect, --allow-bind), json-c reads and prints their JSON
 * (profile files, --print-seccomp-profile). bwrap does not link either:
 * their functions are called through the sym_NAME pointers declared here,
 * which profile_libs_load() fills. A call of the plain NAME fails to link. */
#pragma once

#include <json.h>
#include <seccomp.h>

#define PROFILE_LIBSECCOMP_SYMS(X)                                                                 \
	X(seccomp_arch_add)                                                                        \
	X(seccomp_arch_native)                                                                     \
	X(seccomp_arch_remove)                                                                     \
	X(seccomp_arch_resolve_name)                                                               \
	X(seccomp_attr_set)                                                                        \
	X(seccomp_export_bpf)                                                                      \
	X(seccomp_init)                                                                            \
	X(seccomp_release)                                                                         \
	X(seccomp_rule_add_array)                                                                  \
	X(seccomp_syscall_resolve_name)                                                            \
	X(seccomp_syscall_resolve_name_rewrite)

#define PROFILE_JSONC_SYMS(X)                                                                      \
	X(json_object_array_add)                                                                   \
	X(json_object_array_get_idx)                                                               \
	X(json_object_array_length)                                                                \
	X(json_object_get_int64)                                                                   \
	X(json_object_get_object)                                                                  \
	X(json_object_get_string)                                                                  \
	X(json_object_get_type)                                                                    \
	X(json_object_get_uint64)                                                                  \
	X(json_object_is_type)                                                                     \
	X(json_object_new_array)                                                                   \
	X(json_object_new_int)                                                                     \
	X(json_object_new_object)                                                                  \
	X(json_object_new_string)                                                                  \
	X(json_object_new_uint64)                                                                  \
	X(json_object_object_add)                                                                  \
	X(json_object_object_get_ex)                                                               \
	X(json_object_put)                                                                         \
	X(json_object_to_json_string_ext)                                                          \
	X(json_tokener_error_desc)                                                                 \
	X(json_tokener_free)                                                                       \
	X(json_tokener_get_error)                                                                  \
	X(json_tokener_get_parse_end)                                                              \
	X(json_tokener_new)                                                                        \
	X(json_tokener_parse_ex)                                                                   \
	X(json_type_to_name)

#define PROFILE_LIBS_DECLARE(name) extern __typeof__(&(name)) sym_##name;
PROFILE_LIBSECCOMP_SYMS(PROFILE_LIBS_DECLARE)
PROFILE_JSONC_SYMS(PROFILE_LIBS_DECLARE)
#undef PROFILE_LIBS_DECLARE

/* profile_libs_load() is declared in profile.h. */
