#ifndef RAW_SQLITE_H
#define RAW_SQLITE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest rowid of `table` in the SQLite database at `path`, read on a read-only connection
 * opened for this call (a WAL reader never blocks the writer it watches). 0 when the file or the
 * table does not exist yet or is empty; -1 on any other error. The intake benchmark polls a
 * journal with it to time how far a process has got, without asking the process. */
int64_t raw_sqlite_max_rowid(const char *path, const char *table);

#ifdef __cplusplus
}
#endif

#endif
