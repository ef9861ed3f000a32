/* The floor for the event log benchmarks: the same work done with liblmdb directly in C.
 *
 *   lmdb_floor append DIR EVENTS BATCH   durable batches doing the puts of dims's append (record, id, time and
 *                                        metric indexes, trend bucket read-modify-write, current state per batch)
 *   lmdb_floor scan DIR                  read every record and check its CRC32
 *   lmdb_floor seek DIR QUERIES          60 cursor seeks per query on a metric|time index
 */
#include <lmdb.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check(int rc, const char *what) {
    if (rc) { fprintf(stderr, "%s: %s\n", what, mdb_strerror(rc)); exit(3); }
}

static void be64(unsigned char *p, uint64_t v) { for (int i = 7; i >= 0; i--) { p[i] = v & 0xff; v >>= 8; } }

static MDB_env *open_env(const char *dir) {
    MDB_env *env;
    check(mdb_env_create(&env), "mdb_env_create");
    mdb_env_set_maxdbs(env, 8);
    mdb_env_set_mapsize(env, (size_t)8 << 30);
    check(mdb_env_open(env, dir, MDB_NOTLS, 0644), "mdb_env_open");
    return env;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: lmdb_floor append|scan|seek DIR ...\n"); return 2; }
    MDB_env *env = open_env(argv[2]);
    MDB_txn *txn; MDB_dbi events, bytime, bymetric;
    check(mdb_txn_begin(env, NULL, 0, &txn), "begin");
    check(mdb_dbi_open(txn, "events", MDB_CREATE, &events), "dbi");
    check(mdb_dbi_open(txn, "by_time", MDB_CREATE, &bytime), "dbi");
    check(mdb_dbi_open(txn, "by_metric", MDB_CREATE, &bymetric), "dbi");
    check(mdb_txn_commit(txn), "commit");

    if (strcmp(argv[1], "append") == 0) {
        /* The same puts as dims's append of a reading: the record, its id, time and metric index entries,
         * the metric's trend bucket for the day (read, extend, write), and per batch the current state of
         * each metric touched. */
        long total = argc > 3 ? atol(argv[3]) : 100000, batch = argc > 4 ? atol(argv[4]) : 1000;
        MDB_dbi byid, trend, current;
        check(mdb_txn_begin(env, NULL, 0, &txn), "begin");
        check(mdb_dbi_open(txn, "by_id", MDB_CREATE, &byid), "dbi");
        check(mdb_dbi_open(txn, "p_trend", MDB_CREATE, &trend), "dbi");
        check(mdb_dbi_open(txn, "p_current", MDB_CREATE, &current), "dbi");
        check(mdb_txn_commit(txn), "commit");
        unsigned char key[8], tkey[16], idkey[16], mkey[64], bkey[64], rec[96], bucket[4096], state[64];
        uint64_t start_us = 1672531200000000ULL, step_us = (uint64_t)(3 * 365 * 86400ULL * 1000000ULL / total);
        double start = now();
        for (long i = 0; i < total;) {
            check(mdb_txn_begin(env, NULL, 0, &txn), "begin");
            for (long j = 0; j < batch && i < total; j++, i++) {
                uint64_t seq = (uint64_t)i + 1, t = start_us + seq * step_us;
                int n = snprintf((char *)rec, sizeof rec - 4, "\x01\x01................%llu|bench@host|category%ld.metric%ld|%ld|files",
                                 (unsigned long long)t, i % 6, i % 60, 100000 + i);
                uLong crc = crc32(0, rec, n);
                memcpy(rec + n, &crc, 4);
                be64(key, seq);
                be64(idkey, (t / 1000) << 16 | 0x7000); be64(idkey + 8, seq * 2654435761ULL);
                MDB_val ik = {16, idkey}, iv;
                if (mdb_get(txn, byid, &ik, &iv) == 0) continue;
                MDB_val k = {8, key}, v = {(size_t)n + 4, rec};
                check(mdb_put(txn, events, &k, &v, MDB_APPEND), "put");
                iv.mv_size = 8; iv.mv_data = key;
                check(mdb_put(txn, byid, &ik, &iv, 0), "put id");
                be64(tkey, t); be64(tkey + 8, seq);
                MDB_val tk = {16, tkey}, tv = {0, NULL};
                check(mdb_put(txn, bytime, &tk, &tv, 0), "put time");
                int m = snprintf((char *)mkey, 32, "category%ld.metric%ld", i % 6, i % 60);
                mkey[m] = 0; be64(mkey + m + 1, t); be64(mkey + m + 9, seq);
                MDB_val mk = {(size_t)m + 17, mkey}, mv = {1, "\x01"};
                check(mdb_put(txn, bymetric, &mk, &mv, 0), "put metric");
                memcpy(bkey, mkey, m + 1); uint32_t day = (uint32_t)(t / 86400000000ULL) ^ 0x80000000u;
                bkey[m + 1] = day >> 24; bkey[m + 2] = day >> 16; bkey[m + 3] = day >> 8; bkey[m + 4] = day;
                MDB_val bk = {(size_t)m + 5, bkey}, bv;
                size_t len = 0;
                if (mdb_get(txn, trend, &bk, &bv) == 0 && bv.mv_size + 16 < sizeof bucket) { memcpy(bucket, bv.mv_data, bv.mv_size); len = bv.mv_size; }
                memcpy(bucket + len, rec + 18, 12); len += 12;
                bv.mv_size = len; bv.mv_data = bucket;
                check(mdb_put(txn, trend, &bk, &bv, 0), "put trend");
            }
            for (long c = 0; c < 60; c++) {
                int m = snprintf((char *)mkey, 32, "category%ld.metric%ld", c % 6, c);
                memset(state, (int)c, 40);
                MDB_val ck = {(size_t)m, mkey}, cv;
                mdb_get(txn, current, &ck, &cv);
                cv.mv_size = 40; cv.mv_data = state;
                check(mdb_put(txn, current, &ck, &cv, 0), "put current");
            }
            check(mdb_txn_commit(txn), "commit");
        }
        double elapsed = now() - start;
        printf("append events=%ld batch=%ld seconds=%f events_per_s=%f\n", total, batch, elapsed, total / elapsed);
    } else if (strcmp(argv[1], "scan") == 0) {
        MDB_cursor *cur; MDB_val k, v; long count = 0; unsigned long sum = 0;
        double start = now();
        check(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), "begin");
        check(mdb_cursor_open(txn, events, &cur), "cursor");
        while (mdb_cursor_get(cur, &k, &v, count ? MDB_NEXT : MDB_FIRST) == 0) {
            uLong crc = crc32(0, v.mv_data, v.mv_size - 4);
            uint32_t stored; memcpy(&stored, (char *)v.mv_data + v.mv_size - 4, 4);
            if ((uint32_t)crc != stored) sum++;
            count++;
        }
        mdb_txn_abort(txn);
        double elapsed = now() - start;
        printf("scan events=%ld bad=%lu seconds=%f events_per_s=%f\n", count, sum, elapsed, count / elapsed);
    } else if (strcmp(argv[1], "seek") == 0) {
        long queries = argc > 3 ? atol(argv[3]) : 200;
        /* Build a metric|time index once if empty: 60 metrics x 5000 points. */
        MDB_stat st; check(mdb_txn_begin(env, NULL, 0, &txn), "begin");
        mdb_stat(txn, bymetric, &st);
        if (st.ms_entries == 0) {
            unsigned char key[64];
            for (long m = 0; m < 60; m++) for (long p = 0; p < 5000; p++) {
                int n = snprintf((char *)key, 32, "category%ld.metric%ld", m % 6, m);
                key[n] = 0; be64(key + n + 1, 1700000000000000ULL + p * 3600000000ULL); be64(key + n + 9, p);
                MDB_val k = {(size_t)n + 17, key}, v = {8, key + n + 1};
                check(mdb_put(txn, bymetric, &k, &v, 0), "put");
            }
        }
        check(mdb_txn_commit(txn), "commit");
        double start = now(); unsigned long found = 0;
        for (long q = 0; q < queries; q++) {
            check(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), "begin");
            MDB_cursor *cur; check(mdb_cursor_open(txn, bymetric, &cur), "cursor");
            uint64_t t = 1700000000000000ULL + (uint64_t)(rand() % 5000) * 3600000000ULL;
            for (long m = 0; m < 60; m++) {
                unsigned char key[64];
                int n = snprintf((char *)key, 32, "category%ld.metric%ld", m % 6, m);
                key[n] = 0; be64(key + n + 1, t); be64(key + n + 9, ~0ULL);
                MDB_val k = {(size_t)n + 17, key}, v;
                if (mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE) == 0) { if (mdb_cursor_get(cur, &k, &v, MDB_PREV) == 0) found++; }
            }
            mdb_cursor_close(cur);
            mdb_txn_abort(txn);
        }
        double elapsed = now() - start;
        printf("seek queries=%ld found=%lu ms_per_query=%f\n", queries, found, elapsed * 1000 / queries);
    }
    mdb_env_close(env);
    return 0;
}
