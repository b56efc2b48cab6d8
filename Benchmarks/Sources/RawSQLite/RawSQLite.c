#include "RawSQLite.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

int64_t raw_sqlite_max_rowid(const char *path, const char *table) {
    if (access(path, F_OK) != 0) {
        return 0;
    }
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return 0;
    }
    sqlite3_busy_timeout(db, 1000);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(rowid), 0) FROM \"%s\"", table);
    sqlite3_stmt *statement = NULL;
    int64_t result = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) == SQLITE_OK) {
        int step = sqlite3_step(statement);
        result = step == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    }
    /* A table not created yet fails to prepare: nothing journaled so far. */
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return result;
}
