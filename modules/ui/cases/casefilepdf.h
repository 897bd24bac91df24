#pragma once

#include "ui/cases/casedirectory.h"
#include "ui/cases/casefile.h"

#include <QCoreApplication>
#include <QImage>

namespace cg {

class Session;

// The printed case file (案卷) as a PDF: title, facts, deadlines, hotline ticket, location map, timeline and
// photos, in A4 pages with a CJK font so that Chinese text prints and can be searched.
class CaseFilePdf
{
    Q_DECLARE_TR_FUNCTIONS(cg::CaseFilePdf)
public:
    struct Content
    {
        CaseSnapshot snapshot;
        QList<QImage> photos; // full size, parallel to snapshot.photos (null: missing)
        QImage map;
        QString printedBy;
        QDateTime printedAt;
    };

    // Writes `content` to `path` (all or nothing); returns the number of pages. Any thread.
    static Result<int> write(const QString &path, const Content &content, const CaseDirectory &directory);
    // Store thread: reads the photos and draws the map of `snapshot`, then writes.
    static Result<int> exportCaseFile(Session &session, const QString &path, const CaseSnapshot &snapshot,
                                      const CaseDirectory &directory, const QString &printedBy);
    // The font families tried for the text, CJK first.
    static QStringList fontFamilies();
};

} // namespace cg
