// Shared by the case dock's widget tests: a demo store in a temporary folder, its users, and helpers that act
// on cases in the store thread and wait for the GUI.
#pragma once

#include "session/sessionthread.h"
#include "ui/cases/actionform.h"
#include "ui/cases/casedock.h"

#include <QColor>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace cg::test {

using namespace Qt::Literals::StringLiterals;

inline constexpr int WaitMs = 60000;

template<typename T>
T waitFor(QFuture<T> future)
{
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), WaitMs);
    }();
    return future.result();
}

// A photo with a caption, as a camera would give it (JPEG).
inline QString makePhoto(const QString &path, const QColor &colour, const QString &caption,
                         QSize size = {1600, 1200})
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QPainter p(&image);
    p.setPen(QPen(colour.darker(160), 18));
    for (int x = -size.height(); x < size.width(); x += 160)
        p.drawLine(x, size.height(), x + size.height(), 0);
    QFont font;
    font.setPixelSize(size.height() / 9);
    font.setBold(true);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(image.rect(), Qt::AlignCenter, caption);
    p.end();
    if (!image.save(path, "JPEG", 85))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

class CaseFixture
{
public:
    bool open(const QString &path, int demoCases = 200)
    {
        session = std::make_unique<SessionThread>();
        DemoOptions demo;
        demo.cases = demoCases;
        const Status opened = waitFor(session->open(path, true, demo));
        if (!opened) {
            qWarning("%s", qPrintable(opened.errorMessage()));
            return false;
        }
        const auto d = waitFor(session->run([](Session &s) { return CaseDirectory::load(s); }));
        if (!d) {
            qWarning("%s", qPrintable(d.errorMessage()));
            return false;
        }
        directory = std::make_shared<const CaseDirectory>(*d);
        return true;
    }

    Actor user(const QString &login)
    {
        const Result<Actor> actor =
            waitFor(session->run([login](Session &s) { return s.store().findUser(login); }));
        if (!actor)
            qFatal("user %s is missing", qPrintable(login));
        return *actor;
    }

    // A grid of `actor`'s jurisdiction (the first of its first community with grids).
    UnitGridCode gridOf(const Actor &actor, int index = 0)
    {
        const auto grid = waitFor(session->run([actor, index](Session &s) -> Result<UnitGridCode> {
            auto jurisdictions = s.store().jurisdictions();
            if (!jurisdictions)
                return jurisdictions.error();
            for (const Jurisdiction &j : *jurisdictions) {
                if (j.code.level() != JurisdictionLevel::Community || !actor.jurisdiction.covers(j.code))
                    continue;
                auto grids = s.store().grids(j.code);
                if (grids && grids->size() > index)
                    return grids->at(index).code;
            }
            return makeError(ErrorCode::NotFound, u"no grid"_s);
        }));
        if (!grid)
            qFatal("no grid for %s", qPrintable(actor.login));
        return *grid;
    }

    CaseRecord report(const Actor &actor, NewCaseRequest request, const QStringList &photos = {})
    {
        const auto done = waitFor(session->run([actor, request, photos](Session &s) -> Result<CaseRecord> {
            NewCaseRequest r = request;
            for (const QString &path : photos) {
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly))
                    return makeError(ErrorCode::Io, path);
                auto info =
                    s.store().addAttachment(file.readAll(), QFileInfo(path).fileName(), u"image/jpeg"_s);
                if (!info)
                    return info.error();
                r.attachments.append(info->hash);
            }
            if (r.longitude == 0 && r.latitude == 0) {
                if (auto grid = s.store().findGrid(r.grid)) {
                    r.longitude = (grid->minX + grid->maxX) / 2;
                    r.latitude = (grid->minY + grid->maxY) / 2;
                }
            }
            return s.cases().report(actor, r);
        }));
        if (!done)
            qFatal("report failed: %s", qPrintable(done.errorMessage()));
        return *done;
    }

    // Applies `action` in the store thread, as another station would (the docks learn of it only when told).
    CaseRecord apply(const Actor &actor, qint64 caseId, Action action, ActionRequest request = {},
                     const QStringList &photos = {})
    {
        request.caseId = caseId;
        request.action = action;
        const auto done = waitFor(session->run([actor, request, photos](Session &s) -> Result<CaseRecord> {
            ActionRequest r = request;
            auto current = s.store().findCase(r.caseId);
            if (!current)
                return current.error();
            r.expectedVersion = current->version;
            for (const QString &path : photos) {
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly))
                    return makeError(ErrorCode::Io, path);
                auto info =
                    s.store().addAttachment(file.readAll(), QFileInfo(path).fileName(), u"image/jpeg"_s);
                if (!info)
                    return info.error();
                r.attachments.append(info->hash);
            }
            return s.cases().apply(actor, r);
        }));
        if (!done)
            qFatal("%s failed: %s", qPrintable(actionName(action)), qPrintable(done.errorMessage()));
        return *done;
    }

    CaseRecord find(qint64 caseId)
    {
        const auto c = waitFor(session->run([caseId](Session &s) { return s.store().findCase(caseId); }));
        if (!c)
            qFatal("case %lld: %s", caseId, qPrintable(c.errorMessage()));
        return *c;
    }

    QList<CaseEvent> events(qint64 caseId)
    {
        const auto e = waitFor(session->run([caseId](Session &s) { return s.store().events(caseId); }));
        if (!e)
            qFatal("case %lld: %s", caseId, qPrintable(e.errorMessage()));
        return *e;
    }

    // A dock for `actor` showing `caseId`, loaded.
    std::unique_ptr<CaseDock> dockFor(const Actor &actor, qint64 caseId = 0)
    {
        auto dock = std::make_unique<CaseDock>(session.get());
        dock->setActor(actor);
        dock->setDirectory(directory);
        dock->resize(560, 940);
        dock->show();
        if (caseId > 0) {
            QSignalSpy loaded(dock.get(), &CaseDock::caseLoaded);
            dock->showCase(caseId);
            if (!loaded.wait(WaitMs))
                qFatal("case %lld was not loaded", caseId);
        }
        return dock;
    }

    std::unique_ptr<SessionThread> session;
    std::shared_ptr<const CaseDirectory> directory;
};

} // namespace cg::test
