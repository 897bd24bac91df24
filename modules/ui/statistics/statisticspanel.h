#pragma once

#include "core/casetypes.h"
#include "store/casestatistics.h"

#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;

namespace cg {

class SessionThread;

// Everything the statistics panel draws, read in one go in the store thread.
struct StatisticsData
{
    StatisticsFilter filter;
    QList<DayCount> days;
    QList<NamedCount> openByStep;
    QList<NamedCount> topClasses;
    QList<NamedCount> byStreet;
    QList<UnitPerformance> units;
    QString error;
};

// Statistics for leaders and analysts (DOMAIN.md §6): new and closed cases per day, open cases by step, top
// classes, cases by street and the on-time handling rate by unit, for a period and an area; every chart can
// be saved as a PNG.
class StatisticsPanel : public QWidget
{
    Q_OBJECT
public:
    enum Chart { DailyChart, StepChart, ClassChart, StreetChart, UnitChart, ChartCount };
    static constexpr int TopClasses = 10;
    static constexpr int TopUnits = 10;

    StatisticsPanel(SessionThread *session, const Actor &actor, QWidget *parent = nullptr);

    void setPeriodDays(int days);               // 7, 30 or 90
    void setArea(const JurisdictionCode &area); // the actor's jurisdiction or a node below it
    const StatisticsData &data() const { return mData; }
    QChartView *chartView(Chart chart) const { return mViews[chart]; }
    QString chartTitle(Chart chart) const;

    // Renders the chart at `size` pixels into a PNG file; the error names the file.
    Status exportChart(Chart chart, const QString &path, const QSize &size = QSize(1200, 800)) const;

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void
    caseActivated(qint64 caseId); // the statistics list no case yet; here for the dock's common interface
    void loaded();

private:
    void rebuildCharts();
    void askExport(Chart chart);

    SessionThread *mSession;
    Actor mActor;
    QComboBox *mPeriod;
    QComboBox *mArea;
    QLabel *mStatus;
    QChartView *mViews[ChartCount] = {};
    StatisticsData mData;
    int mEpoch = 0;
    bool mAreasLoaded = false;
};

} // namespace cg
