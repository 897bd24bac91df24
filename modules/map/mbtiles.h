#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace cg {

// MBTiles 1.3 files (SQLite): offline basemaps. Tiles are stored in TMS order (row 0 at the south); these
// functions take XYZ rows (row 0 at the north) and flip them. Each call opens the file read-only for itself,
// so any thread may call them.
namespace MbTiles {

// The tile's image bytes (PNG, JPEG or WebP); NotFound when the file has no such tile.
Result<QByteArray> readTile(const QString &path, int z, int x, int y);
// Creates (or opens) a file with the MBTiles tables and metadata `name`/`format`, for tools and tests.
Status create(const QString &path, const QString &name, const QString &format = QStringLiteral("png"));
Status writeTile(const QString &path, int z, int x, int y, const QByteArray &data);

} // namespace MbTiles

} // namespace cg
