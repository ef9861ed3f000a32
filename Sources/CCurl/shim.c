// Loads libcurl with dlopen on first use, so that a run that makes no request maps none of the libraries
// behind it (TLS, Kerberos, LDAP, SSH ...). The typed shims are `static inline` in include/shim.h.
#include "shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct dims_curl_functions dims_curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure;
static char message[768];

#ifdef __APPLE__
static const char *const sonames[] = {"libcurl.4.dylib", NULL};
#else
static const char *const sonames[] = {"libcurl.so.4", "libcurl-gnutls.so.4", NULL};
#endif

static void *resolve(void *library, const char *name) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && failure == NULL) {
        snprintf(message, sizeof message, "libcurl has no function '%s': %s", name, dlerror());
        failure = message;
    }
    return symbol;
}

static void load(void) {
    const char *chosen = getenv("DIMS_LIBCURL");
    void *library = NULL;
    const char *tried = chosen;
    if (chosen != NULL && chosen[0] != '\0') {
        library = dlopen(chosen, RTLD_NOW | RTLD_LOCAL);
    } else {
        for (int i = 0; library == NULL && sonames[i] != NULL; i++) {
            tried = sonames[i];
            library = dlopen(tried, RTLD_NOW | RTLD_LOCAL);
        }
        tried = sonames[0];
    }
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(message, sizeof message,
                 "libcurl is needed for network requests but cannot be loaded ('%s': %s); "
                 "install it (Debian and Ubuntu: apt-get install libcurl4) or set DIMS_LIBCURL to its path",
                 tried, reason != NULL ? reason : "not found");
        failure = message;
        return;
    }
    struct dims_curl_functions f;
    f.global_init = (CURLcode (*)(long))resolve(library, "curl_global_init");
    f.easy_init = (CURL * (*)(void)) resolve(library, "curl_easy_init");
    f.easy_cleanup = (void (*)(CURL *))resolve(library, "curl_easy_cleanup");
    f.easy_reset = (void (*)(CURL *))resolve(library, "curl_easy_reset");
    f.easy_perform = (CURLcode (*)(CURL *))resolve(library, "curl_easy_perform");
    f.easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))resolve(library, "curl_easy_setopt");
    f.easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))resolve(library, "curl_easy_getinfo");
    f.easy_strerror = (const char *(*)(CURLcode))resolve(library, "curl_easy_strerror");
    f.slist_append = (struct curl_slist * (*)(struct curl_slist *, const char *)) resolve(library, "curl_slist_append");
    f.slist_free_all = (void (*)(struct curl_slist *))resolve(library, "curl_slist_free_all");
    if (failure != NULL) return;
    CURLcode code = f.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(message, sizeof message, "curl_global_init failed: %s", f.easy_strerror(code));
        failure = message;
        return;
    }
    dims_curl = f;
}

const char *dims_curl_load(void) {
    pthread_once(&once, load);
    return failure;
}
