// libcurl's declarations only: dims does not link libcurl, it loads it when a request needs it (CCurl's shim.h).
#include <curl/curl.h>
