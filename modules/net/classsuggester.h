#pragma once

#include "core/catalogue.h"

#include <QList>
#include <QString>

namespace cg {

struct ClassSuggestion
{
    CatalogueKey key;
    QString name;
    double score = 0; // 0..1: share of the class name's character pairs found in the text (1: whole name)
};

// Suggests a catalogue class for a free text (a hotline ticket) for the acceptor to confirm: the event
// classes' names, cut into character pairs, plus a small table of the words callers use for them. Never
// decides alone.
class ClassSuggester
{
public:
    explicit ClassSuggester(const Catalogue &catalogue);
    // Best first; empty when nothing matches at all.
    QList<ClassSuggestion> suggest(const QString &text, int count = 3) const;

private:
    struct Entry
    {
        CatalogueKey key;
        QString name;
        QStringList terms; // the normalised name and callers' words
    };
    QList<Entry> mEntries;
};

} // namespace cg
