#include "ui/statistics/statisticspanel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"

#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr int BeijingOffsetSecs = 8 * 3600;

// Keeps long category names readable on an axis.
QString shortened(const QString &text, int length = 12)
{
    return text.left(length);
}

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

// A bar chart of named counts, horizontal when the names are long.
QChart *countChart(const QString &title, const QList<NamedCount> &rows, bool horizontal, const QColor &colour)
{
    QChart *chart = newChart(title);
    auto *set = new QBarSet(title);
    set->setColor(colour);
    QStringList names;
    int maximum = 0;
    // Horizontal bars list top-down: the biggest first means appending it last.
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const NamedCount &r = horizontal ? rows[rows.size() - 1 - i] : rows[i];
        set->append(r.count);
        names.append(shortened(r.name.isEmpty() ? r.key : r.name));
        maximum = std::max(maximum, r.count);
    }
    QAbstractBarSeries *series = horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                                            : static_cast<QAbstractBarSeries *>(new QBarSeries);
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    chart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(names);
    QFont small = categories->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    categories->setLabelsFont(small);
    auto *values = new QValueAxis;
    values->setRange(0, std::max(4.0, maximum * 1.15));
    values->applyNiceNumbers();
    values->setLabelFormat(u"%d"_s);
    chart->addAxis(categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    chart->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);
    return chart;
}

} // namespace

