#ifndef DIMS_CCURL_SHIM_H
#define DIMS_CCURL_SHIM_H

#include <curl/curl.h>

/// The shape of libcurl's write and header callbacks.
typedef size_t (*dims_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

/// The libcurl functions dims calls, resolved from the shared library by `dims_curl_load`.
struct dims_curl_functions {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    void (*easy_reset)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
};

/// Filled by the first successful `dims_curl_load`; every shim below calls through it.
extern struct dims_curl_functions dims_curl;

/// Loads libcurl once (`DIMS_LIBCURL`, or the SONAME `libcurl.so.4`, then `libcurl-gnutls.so.4`) and runs
/// `curl_global_init`. Returns NULL on success, or why it failed; safe to call from any thread, any number of times.
const char *dims_curl_load(void);

// Typed shims over libcurl's functions, one per argument type for the variadic ones.

static inline CURL *dims_curl_easy_init(void) { return dims_curl.easy_init(); }
static inline void dims_curl_easy_cleanup(CURL *handle) { dims_curl.easy_cleanup(handle); }
static inline void dims_curl_easy_reset(CURL *handle) { dims_curl.easy_reset(handle); }
static inline CURLcode dims_curl_easy_perform(CURL *handle) { return dims_curl.easy_perform(handle); }
static inline const char *dims_curl_easy_strerror(CURLcode code) { return dims_curl.easy_strerror(code); }

static inline struct curl_slist *dims_curl_slist_append(struct curl_slist *list, const char *string) {
    return dims_curl.slist_append(list, string);
}

static inline void dims_curl_slist_free_all(struct curl_slist *list) { dims_curl.slist_free_all(list); }

static inline CURLcode dims_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return dims_curl.easy_setopt(handle, option, value);
}

static inline CURLcode dims_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return dims_curl.easy_setopt(handle, option, value);
}

static inline CURLcode dims_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return dims_curl.easy_setopt(handle, option, value);
}

static inline CURLcode dims_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return dims_curl.easy_setopt(handle, option, value);
}

static inline CURLcode dims_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return dims_curl.easy_setopt(handle, option, value);
}

static inline CURLcode dims_curl_easy_setopt_callback(CURL *handle, CURLoption option, dims_curl_data_callback value) {
    return dims_curl.easy_setopt(handle, option, value);
}

static inline CURLcode dims_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return dims_curl.easy_getinfo(handle, info, value);
}

static inline CURLcode dims_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return dims_curl.easy_getinfo(handle, info, value);
}

static inline CURLcode dims_curl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return dims_curl.easy_getinfo(handle, info, value);
}

#endif
