#include "ui/cases/casefilepdf.h"

#include "session/session.h"
#include "ui/cases/casedock.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/caseminimap.h"

#include <QFontDatabase>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int Dpi = 300;

double mm(double millimetres)
{
    return millimetres / 25.4 * Dpi;
}

// Flows blocks down A4 pages; a block that does not fit on the rest of a page starts the next one.
class PageFlow
{
public:
    PageFlow(QPdfWriter &writer, QPainter &painter, QString footer, QStringList families)
        : mWriter(writer)
        , mPainter(painter)
        , mFooter(std::move(footer))
        , mFamilies(std::move(families))
    {
        mWidth = writer.width();
        mHeight = writer.height() - mm(8); // room for the footer
        drawFooter();
    }

    QFont font(double points, bool bold = false) const
    {
        QFont f;
        f.setFamilies(mFamilies);
        f.setPointSizeF(points);
        f.setBold(bold);
        return f;
    }

    double width() const { return mWidth; }
    int pages() const { return mPages; }
    double y() const { return mY; }

    void ensure(double height)
    {
        if (mY + height > mHeight && mY > 0)
            newPage();
    }

    void newPage()
    {
        mWriter.newPage();
        ++mPages;
        mY = 0;
        drawFooter();
    }

    void skip(double height) { mY += height; }

    double measure(const QString &text, const QFont &font, double width) const
    {
        mPainter.setFont(font);
        return mPainter.boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, text).height();
    }

    // A paragraph at `x` of `width`; returns its height.
    double text(const QString &text, const QFont &font, double x = 0, double width = -1,
                const QColor &colour = Qt::black)
    {
        if (width < 0)
            width = mWidth - x;
        const double h = measure(text, font, width);
        ensure(h);
        mPainter.setFont(font);
        mPainter.setPen(colour);
        mPainter.drawText(QRectF(x, mY, width, h), Qt::TextWordWrap, text);
        mY += h;
        return h;
    }

    // Label and value side by side.
    void row(const QString &label, const QString &value, double labelWidth)
    {
        const QFont lf = font(9, true), vf = font(9.5);
        const double gap = mm(3);
        const double h =
            std::max(measure(label, lf, labelWidth), measure(value, vf, mWidth - labelWidth - gap));
        ensure(h + mm(1.2));
        mPainter.setPen(QColor(0x55, 0x55, 0x55));
        mPainter.setFont(lf);
        mPainter.drawText(QRectF(0, mY, labelWidth, h), Qt::TextWordWrap, label);
        mPainter.setPen(Qt::black);
        mPainter.setFont(vf);
        mPainter.drawText(QRectF(labelWidth + gap, mY, mWidth - labelWidth - gap, h), Qt::TextWordWrap,
                          value);
        mY += h + mm(1.2);
    }

    void heading(const QString &title)
    {
        const QFont f = font(12.5, true);
        const double h = measure(title, f, mWidth);
        ensure(h + mm(14)); // never a heading alone at the bottom of a page
        mY += mm(4);
        mPainter.setFont(f);
        mPainter.setPen(QColor(0x0d, 0x47, 0xa1));
        mPainter.drawText(QRectF(0, mY, mWidth, h), Qt::TextWordWrap, title);
        mY += h + mm(0.8);
        mPainter.setPen(QPen(QColor(0x0d, 0x47, 0xa1), mm(0.3)));
        mPainter.drawLine(QPointF(0, mY), QPointF(mWidth, mY));
        mY += mm(2.5);
    }

    void image(const QImage &image, double x, double width, double height)
    {
        const QSizeF size = QSizeF(image.size()).scaled(width, height, Qt::KeepAspectRatio);
        mPainter.drawImage(QRectF(x + (width - size.width()) / 2, mY, size.width(), size.height()), image);
    }

    QPainter &painter() { return mPainter; }