StatisticsPanel::StatisticsPanel(SessionThread *session, const Actor &actor, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mActor(actor)
    , mPeriod(new QComboBox(this))
    , mArea(new QComboBox(this))
    , mStatus(new QLabel(this))
{
    mPeriod->addItem(tr("Last 7 days"), 7);
    mPeriod->addItem(tr("Last 30 days"), 30);
    mPeriod->addItem(tr("Last 90 days"), 90);
    mPeriod->setCurrentIndex(1);
    mArea->addItem(actor.jurisdiction.isNull() ? tr("Everywhere") : actor.jurisdiction.text(),
                   actor.jurisdiction.text());
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Period:"), this));
    filters->addWidget(mPeriod);
    filters->addWidget(new QLabel(tr("Area:"), this));
    filters->addWidget(mArea, 1);
    filters->addWidget(mStatus, 2);

    auto *grid = new QGridLayout;
    for (int i = 0; i < ChartCount; ++i) {
        const auto chart = Chart(i);
        mViews[i] = new QChartView(newChart(chartTitle(chart)), this);
        mViews[i]->setRenderHint(QPainter::Antialiasing);
        // A category axis elides its labels once a row is lower than the text: room for ten or more rows.
        mViews[i]->setMinimumSize(360, chart == ClassChart || chart == UnitChart ? 360 : 280);
        auto *exportButton = new QToolButton(this);
        exportButton->setText(tr("Export PNG…"));
        exportButton->setToolTip(tr("Save \"%1\" as a PNG picture").arg(chartTitle(chart)));
        connect(exportButton, &QToolButton::clicked, this, [this, chart] { askExport(chart); });
        auto *cell = new QVBoxLayout;
        cell->addWidget(mViews[i], 1);
        cell->addWidget(exportButton, 0, Qt::AlignRight);
        if (i == ChartCount - 1 && ChartCount % 2 == 1)
            grid->addLayout(cell, i / 2, 0, 1, 2); // the last one alone: as wide as the panel
        else
            grid->addLayout(cell, i / 2, i % 2);
    }
    auto *content = new QWidget(this);
    content->setLayout(grid);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(scroll, 1);

    connect(mPeriod, &QComboBox::currentIndexChanged, this, &StatisticsPanel::reload);
    connect(mArea, &QComboBox::currentIndexChanged, this, &StatisticsPanel::reload);
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(2000); // statistics need not follow every single change
    connect(debounce, &QTimer::timeout, this, &StatisticsPanel::reload);
    connect(mSession, &SessionThread::storeChanged, debounce, qOverload<>(&QTimer::start));
    reload();
}

QString StatisticsPanel::chartTitle(Chart chart) const
{
    switch (chart) {
    case DailyChart:
        return tr("New and closed cases per day");
    case StepChart:
        return tr("Open cases by step");
    case ClassChart:
        return tr("Top %1 classes").arg(TopClasses);
    case StreetChart:
        return tr("Cases by street");
    case UnitChart:
        return tr("On-time handling rate by unit (%)");
    case ChartCount:
        break;
    }
    return {};
}

void StatisticsPanel::setPeriodDays(int days)
{
    const int index = mPeriod->findData(days);
    if (index >= 0)
        mPeriod->setCurrentIndex(index);
}

void StatisticsPanel::setArea(const JurisdictionCode &area)
{
    int index = mArea->findData(area.text());
    if (index < 0) {
        mArea->addItem(area.text(), area.text());
        index = mArea->count() - 1;
    }
    mArea->setCurrentIndex(index);
}

void StatisticsPanel::reload()
{
    // A unit's handler has no jurisdiction: it would see every case of the store here.
    if (mActor.jurisdiction.isNull()) {
        mStatus->setText(
            tr("This panel shows a jurisdiction's cases; %1 belongs to none.").arg(mActor.login));
        return;
    }
    const int days = mPeriod->currentData().toInt();
    auto area = JurisdictionCode::parse(mArea->currentData().toString());
    const JurisdictionCode scope = area ? *area : JurisdictionCode();
    const Actor actor = mActor;
    const bool needAreas = !mAreasLoaded;
    const int epoch = ++mEpoch;
    struct Loaded
    {
        StatisticsData data;
        QList<Jurisdiction> areas;
    };
    auto future = mSession->run([days, scope, actor, needAreas](Session &s) {
        Loaded l;
        StatisticsData &d = l.data;
        const QDateTime now = s.clock().now();
        const QDate today = now.toOffsetFromUtc(BeijingOffsetSecs).date();
        d.filter.from =
            QDateTime(today.addDays(1 - days), QTime(0, 0), Qt::OffsetFromUTC, BeijingOffsetSecs).toUTC();
        d.filter.to = now;
        d.filter.scope = scope;
        CaseStatistics stats(s.store(), &s.catalogue());
        auto daily = stats.dailyCounts(d.filter);
        auto steps = stats.openByStep(scope);
        auto classes = stats.topClasses(d.filter, TopClasses);
        auto streets = stats.byStreet(d.filter);
        auto units = stats.unitPerformance(d.filter);
        for (const QString &e : {daily.errorMessage(), steps.errorMessage(), classes.errorMessage(),
                                 streets.errorMessage(), units.errorMessage()}) {
            if (!e.isEmpty()) {
                d.error = e;
                return l;
            }
        }
        d.days = *daily;
        d.openByStep = *steps;
        d.topClasses = *classes;
        d.byStreet = *streets;
        d.units = *units;
        if (needAreas) {
            if (auto all = s.store().jurisdictions()) {
                for (const Jurisdiction &j : std::as_const(*all)) {
                    const bool below = actor.jurisdiction.isNull() || actor.jurisdiction.covers(j.code);
                    if (below && j.code.level() <= JurisdictionLevel::Street)
                        l.areas.append(j);
                }
            }
        }
        return l;
    });
    whenFinished(future, this, [this, epoch](const Loaded &l) {
        if (!l.areas.isEmpty() && !mAreasLoaded) {
            mAreasLoaded = true;
            const QSignalBlocker blocker(mArea);
            const QString current = mArea->currentData().toString();
            mArea->clear();
            if (mActor.jurisdiction.isNull())
                mArea->addItem(tr("Everywhere"), QString());
            for (const Jurisdiction &j : l.areas)
                mArea->addItem(j.code.level() == JurisdictionLevel::Street ? u"  "_s + j.name : j.name,
                               j.code.text());
            mArea->setCurrentIndex(std::max(0, mArea->findData(current)));
        }
        if (epoch != mEpoch)
            return;
        if (!l.data.error.isEmpty()) {
            mStatus->setText(l.data.error);
            return;
        }
        mData = l.data;
        int reported = 0, closed = 0;
        for (const DayCount &d : mData.days) {
            reported += d.reported;
            closed += d.closed;
        }
        mStatus->setText(tr("%1 reported, %2 closed in the period.").arg(reported).arg(closed));
        rebuildCharts();
        Q_EMIT loaded();
    });
}

void StatisticsPanel::rebuildCharts()
{
    // Daily: two lines over the days of the period.
    {
        QChart *chart = newChart(chartTitle(DailyChart));
        chart->legend()->setVisible(true);
        chart->legend()->setAlignment(Qt::AlignBottom);
        auto *reported = new QLineSeries;
        reported->setName(tr("New"));
        auto *closed = new QLineSeries;
        closed->setName(tr("Closed"));
        int maximum = 0;
        for (const DayCount &d : std::as_const(mData.days)) {
            const qreal x = QDateTime(d.day, QTime(12, 0), Qt::LocalTime).toMSecsSinceEpoch();
            reported->append(x, d.reported);
            closed->append(x, d.closed);
            maximum = std::max({maximum, d.reported, d.closed});
        }
        chart->addSeries(reported);
        chart->addSeries(closed);
        auto *time = new QDateTimeAxis;
        time->setFormat(u"MM-dd"_s);
        time->setTickCount(std::min<int>(8, std::max<int>(2, int(mData.days.size()))));
        if (!mData.days.isEmpty())
            time->setRange(QDateTime(mData.days.constFirst().day, QTime(0, 0), Qt::LocalTime),
                           QDateTime(mData.days.constLast().day, QTime(23, 59), Qt::LocalTime));
        auto *values = new QValueAxis;
        values->setRange(0, std::max(4.0, maximum * 1.1));
        values->applyNiceNumbers();
        values->setLabelFormat(u"%d"_s);
        chart->addAxis(time, Qt::AlignBottom);
        chart->addAxis(values, Qt::AlignLeft);
        for (QLineSeries *s : {reported, closed}) {
            s->attachAxis(time);
            s->attachAxis(values);
        }
        QChart *old = mViews[DailyChart]->chart();
        mViews[DailyChart]->setChart(chart);
        delete old;
    }
    const auto replace = [this](Chart which, QChart *chart) {
        QChart *old = mViews[which]->chart();
        mViews[which]->setChart(chart);
        delete old;
    };
    QList<NamedCount> steps = mData.openByStep;
    for (NamedCount &step : steps) {
        if (step.key == stepName(Step::None))
            step.name = tr("No clock");
    }
    replace(StepChart, countChart(chartTitle(StepChart), steps, true, QColor(0x42, 0x85, 0xf4)));
    replace(ClassChart, countChart(chartTitle(ClassChart), mData.topClasses, true, QColor(0xfb, 0x8c, 0x00)));
    replace(StreetChart, countChart(chartTitle(StreetChart), mData.byStreet, true, QColor(0x43, 0xa0, 0x47)));
    // Units: the weakest first (weak links, DOMAIN.md §6), those with something due only.
    QList<NamedCount> rates;
    QList<UnitPerformance> units = mData.units;
    units.removeIf([](const UnitPerformance &u) { return u.onTimeRate() < 0; });
    std::sort(units.begin(), units.end(), [](const UnitPerformance &a, const UnitPerformance &b) {
        return a.onTimeRate() != b.onTimeRate() ? a.onTimeRate() < b.onTimeRate() : a.name < b.name;
    });
    for (const UnitPerformance &u : std::as_const(units).first(std::min<qsizetype>(TopUnits, units.size())))
        rates.append({QString::number(u.unitId), u.name, qRound(u.onTimeRate() * 100)});
    QChart *unitChart = countChart(chartTitle(UnitChart), rates, true, QColor(0x8e, 0x24, 0xaa));
    for (QAbstractAxis *axis : unitChart->axes(Qt::Horizontal)) {
        if (auto *v = qobject_cast<QValueAxis *>(axis)) {
            v->setRange(0, 100);
            v->setTickCount(6);
        }
    }
    replace(UnitChart, unitChart);
}

Status StatisticsPanel::exportChart(Chart chart, const QString &path, const QSize &size) const
{
    if (size.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"a chart picture needs a size, not %1×%2"_s.arg(size.width()).arg(size.height()));
    QChartView *view = mViews[chart];
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        // Lay the chart out at the picture's size rather than stretch the on-screen one.
        QChart *c = view->chart();
        const QSizeF before = c->size();
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        c->resize(size);
        c->scene()->render(&painter, QRectF(QPointF(0, 0), size), QRectF(c->pos(), QSizeF(size)));
        c->resize(before);
    }
    if (!image.save(path, "PNG"))
        return makeError(ErrorCode::Io, u"could not write the chart picture %1"_s.arg(path));
    return {};
}

void StatisticsPanel::askExport(Chart chart)
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), chartTitle(chart) + u".png"_s,
                                                      tr("PNG pictures (*.png)"));
    if (path.isEmpty())
        return;
    const Status s = exportChart(chart, path);
    mStatus->setText(s ? tr("Saved %1.").arg(path) : s.errorMessage());
}

} // namespace cg
