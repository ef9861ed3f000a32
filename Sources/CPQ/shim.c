#include "CPQ.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define DIMS_PQ_FUNCTIONS(X) \
    X(PQconnectdbParams) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQhost) X(PQport) X(PQserverVersion) \
    X(PQexec) X(PQexecParams) X(PQresultStatus) X(PQresultErrorMessage) X(PQresultErrorField) X(PQclear) \
    X(PQntuples) X(PQnfields) X(PQgetvalue) X(PQgetlength) X(PQgetisnull) X(PQcmdTuples) X(PQputCopyData) \
    X(PQputCopyEnd) X(PQgetResult) X(PQsocket) X(PQconsumeInput) X(PQnotifies) X(PQfreemem) \
    X(PQsendQuery) X(PQtransactionStatus)

#define DIMS_PQ_POINTER(name) static __typeof__(name) *p_##name;
DIMS_PQ_FUNCTIONS(DIMS_PQ_POINTER)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void load(void) {
    void *handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(failure, sizeof failure, "cannot load libpq (install libpq5): %s", dlerror());
        return;
    }
#define DIMS_PQ_RESOLVE(name) \
    p_##name = (__typeof__(name) *)dlsym(handle, #name); \
    if (!p_##name) { snprintf(failure, sizeof failure, "libpq has no %s", #name); return; }
    DIMS_PQ_FUNCTIONS(DIMS_PQ_RESOLVE)
}

int dims_pq_load(char *error, size_t size) {
    pthread_once(&once, load);
    if (failure[0] == 0) return 1;
    if (error && size > 0) snprintf(error, size, "%s", failure);
    return 0;
}

PGconn *dims_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    return p_PQconnectdbParams(keywords, values, expand_dbname);
}
ConnStatusType dims_PQstatus(const PGconn *conn) { return p_PQstatus(conn); }
char *dims_PQerrorMessage(const PGconn *conn) { return p_PQerrorMessage(conn); }
void dims_PQfinish(PGconn *conn) { p_PQfinish(conn); }
char *dims_PQhost(const PGconn *conn) { return p_PQhost(conn); }
char *dims_PQport(const PGconn *conn) { return p_PQport(conn); }
int dims_PQserverVersion(const PGconn *conn) { return p_PQserverVersion(conn); }
PGresult *dims_PQexec(PGconn *conn, const char *query) { return p_PQexec(conn, query); }
PGresult *dims_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                            const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat) {
    return p_PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat);
}
ExecStatusType dims_PQresultStatus(const PGresult *res) { return p_PQresultStatus(res); }
char *dims_PQresultErrorMessage(const PGresult *res) { return p_PQresultErrorMessage(res); }
char *dims_PQresultErrorField(const PGresult *res, int fieldcode) { return p_PQresultErrorField(res, fieldcode); }
void dims_PQclear(PGresult *res) { p_PQclear(res); }
int dims_PQntuples(const PGresult *res) { return p_PQntuples(res); }
int dims_PQnfields(const PGresult *res) { return p_PQnfields(res); }
char *dims_PQgetvalue(const PGresult *res, int tup_num, int field_num) { return p_PQgetvalue(res, tup_num, field_num); }
int dims_PQgetlength(const PGresult *res, int tup_num, int field_num) { return p_PQgetlength(res, tup_num, field_num); }
int dims_PQgetisnull(const PGresult *res, int tup_num, int field_num) { return p_PQgetisnull(res, tup_num, field_num); }
char *dims_PQcmdTuples(PGresult *res) { return p_PQcmdTuples(res); }
int dims_PQputCopyData(PGconn *conn, const char *buffer, int nbytes) { return p_PQputCopyData(conn, buffer, nbytes); }
int dims_PQputCopyEnd(PGconn *conn, const char *errormsg) { return p_PQputCopyEnd(conn, errormsg); }
PGresult *dims_PQgetResult(PGconn *conn) { return p_PQgetResult(conn); }
int dims_PQsocket(const PGconn *conn) { return p_PQsocket(conn); }
int dims_PQconsumeInput(PGconn *conn) { return p_PQconsumeInput(conn); }
PGnotify *dims_PQnotifies(PGconn *conn) { return p_PQnotifies(conn); }
void dims_PQfreemem(void *ptr) { p_PQfreemem(ptr); }
int dims_PQsendQuery(PGconn *conn, const char *query) { return p_PQsendQuery(conn, query); }
PGTransactionStatusType dims_PQtransactionStatus(const PGconn *conn) { return p_PQtransactionStatus(conn); }
