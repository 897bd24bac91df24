#include "ui/evaluation/evaluationpanel.h"

#include "session/sessionthread.h"
#include "session/whenfinished.h"
#include "ui/evaluation/evaluationmodel.h"

#include <QComboBox>
#include <QEvent>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

struct Loaded
{
    Loaded() {} // (not an aggregate: SessionThread::run value-initialises it when no store is open)
    Result<QList<EvaluationRow>> rows = QList<EvaluationRow>();
    QList<Indicator> rates;
};

// The area one level below `kind`, or nothing for a grid (its cases come next).
std::optional<SubjectKind> childKind(SubjectKind kind)
{
    switch (kind) {
    case SubjectKind::District:
        return SubjectKind::Street;
    case SubjectKind::Street:
        return SubjectKind::Community;
    case SubjectKind::Community:
        return SubjectKind::UnitGrid;
    default:
        return std::nullopt;
    }
}

SubjectKind kindBelow(const JurisdictionCode &scope)
{
    if (scope.isNull())
        return SubjectKind::District;
    switch (scope.level()) {
    case JurisdictionLevel::City:
        return SubjectKind::District;
    case JurisdictionLevel::District:
        return SubjectKind::Street;
    case JurisdictionLevel::Street:
        return SubjectKind::Community;
    case JurisdictionLevel::Community:
        return SubjectKind::UnitGrid;
    }
    return SubjectKind::District;
}

} // namespace

EvaluationPanel::EvaluationPanel(SessionThread *session, const Actor &actor, QWidget *parent)
    : QWidget(parent)
    , mSession(session)
    , mActor(actor)
    , mModel(new EvaluationModel(this))
    , mPeriodKind(new QComboBox(this))
    , mPrevious(new QPushButton(this))
    , mPeriod(new QLineEdit(this))
    , mNext(new QPushButton(this))
    , mKind(new QComboBox(this))
    , mScope(new QLabel(this))
    , mUp(new QPushButton(this))
    , mView(new QTableView(this))
    , mCases(new QListWidget(this))
    , mStatus(new QLabel(this))
{
    for (int i = 0; i < 4; ++i)
        mPeriodKind->addItem(QString(), i);
    for (int i = 0; i < SubjectKindCount; ++i)
        mKind->addItem(QString(), i);
    mPrevious->setText(u"◀"_s);
    mNext->setText(u"▶"_s);
    mView->setModel(mModel);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::SingleSelection);
    mView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mView->verticalHeader()->hide();
    mView->horizontalHeader()->setStretchLastSection(true);
    mCases->hide();

    auto *periodRow = new QHBoxLayout;
    periodRow->addWidget(mPeriodKind);
    periodRow->addWidget(mPrevious);
    periodRow->addWidget(mPeriod, 1);
    periodRow->addWidget(mNext);
    periodRow->addWidget(mKind);
    auto *scopeRow = new QHBoxLayout;
    scopeRow->addWidget(mScope, 1);
    scopeRow->addWidget(mUp);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(periodRow);
    layout->addLayout(scopeRow);
    layout->addWidget(mView, 3);
    layout->addWidget(mCases, 1);
    layout->addWidget(mStatus);

    connect(mPeriodKind, &QComboBox::activated, this, [this] { periodKindChanged(); });
    connect(mPrevious, &QPushButton::clicked, this, [this] { stepPeriod(-1); });
    connect(mNext, &QPushButton::clicked, this, [this] { stepPeriod(1); });
    connect(mPeriod, &QLineEdit::editingFinished, this, [this] { periodEdited(); });
    connect(mKind, &QComboBox::activated, this, [this](int index) {
        mQuery.kind = SubjectKind(mKind->itemData(index).toInt());
        reload();
    });
    connect(mUp, &QPushButton::clicked, this, [this] { drillUp(); });
    connect(mView, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { drillDown(index.row()); });
    connect(mCases, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT caseActivated(item->data(Qt::UserRole).toLongLong()); });
    if (mSession)
        connect(mSession, &SessionThread::storeChanged, this, [this] { reload(); });

    retranslate();
    EvaluationQuery q;
    const QDate today = beijingDate(QDateTime::currentDateTimeUtc());
    q.period = Period::containing(PeriodKind::Month, today);
    q.scope = actor.jurisdiction;
    q.kind = actor.role == Role::UnitHandler ? SubjectKind::ResponsibleUnit : kindBelow(actor.jurisdiction);
    setQuery(q);
}

void EvaluationPanel::setQuery(const EvaluationQuery &query)
{
    mQuery = query;
    mPeriod->setText(mQuery.period.label());
    mPeriodKind->setCurrentIndex(std::min(3, int(mQuery.period.kind())));
    mKind->setCurrentIndex(int(mQuery.kind));
    mCases->clear();
    mCases->hide();
    showScope();
    reload();
}

