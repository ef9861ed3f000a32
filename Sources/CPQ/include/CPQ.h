#ifndef DIMS_CPQ_H
#define DIMS_CPQ_H

// libpq's types and constants come from Debian's libpq-dev header; its code is loaded at first use
// (dlopen of libpq.so.5), so programs that never talk to PostgreSQL do not pay for loading it and its
// dependencies (OpenSSL, Kerberos, LDAP) at start-up.
#include <postgresql/libpq-fe.h>
#include <stddef.h>

/// Loads libpq once per process; returns 1 when it is usable, else 0 with the reason in `error`.
int dims_pq_load(char *error, size_t size);

// One forwarding function per libpq call dims makes; each calls the symbol `dims_pq_load` resolved.
PGconn *dims_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname);
ConnStatusType dims_PQstatus(const PGconn *conn);
char *dims_PQerrorMessage(const PGconn *conn);
void dims_PQfinish(PGconn *conn);
char *dims_PQhost(const PGconn *conn);
char *dims_PQport(const PGconn *conn);
int dims_PQserverVersion(const PGconn *conn);
PGresult *dims_PQexec(PGconn *conn, const char *query);
PGresult *dims_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                            const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat);
ExecStatusType dims_PQresultStatus(const PGresult *res);
char *dims_PQresultErrorMessage(const PGresult *res);
char *dims_PQresultErrorField(const PGresult *res, int fieldcode);
void dims_PQclear(PGresult *res);
int dims_PQntuples(const PGresult *res);
int dims_PQnfields(const PGresult *res);
char *dims_PQgetvalue(const PGresult *res, int tup_num, int field_num);
int dims_PQgetlength(const PGresult *res, int tup_num, int field_num);
int dims_PQgetisnull(const PGresult *res, int tup_num, int field_num);
char *dims_PQcmdTuples(PGresult *res);
int dims_PQputCopyData(PGconn *conn, const char *buffer, int nbytes);
int dims_PQputCopyEnd(PGconn *conn, const char *errormsg);
PGresult *dims_PQgetResult(PGconn *conn);
int dims_PQsendQuery(PGconn *conn, const char *query);
PGTransactionStatusType dims_PQtransactionStatus(const PGconn *conn);
int dims_PQsocket(const PGconn *conn);
int dims_PQconsumeInput(PGconn *conn);
PGnotify *dims_PQnotifies(PGconn *conn);
void dims_PQfreemem(void *ptr);

#endif
