#include "map/mbtiles.h"

#include <QFile>

#include <sqlite3.h>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace cg::MbTiles {

namespace {

struct Closer
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
struct Finalizer
{
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, Closer>;
using Stmt = std::unique_ptr<sqlite3_stmt, Finalizer>;

Result<Db> openDb(const QString &path, bool write)
{
    sqlite3 *raw = nullptr;
    const int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    const int rc =
        sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK)
        return makeError(ErrorCode::Io,
                         u"%1: cannot open the MBTiles file: %2"_s.arg(
                             path, QString::fromUtf8(raw ? sqlite3_errmsg(raw) : "out of memory")));
    return db;
}

Error sqlError(const QString &path, sqlite3 *db)
{
    return makeError(ErrorCode::Io, u"%1: %2"_s.arg(path, QString::fromUtf8(sqlite3_errmsg(db))));
}

Status exec(const QString &path, sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlError(path, db);
    return {};
}

} // namespace

Result<QByteArray> readTile(const QString &path, int z, int x, int y)
{
    auto db = openDb(path, false);
    if (!db)
        return db.error();
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(
            db->get(),
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?", -1, &raw,
            nullptr) != SQLITE_OK)
        return sqlError(path, db->get());
    Stmt stmt(raw);
    sqlite3_bind_int(raw, 1, z);
    sqlite3_bind_int(raw, 2, x);
    sqlite3_bind_int(raw, 3, (1 << z) - 1 - y);
    const int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE)
        return makeError(ErrorCode::NotFound, u"%1: no tile %2/%3/%4"_s.arg(path).arg(z).arg(x).arg(y));
    if (rc != SQLITE_ROW)
        return sqlError(path, db->get());
    const void *blob = sqlite3_column_blob(raw, 0);
    const int size = sqlite3_column_bytes(raw, 0);
    return QByteArray(static_cast<const char *>(blob), size);
}

Status create(const QString &path, const QString &name, const QString &format)
{
    auto db = openDb(path, true);
    if (!db)
        return db.error();
    if (auto s = exec(
            path, db->get(),
            "CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);"
            "CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            "tile_data BLOB);"
            "CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);");
        !s)
        return s;
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db->get(), "INSERT INTO metadata (name, value) VALUES (?, ?)", -1, &raw,
                           nullptr) != SQLITE_OK)
        return sqlError(path, db->get());
    Stmt stmt(raw);
    const QByteArray pairs[][2] = {
        {"name", name.toUtf8()}, {"format", format.toUtf8()}, {"type", "baselayer"}};
    for (const auto &pair : pairs) {
        sqlite3_reset(raw);
        sqlite3_bind_text(raw, 1, pair[0].constData(), int(pair[0].size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(raw, 2, pair[1].constData(), int(pair[1].size()), SQLITE_TRANSIENT);
        if (sqlite3_step(raw) != SQLITE_DONE)
            return sqlError(path, db->get());
    }
    return {};
}

Status writeTile(const QString &path, int z, int x, int y, const QByteArray &data)
{
    auto db = openDb(path, true);
    if (!db)
        return db.error();
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db->get(),
                           "INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) "
                           "VALUES (?, ?, ?, ?)",
                           -1, &raw, nullptr) != SQLITE_OK)
        return sqlError(path, db->get());
    Stmt stmt(raw);
    sqlite3_bind_int(raw, 1, z);
    sqlite3_bind_int(raw, 2, x);
    sqlite3_bind_int(raw, 3, (1 << z) - 1 - y);
    sqlite3_bind_blob(raw, 4, data.constData(), int(data.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(raw) != SQLITE_DONE)
        return sqlError(path, db->get());
    return {};
}

} // namespace cg::MbTiles