private:
    void drawFooter()
    {
        mPainter.save();
        mPainter.setFont(font(7.5));
        mPainter.setPen(QColor(0x75, 0x75, 0x75));
        mPainter.drawText(QRectF(0, mHeight + mm(3), mWidth, mm(5)), Qt::AlignRight | Qt::AlignVCenter,
                          CaseFilePdf::tr("%1 · page %2").arg(mFooter).arg(mPages));
        mPainter.restore();
    }

    QPdfWriter &mWriter;
    QPainter &mPainter;
    QString mFooter;
    QStringList mFamilies;
    double mWidth = 0;
    double mHeight = 0;
    double mY = 0;
    int mPages = 1;
};

QString deadlineText(const QDateTime &due, const QDateTime &now)
{
    if (!due.isValid())
        return {};
    return CaseFilePdf::tr("%1 (%2, %3)")
        .arg(CaseFormat::dateTime(due), CaseFormat::countdown(due, now),
             CaseFormat::lightLabel(CaseFormat::light(due, now)));
}

QString photoPhaseLabel(PhotoPhase phase)
{
    return phase == PhotoPhase::Before ? CaseFilePdf::tr("Before") : CaseFilePdf::tr("After");
}

} // namespace

QStringList CaseFilePdf::fontFamilies()
{
    QStringList families;
    const QStringList installed = QFontDatabase::families();
    for (const QString &f : {u"Noto Sans CJK SC"_s, u"Source Han Sans SC"_s, u"WenQuanYi Micro Hei"_s,
                             u"WenQuanYi Zen Hei"_s, u"Droid Sans Fallback"_s, u"AR PL UMing CN"_s}) {
        if (installed.contains(f))
            families.append(f);
    }
    families.append(u"DejaVu Sans"_s);
    return families;
}

