#include "featurepanels.h"

#include "mainwindow.h"

#include "ui/dispatch/dispatchpanel.h"
#include "ui/duplicates/duplicatespanel.h"
#include "ui/evaluation/evaluationpanel.h"
#include "ui/inspection/inspectionpanel.h"
#include "ui/statistics/statisticspanel.h"
#include "ui/supervision/supervisionpanel.h"

#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {
// The dock titles until a panel gives its own window title.
struct Titles
{
    Q_DECLARE_TR_FUNCTIONS(cg::FeaturePanels)
};
} // namespace

void addFeaturePanels(MainWindow &window, SessionThread *session, const Actor &actor)
{
    // The role layouts (MainWindow) place these docks by their names.
    window.addPanel(u"dispatchPanel"_s, Titles::tr("Dispatch"), new DispatchPanel(session, actor),
                    Qt::LeftDockWidgetArea);
    window.addPanel(u"supervisionPanel"_s, Titles::tr("Supervision"), new SupervisionPanel(session, actor),
                    Qt::LeftDockWidgetArea);
    window.addPanel(u"inspectionPanel"_s, Titles::tr("Inspection"), new InspectionPanel(session, actor),
                    Qt::LeftDockWidgetArea);
    window.addPanel(u"statisticsPanel"_s, Titles::tr("Statistics"), new StatisticsPanel(session, actor),
                    Qt::LeftDockWidgetArea);
    window.addPanel(u"duplicatesPanel"_s, Titles::tr("Possible duplicates"),
                    new DuplicatesPanel(session, actor), Qt::RightDockWidgetArea);
    window.addPanel(u"evaluationPanel"_s, Titles::tr("Evaluation"), new EvaluationPanel(session, actor),
                    Qt::BottomDockWidgetArea);
}

} // namespace cg