void EvaluationPanel::reload()
{
    if (!mSession)
        return;
    const int generation = ++mGeneration;
    const EvaluationQuery q = mQuery;
    mStatus->setText(tr("Loading…"));
    whenFinished(mSession->run([q](Session &s) {
        Loaded loaded;
        loaded.rows = s.evaluation().evaluate(q);
        if (auto w = s.evaluation().weights(scoreKindOf(q.kind)); w) {
            for (const ScoreTerm &t : w->terms())
                loaded.rates.append(t.indicator);
        }
        return loaded;
    }),
                 this, [this, generation](const Loaded &result) {
                     if (generation != mGeneration)
                         return;
                     if (!result.rows) {
                         mModel->setRows({}, {});
                         mStatus->setText(result.rows.errorMessage());
                     } else {
                         mModel->setRows(*result.rows, result.rates);
                         mStatus->setText(
                             tr("%n row(s), %1 compared with %2", nullptr, int(result.rows->size()))
                                 .arg(mQuery.period.label(), mQuery.period.previous().label()));
                     }
                     Q_EMIT loaded();
                 });
}

void EvaluationPanel::drillDown(int row)
{
    const EvaluationRow *r = mModel->rowAt(row);
    if (!r)
        return;
    if (const auto child = childKind(r->kind)) {
        auto code = JurisdictionCode::parse(r->subject);
        if (!code)
            return;
        EvaluationQuery q = mQuery;
        q.scope = *code;
        q.kind = *child;
        setQuery(q);
        return;
    }
    if (!isAreaKind(r->kind) || !mSession)
        return;
    // A grid: its cases of the period.
    const EvaluationQuery q = mQuery;
    const QString subject = r->subject;
    mStatus->setText(tr("Loading the cases of %1…").arg(subject));
    whenFinished(mSession->run([q, subject](Session &s) { return s.evaluation().casesOf(q, subject); }), this,
                 [this, subject](const Result<QList<qint64>> &ids) {
                     mCases->clear();
                     if (!ids) {
                         mStatus->setText(ids.errorMessage());
                         return;
                     }
                     for (qint64 id : *ids) {
                         auto *item = new QListWidgetItem(tr("Case id %1").arg(id), mCases);
                         item->setData(Qt::UserRole, id);
                     }
                     mCases->show();
                     mStatus->setText(tr("%n case(s) in %1 with events in %2", nullptr, int(ids->size()))
                                          .arg(subject, mQuery.period.label()));
                     Q_EMIT loaded();
                 });
}

void EvaluationPanel::drillUp()
{
    if (mQuery.scope.isNull() || mQuery.scope == mActor.jurisdiction)
        return;
    EvaluationQuery q = mQuery;
    q.kind = kindBelow(mQuery.scope.parent());
    q.scope = mQuery.scope.parent();
    if (!mActor.jurisdiction.isNull() && !mActor.jurisdiction.covers(q.scope))
        q.scope = mActor.jurisdiction;
    setQuery(q);
}

void EvaluationPanel::periodKindChanged()
{
    const auto kind = PeriodKind(mPeriodKind->currentData().toInt());
    EvaluationQuery q = mQuery;
    q.period = Period::containing(kind, mQuery.period.last());
    setQuery(q);
}

void EvaluationPanel::stepPeriod(int direction)
{
    EvaluationQuery q = mQuery;
    if (direction < 0) {
        q.period = mQuery.period.previous();
    } else {
        // The period after: the one whose previous() is this one.
        const Period next = mQuery.period.kind() == PeriodKind::Custom
                                ? Period::custom(mQuery.period.last().addDays(1),
                                                 mQuery.period.last().addDays(mQuery.period.dayCount()))
                                      .value()
                                : Period::containing(mQuery.period.kind(), mQuery.period.last().addDays(1));
        q.period = next;
    }
    setQuery(q);
}

void EvaluationPanel::periodEdited()
{
    if (mPeriod->text() == mQuery.period.label())
        return;
    auto period = Period::parse(mPeriod->text());
    if (!period) {
        mStatus->setText(period.errorMessage());
        return;
    }
    EvaluationQuery q = mQuery;
    q.period = *period;
    setQuery(q);
}

void EvaluationPanel::showScope()
{
    mScope->setText(mQuery.scope.isNull() ? tr("Everywhere") : tr("Within %1").arg(mQuery.scope.text()));
    mUp->setEnabled(!mQuery.scope.isNull() && !(mQuery.scope == mActor.jurisdiction));
}

void EvaluationPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void EvaluationPanel::retranslate()
{
    const QStringList periodKinds{tr("Day"), tr("Week"), tr("Month"), tr("Quarter")};
    for (int i = 0; i < mPeriodKind->count(); ++i)
        mPeriodKind->setItemText(i, periodKinds.value(i));
    for (int i = 0; i < mKind->count(); ++i)
        mKind->setItemText(i, subjectKindLabel(SubjectKind(i)));
    mPrevious->setToolTip(tr("Previous period"));
    mNext->setToolTip(tr("Next period"));
    mPeriod->setToolTip(tr("2026-10, 2026-W43, 2026-Q4, 2026-10-31 or 2026-10-01..2026-10-15"));
    mUp->setText(tr("Up"));
    showScope();
}

} // namespace cg