Result<int> CaseFilePdf::write(const QString &path, const Content &content, const CaseDirectory &directory)
{
    const CaseSnapshot &s = content.snapshot;
    const CaseRecord &c = s.record;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io,
                         u"case file %1 cannot be written: %2"_s.arg(path, file.errorString()));

    int pages = 0;
    {
        QPdfWriter writer(&file);
        writer.setResolution(Dpi);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                         QMarginsF(15, 15, 15, 12), QPageLayout::Millimeter));
        writer.setTitle(tr("Case file %1").arg(c.number));
        writer.setCreator(u"CityGrid"_s);
        QPainter painter;
        if (!painter.begin(&writer))
            return makeError(ErrorCode::Io, u"case file %1: the PDF cannot be started"_s.arg(path));
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        PageFlow flow(writer, painter, tr("Case file %1").arg(c.number), fontFamilies());
        const double labelWidth = mm(34);
        const QDateTime now = content.printedAt;

        // Title.
        flow.text(tr("Case file (案卷) %1").arg(c.number), flow.font(18, true));
        QString className = directory.className(c.classKey);
        const CatalogueClass *cls = directory.catalogue().find(c.classKey);
        if (cls)
            className = tr("%1 / %2 (%3)").arg(cls->majorName, cls->name, c.classKey.code());
        else
            className = c.classKey.toString();
        flow.text(tr("%1 · %2").arg(stateLabel(c.state), className), flow.font(11), 0, -1,
                  QColor(0x33, 0x33, 0x33));
        flow.text(tr("Printed %1 by %2").arg(CaseFormat::dateTime(now), content.printedBy), flow.font(8), 0,
                  -1, QColor(0x75, 0x75, 0x75));
        flow.skip(mm(2));

        // Facts, with the map beside them when there is one.
        flow.heading(tr("Facts"));
        flow.row(tr("State"), stateLabel(c.state), labelWidth);
        flow.row(tr("Class"), className, labelWidth);
        QString priority = CaseFormat::priorityLabel(c.priority);
        if (c.keySupervision)
            priority = tr("%1 · key supervision").arg(priority);
        if (c.hardCase)
            priority = tr("%1 · hard case").arg(priority);
        flow.row(tr("Priority"), tr("%1 · %2").arg(priority, CaseFormat::areaClassLabel(c.areaClass)),
                 labelWidth);
        flow.row(tr("Source"), sourceLabel(c.source), labelWidth);
        flow.row(tr("Grid"), c.grid.text(), labelWidth);
        flow.row(tr("Street / community"), directory.placeName(c), labelWidth);
        if (!c.address.isEmpty())
            flow.row(tr("Address"), c.address, labelWidth);
        if (c.longitude != 0 || c.latitude != 0)
            flow.row(tr("Position"),
                     tr("%1° E, %2° N (CGCS2000)").arg(c.longitude, 0, 'f', 6).arg(c.latitude, 0, 'f', 6),
                     labelWidth);
        flow.row(tr("Description"), c.description, labelWidth);
        const QString reporter = directory.userName(c.reporterId);
        flow.row(tr("Reported"),
                 tr("%1 by %2")
                     .arg(CaseFormat::dateTime(c.reportedAt),
                          reporter.isEmpty() ? sourceLabel(c.source) : reporter),
                 labelWidth);
        flow.row(tr("Responsible unit"), c.unitId > 0 ? directory.unitName(c.unitId) : tr("Not dispatched"),
                 labelWidth);
        if (c.handlingDueAt.isValid())
            flow.row(tr("Handling deadline"), deadlineText(c.handlingDueAt, now), labelWidth);
        if (c.step != Step::None)
            flow.row(tr("Current step"),
                     tr("%1, due %2").arg(stepLabel(c.step), deadlineText(c.stepDueAt, now)), labelWidth);
        if (!c.isOpen() && c.closedAt.isValid())
            flow.row(tr("Finished"),
                     c.state == CaseState::Closed ? tr("%1 · %2").arg(CaseFormat::dateTime(c.closedAt),
                                                                      closingTypeLabel(c.closingType))
                                                  : CaseFormat::dateTime(c.closedAt),
                     labelWidth);
        flow.row(tr("Counters"),
                 tr("urges: %1 · extensions: %2 · reworks: %3 · version %4")
                     .arg(c.urgeCount)
                     .arg(c.extensionCount)
                     .arg(c.reworkCount)
                     .arg(c.version),
                 labelWidth);
        if (s.hotline) {
            const CaseHotlineTicket &t = *s.hotline;
            flow.row(tr("Hotline ticket"), tr("%1 · %2 (round %3)").arg(t.hotline, t.ticketId).arg(t.round),
                     labelWidth);
            if (t.hotlineDueAt.isValid())
                flow.row(tr("Hotline deadline"), deadlineText(t.hotlineDueAt, now), labelWidth);
            if (!t.contactMasked.isEmpty())
                flow.row(tr("Contact"), t.contactMasked, labelWidth);
        } else if (!c.hotlineTicket.isEmpty()) {
            flow.row(tr("Hotline ticket"), c.hotlineTicket, labelWidth);
        }

        if (!content.map.isNull()) {
            flow.heading(tr("Location"));
            const double h = mm(70);
            flow.ensure(h);
            flow.image(content.map, 0, flow.width(), h);
            flow.skip(h + mm(2));
        }

        // Timeline, oldest first as a file reads.
        flow.heading(tr("Timeline (events: %1)").arg(s.events.size()));
        for (const CaseEvent &e : s.events) {
            const QString actor = e.actorName.isEmpty() ? roleLabel(e.role) : e.actorName;
            QString head =
                tr("%1. %2 · %3 (%4) · %5")
                    .arg(e.seq)
                    .arg(CaseFormat::dateTime(e.at), actor, roleLabel(e.role), actionLabel(e.action));
            if (e.fromState != e.toState)
                head += u" · "_s + (e.fromState == CaseState::None
                                        ? stateLabel(e.toState)
                                        : tr("%1 → %2").arg(stateLabel(e.fromState), stateLabel(e.toState)));
            QString body;
            if (e.step != Step::None && e.stepDueAt.isValid())
                body = e.onTime ? tr("%1 done on time (due %2)")
                                      .arg(stepLabel(e.step), CaseFormat::dateTime(e.stepDueAt))
                                : tr("%1 done late (due %2)")
                                      .arg(stepLabel(e.step), CaseFormat::dateTime(e.stepDueAt));
            if (!e.comment.trimmed().isEmpty())
                body = body.isEmpty() ? e.comment.trimmed() : body + u'\n' + e.comment.trimmed();
            const QStringList details = CaseDock::detailLines(e, directory);
            const double need = flow.measure(head, flow.font(9.5, true), flow.width()) + mm(6);
            flow.ensure(need);
            flow.text(head, flow.font(9.5, true));
            if (!body.isEmpty())
                flow.text(body, flow.font(9.5), mm(5));
            if (!details.isEmpty())
                flow.text(details.join(u'\n'), flow.font(8.5), mm(5), -1, QColor(0x55, 0x55, 0x55));
            flow.skip(mm(2));
        }

        // Photos, two a row.
        if (!s.photos.isEmpty()) {
            flow.heading(tr("Photos (%n)", nullptr, int(s.photos.size())));
            const double gap = mm(6);
            const double w = (flow.width() - gap) / 2, h = mm(62);
            for (qsizetype i = 0; i < s.photos.size(); i += 2) {
                flow.ensure(h + mm(12));
                double captionHeight = 0;
                for (qsizetype k = i; k < std::min(i + 2, s.photos.size()); ++k) {
                    const CasePhoto &p = s.photos.at(k);
                    const double x = (k - i) * (w + gap);
                    const QImage image = k < content.photos.size() ? content.photos.at(k) : QImage();
                    const double top = flow.y();
                    if (!image.isNull()) {
                        flow.image(image, x, w, h);
                    } else {
                        flow.painter().setPen(QColor(0x9e, 0x9e, 0x9e));
                        flow.painter().drawRect(QRectF(x, top, w, h));
                        flow.painter().drawText(QRectF(x, top, w, h), Qt::AlignCenter,
                                                tr("Photo %1 is missing").arg(p.hash.left(12)));
                    }
                    const QString caption =
                        tr("%1 · %2 · %3 · %4")
                            .arg(photoPhaseLabel(p.phase), actionLabel(p.action), CaseFormat::dateTime(p.at),
                                 p.actorName.isEmpty() ? roleLabel(p.role) : p.actorName);
                    const QFont f = flow.font(8);
                    const double ch = flow.measure(caption, f, w);
                    flow.painter().setFont(f);
                    flow.painter().setPen(QColor(0x33, 0x33, 0x33));
                    flow.painter().drawText(QRectF(x, top + h + mm(1), w, ch), Qt::TextWordWrap, caption);
                    captionHeight = std::max(captionHeight, ch);
                }
                flow.skip(h + mm(1) + captionHeight + mm(4));
            }
        }
        pages = flow.pages();
        if (!painter.end())
            return makeError(ErrorCode::Io, u"case file %1: the PDF cannot be finished"_s.arg(path));
    }
    if (!file.commit())
        return makeError(ErrorCode::Io,
                         u"case file %1 cannot be written: %2"_s.arg(path, file.errorString()));
    return pages;
}

Result<int> CaseFilePdf::exportCaseFile(Session &session, const QString &path, const CaseSnapshot &snapshot,
                                        const CaseDirectory &directory, const QString &printedBy)
{
    Content content;
    content.snapshot = snapshot;
    content.printedBy = printedBy;
    content.printedAt = session.clock().now();
    for (const CasePhoto &p : snapshot.photos) {
        auto image = CaseFileReader::readPhoto(session, p.hash);
        content.photos.append(image ? *image : QImage());
    }
    content.map = CaseMiniMap::renderImage(snapshot.map, snapshot.record.state, QSize(840, 420));
    return write(path, content, directory);
}

} // namespace cg
