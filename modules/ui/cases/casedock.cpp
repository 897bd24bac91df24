#include "ui/cases/casedock.h"

#include "session/sessionthread.h"
#include "ui/cases/actionform.h"
#include "ui/cases/caseformat.h"
#include "ui/cases/whenfinished.h"

#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QMimeDatabase>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

QLabel *makeValueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

QString badgeStyle(const QString &background)
{
    return u"QLabel { background: %1; color: white; border-radius: 3px; padding: 1px 6px; }"_s.arg(
        background);
}

// The badge colour of a state: open states by where the case stands, terminal ones grey or green.
QString stateColour(CaseState state)
{
    switch (state) {
    case CaseState::Closed:
        return u"#2e7d32"_s;
    case CaseState::Rejected:
    case CaseState::Voided:
        return u"#757575"_s;
    case CaseState::Dispatched:
    case CaseState::Parked:
        return u"#1565c0"_s;
    case CaseState::CheckFailed:
    case CaseState::ReturnRequested:
    case CaseState::VoidRequested:
    case CaseState::ParkRequested:
        return u"#e65100"_s;
    default:
        return u"#00838f"_s;
    }
}

QString lightColour(DeadlineLight light)
{
    switch (light) {
    case DeadlineLight::Red:
        return u"#c62828"_s;
    case DeadlineLight::Yellow:
        return u"#b26a00"_s;
    case DeadlineLight::Green:
        return u"#2e7d32"_s;
    case DeadlineLight::None:
        break;
    }
    return {};
}

// A deadline with its countdown, coloured by its light.
void setDeadline(QLabel *label, const QDateTime &due, const QDateTime &now, const QString &prefix = {})
{
    if (!due.isValid()) {
        label->setStyleSheet(QString());
        label->setText(prefix.isEmpty() ? CaseDock::tr("No deadline runs") : prefix);
        return;
    }
    const DeadlineLight light = CaseFormat::light(due, now);
    label->setStyleSheet(u"QLabel { color: %1; }"_s.arg(lightColour(light)));
    const QString text =
        CaseDock::tr("%1 · %2").arg(CaseFormat::dateTime(due), CaseFormat::countdown(due, now));
    label->setText(prefix.isEmpty() ? text : prefix + u" · "_s + text);
}

QDateTime parseDetailTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate).toUTC();
}

} // namespace

CaseDock::CaseDock(SessionThread *session, QWidget *parent)
    : QDockWidget(tr("Case"), parent)
    , mSession(session)
    , mDirectory(std::make_shared<CaseDirectory>())
    , mStack(new QStackedWidget(this))
    , mTick(new QTimer(this))
    , mReloadDelay(new QTimer(this))
{
    setObjectName(u"caseDock"_s);
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);
    setMinimumWidth(420);

    mMessage = new QLabel(tr("Select a case in the queue to see it here."), mStack);
    mMessage->setAlignment(Qt::AlignCenter);
    mMessage->setWordWrap(true);
    mMessage->setMargin(24);
    mStack->addWidget(mMessage);

    auto *page = new QWidget(mStack);
    auto *layout = new QVBoxLayout(page);

    auto *titleRow = new QHBoxLayout;
    mTitle = new QLabel(page);
    mTitle->setObjectName(u"caseNumber"_s);
    QFont titleFont = mTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    mTitle->setFont(titleFont);
    mTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStateBadge = new QLabel(page);
    mStateBadge->setObjectName(u"caseState"_s);
    mKeyMark = new QLabel(tr("Key supervision"), page);
    mKeyMark->setObjectName(u"keySupervision"_s);
    mKeyMark->setStyleSheet(badgeStyle(u"#c62828"_s));
    titleRow->addWidget(mTitle);
    titleRow->addWidget(mStateBadge);
    titleRow->addWidget(mKeyMark);
    titleRow->addStretch(1);
    layout->addLayout(titleRow);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->setVerticalSpacing(3);
    mClass = makeValueLabel(page);
    mPriority = makeValueLabel(page);
    mGrid = makeValueLabel(page);
    mPlace = makeValueLabel(page);
    mAddress = makeValueLabel(page);
    mDescription = makeValueLabel(page);
    mReporter = makeValueLabel(page);
    mUnit = makeValueLabel(page);
    mHandlingDue = makeValueLabel(page);
    mHandlingDue->setObjectName(u"handlingDeadline"_s);
    mStepDue = makeValueLabel(page);
    mStepDue->setObjectName(u"stepDeadline"_s);
    mPending = makeValueLabel(page);
    form->addRow(tr("Class:"), mClass);
    form->addRow(tr("Priority:"), mPriority);
    form->addRow(tr("Grid:"), mGrid);
    form->addRow(tr("Street / community:"), mPlace);
    form->addRow(tr("Address:"), mAddress);
    form->addRow(tr("Description:"), mDescription);
    form->addRow(tr("Reported by:"), mReporter);
    form->addRow(tr("Responsible unit:"), mUnit);
    form->addRow(tr("Handling deadline:"), mHandlingDue);
    form->addRow(tr("Current step:"), mStepDue);
    mPendingLabel = new QLabel(tr("Pending request:"), page);
    form->addRow(mPendingLabel, mPending);
    layout->addLayout(form);

    auto *timelineTitle = new QLabel(tr("<b>Timeline</b>"), page);
    layout->addWidget(timelineTitle);
    mTimeline = new QTextBrowser(page);
    mTimeline->setObjectName(u"timeline"_s);
    mTimeline->setOpenLinks(false);
    mTimeline->setMinimumHeight(160);
    layout->addWidget(mTimeline, 1);

    mActionsBox = new QGroupBox(tr("Your actions"), page);
    mActionsLayout = new QGridLayout(mActionsBox);
    mNoActions = new QLabel(tr("Your role has no action on this case in its current state."), mActionsBox);
    mNoActions->setWordWrap(true);
    mActionsLayout->addWidget(mNoActions, 0, 0, 1, 2);
    layout->addWidget(mActionsBox);

    mStack->addWidget(page);
    setWidget(mStack);

    mTick->setInterval(1000);
    connect(mTick, &QTimer::timeout, this, &CaseDock::updateCountdowns);
    mReloadDelay->setSingleShot(true);
    mReloadDelay->setInterval(150);
    connect(mReloadDelay, &QTimer::timeout, this, &CaseDock::reload);
    // Other stations' writes and our own: merge bursts into one reload.
    connect(mSession, &SessionThread::storeChanged, mReloadDelay, qOverload<>(&QTimer::start));
}

void CaseDock::setActor(const Actor &actor)
{
    mActor = actor;
    if (mCaseId > 0)
        reload();
}

void CaseDock::setDirectory(std::shared_ptr<const CaseDirectory> directory)
{
    mDirectory = directory ? std::move(directory) : std::make_shared<CaseDirectory>();
    if (mLoaded)
        render();
}

void CaseDock::showCase(qint64 caseId)
{
    if (caseId == mCaseId && (mLoaded || caseId == 0))
        return;
    mCaseId = caseId;
    mLoaded = false;
    if (caseId <= 0) {
        ++mSerial;
        mTick->stop();
        showMessage(tr("Select a case in the queue to see it here."));
        return;
    }
    load(false);
}

void CaseDock::reload()
{
    if (mCaseId > 0)
        load(true);
}

void CaseDock::load(bool keepScroll)
{
    const int serial = ++mSerial;
    const qint64 caseId = mCaseId;
    auto loading = mSession->run([caseId, actor = mActor](Session &session) -> Result<CaseSnapshot> {
        auto record = session.store().findCase(caseId);
        if (!record)
            return record.error();
        auto events = session.store().events(caseId);
        if (!events)
            return events.error();
        CaseSnapshot snapshot;
        snapshot.record = std::move(record).value();
        snapshot.events = std::move(events).value();
        snapshot.actions = session.cases().availableActions(actor, snapshot.record);
        return snapshot;
    });
    whenFinished(loading, this, [this, serial, caseId, keepScroll](Result<CaseSnapshot> snapshot) {
        if (serial != mSerial)
            return;
        if (!snapshot) {
            mLoaded = false;
            mTick->stop();
            showMessage(tr("The case cannot be shown:\n%1").arg(snapshot.errorMessage()));
            return;
        }
        const int scroll = keepScroll ? mTimeline->verticalScrollBar()->value() : 0;
        mSnapshot = std::move(snapshot).value();
        mLoaded = true;
        render();
        mTimeline->verticalScrollBar()->setValue(scroll);
        mStack->setCurrentIndex(1);
        mTick->start();
        Q_EMIT caseLoaded(caseId);
    });
}

void CaseDock::showMessage(const QString &text)
{
    mMessage->setText(text);
    mStack->setCurrentIndex(0);
    clearActions();
}

void CaseDock::clearActions()
{
    for (QPushButton *b : std::as_const(mButtons)) {
        mActionsLayout->removeWidget(b);
        b->hide();
        b->deleteLater(); // it may be the sender of the click being handled
    }
    mButtons.clear();
}

void CaseDock::render()
{
    renderHeader();
    QString html;
    // Newest first: what happened last is what a person needs first.
    for (qsizetype i = mSnapshot.events.size() - 1; i >= 0; --i)
        html += eventHtml(mSnapshot.events.at(i));
    mTimeline->setHtml(html);
    renderActions();
}

void CaseDock::renderHeader()
{
    const CaseRecord &c = mSnapshot.record;
    const CaseDirectory &d = *mDirectory;
    mTitle->setText(c.number);
    mStateBadge->setText(stateLabel(c.state));
    mStateBadge->setStyleSheet(badgeStyle(stateColour(c.state)));
    mKeyMark->setVisible(c.keySupervision);

    QString className = d.className(c.classKey);
    const CatalogueClass *cls = d.catalogue().find(c.classKey);
    if (cls)
        className = tr("%1 / %2 (%3)").arg(cls->majorName, cls->name, c.classKey.code());
    else
        className = c.classKey.toString();
    mClass->setText(className);
    QString priority = CaseFormat::priorityLabel(c.priority);
    if (c.hardCase) {
        priority = tr("%1 · hard case").arg(priority);
        // Staged closing (停止施工 → 立案处罚 → 拆除): where the case stands.
        if (cls && c.hardCaseStage < cls->closingStages.size())
            priority = tr("%1 · stage %2 of %3: %4")
                           .arg(priority)
                           .arg(c.hardCaseStage + 1)
                           .arg(cls->closingStages.size())
                           .arg(cls->closingStages.at(c.hardCaseStage));
    }
    mPriority->setText(
        tr("%1 · %2 · version %3").arg(priority, CaseFormat::areaClassLabel(c.areaClass)).arg(c.version));
    mGrid->setText(tr("%1 (owned by the %2 tier)").arg(c.grid.text(), CaseFormat::levelLabel(c.owningTier)));
    mPlace->setText(d.placeName(c));
    mAddress->setText(c.address);
    mDescription->setText(c.description);
    const QString reporter = d.userName(c.reporterId);
    mReporter->setText(tr("%1 · %2 · %3")
                           .arg(reporter.isEmpty() ? tr("System intake") : reporter, sourceLabel(c.source),
                                CaseFormat::dateTime(c.reportedAt)));
    if (c.unitId > 0)
        mUnit->setText(d.unitName(c.unitId));
    else
        mUnit->setText(tr("Not dispatched"));

    QString pending;
    if (c.extensionPending && c.requestedDueAt.isValid())
        pending = tr("Extension to %1").arg(CaseFormat::dateTime(c.requestedDueAt));
    else if (c.state == CaseState::ParkRequested && c.resumeAt.isValid())
        pending = tr("Parking until %1").arg(CaseFormat::dateTime(c.resumeAt));
    mPending->setText(pending);
    mPending->setVisible(!pending.isEmpty());
    mPendingLabel->setVisible(!pending.isEmpty());
    updateCountdowns();
}

void CaseDock::updateCountdowns()
{
    if (!mLoaded)
        return;
    const CaseRecord &c = mSnapshot.record;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (c.state == CaseState::Parked) {
        mHandlingDue->setStyleSheet(QString());
        QString text = tr("Parked: %1 of handling time left")
                           .arg(CaseFormat::duration(std::max<qint64>(0, c.pausedRemainingMinutes)));
        if (c.resumeAt.isValid())
            text = tr("%1; resumes %2").arg(text, CaseFormat::dateTime(c.resumeAt));
        mHandlingDue->setText(text);
    } else if (c.handlingDueAt.isValid() &&
               (c.state == CaseState::Dispatched || c.state == CaseState::ParkRequested ||
                c.state == CaseState::ReturnRequested)) {
        // The unit's clock runs: show how much time it has left.
        setDeadline(mHandlingDue, c.handlingDueAt, now, CaseFormat::timeLimit(c.handlingLimit));
    } else if (c.handlingDueAt.isValid()) {
        mHandlingDue->setStyleSheet(QString());
        mHandlingDue->setText(
            tr("%1 (%2)").arg(CaseFormat::dateTime(c.handlingDueAt), CaseFormat::timeLimit(c.handlingLimit)));
    } else {
        mHandlingDue->setStyleSheet(QString());
        mHandlingDue->setText(c.handlingLimit.isNull()
                                  ? tr("Set when dispatched")
                                  : tr("%1 from dispatch").arg(CaseFormat::timeLimit(c.handlingLimit)));
    }
    if (c.step == Step::None) {
        mStepDue->setStyleSheet(QString());
        mStepDue->setText(c.isOpen() ? tr("No step clock runs")
                                     : tr("Finished %1").arg(CaseFormat::dateTime(c.closedAt)));
    } else {
        setDeadline(mStepDue, c.stepDueAt, now, stepLabel(c.step));
    }
}

void CaseDock::renderActions()
{
    clearActions();
    mNoActions->setVisible(mSnapshot.actions.isEmpty());
    int i = 0;
    for (Action action : std::as_const(mSnapshot.actions)) {
        auto *button = new QPushButton(actionLabel(action), mActionsBox);
        button->setObjectName(u"action_"_s + actionName(action));
        button->setEnabled(!mBusy);
        connect(button, &QPushButton::clicked, this, [this, action] { startAction(action); });
        mActionsLayout->addWidget(button, 1 + i / 2, i % 2);
        mButtons.append(button);
        ++i;
    }
}

QString CaseDock::timelineHtml() const
{
    return mTimeline->toHtml();
}

QString CaseDock::eventHtml(const CaseEvent &e) const
{
    QString html = u"<p style='margin-bottom:8px'>"_s;
    const QString actor = e.actorName.isEmpty() ? roleLabel(e.role) : e.actorName;
    html += tr("<b>%1</b> · %2 (%3)")
                .arg(CaseFormat::dateTime(e.at), actor.toHtmlEscaped(), roleLabel(e.role).toHtmlEscaped());
    html += u"<br><b>"_s + actionLabel(e.action).toHtmlEscaped() + u"</b>"_s;
    if (e.fromState != e.toState) {
        const QString from = e.fromState == CaseState::None ? QString() : stateLabel(e.fromState);
        html +=
            u" &nbsp; "_s + (from.isEmpty() ? stateLabel(e.toState).toHtmlEscaped()
                                            : tr("%1 → %2").arg(from, stateLabel(e.toState)).toHtmlEscaped());
    }
    if (e.step != Step::None && e.stepDueAt.isValid()) {
        const QString verdict = e.onTime ? tr("%1 done on time").arg(stepLabel(e.step))
                                         : tr("%1 done late").arg(stepLabel(e.step));
        html += u" &nbsp; <span style='color:%1'>"_s.arg(e.onTime ? u"#2e7d32"_s : u"#c62828"_s) +
                verdict.toHtmlEscaped() + u"</span>"_s;
    }
    if (!e.comment.trimmed().isEmpty())
        html += u"<br>"_s + e.comment.toHtmlEscaped().replace(u'\n', u"<br>"_s);
    const QStringList details = detailLines(e);
    if (!details.isEmpty())
        html += u"<br><span style='color:#616161'>"_s + details.join(u"<br>"_s) + u"</span>"_s;
    html += u"</p>"_s;
    return html;
}

QStringList CaseDock::detailLines(const CaseEvent &e) const
{
    const CaseDirectory &d = *mDirectory;
    QStringList lines;
    auto add = [&lines](const QString &label, const QString &value) {
        if (!value.isEmpty())
            lines.append(tr("%1: %2").arg(label, value).toHtmlEscaped());
    };
    for (auto it = e.details.begin(); it != e.details.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        if (key == u"unit_id" || key == u"attachments" || key == u"grid" || key == u"source")
            continue; // unit_id is named by "unit"; attachments are listed below; grid and source are in the
                      // header
        if (key == u"unit")
            add(tr("Unit"), v.toString());
        else if (key == u"previous_unit_id")
            add(tr("Previous unit"), d.unitName(v.toInteger()));
        else if (key == u"handling_limit") {
            auto limit = TimeLimit::parse(v.toString());
            add(tr("Time limit"), limit ? CaseFormat::timeLimit(*limit) : v.toString());
        } else if (key == u"handling_due_at")
            add(tr("Handling deadline"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"step_due_at")
            add(tr("Next step due"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"requested_due_at")
            add(tr("Requested due date"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"previous_due_at")
            add(tr("Previous deadline"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"refused_due_at")
            add(tr("Refused due date"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"resume_at")
            add(tr("Resumes on"), CaseFormat::dateTime(parseDetailTime(v)));
        else if (key == u"stage")
            add(tr("Stage done"), v.toString());
        else if (key == u"next_stage")
            add(tr("Next stage"), v.toString());
        else if (key == u"remaining_minutes")
            add(tr("Handling time left"), CaseFormat::duration(v.toInteger()));
        else if (key == u"closing_type") {
            auto type = parseClosingType(v.toString());
            add(tr("Closing type"), type ? closingTypeLabel(*type) : v.toString());
        } else if (key == u"urge_level") {
            auto level = parseUrgeLevel(v.toString());
            add(tr("Urge level"), level ? urgeLevelLabel(*level) : v.toString());
        } else if (key == u"urged_step") {
            auto step = parseStep(v.toString());
            add(tr("Urged step"), step ? stepLabel(*step) : v.toString());
        } else if (key == u"from_tier" || key == u"to_tier") {
            if (key == u"from_tier") {
                auto tier = [](const QJsonValue &t) {
                    for (JurisdictionLevel l : {JurisdictionLevel::City, JurisdictionLevel::District,
                                                JurisdictionLevel::Street, JurisdictionLevel::Community}) {
                        if (levelName(l) == t.toString())
                            return CaseFormat::levelLabel(l);
                    }
                    return t.toString();
                };
                add(tr("Owning tier"), tr("%1 → %2").arg(tier(v), tier(e.details.value(u"to_tier"))));
            }
        } else if (key == u"class") {
            auto classKey = CatalogueKey::parse(v.toString());
            add(tr("Class"), classKey ? d.className(*classKey) : v.toString());
        } else {
            add(key, v.isString() ? v.toString() : QString::number(v.toDouble()));
        }
    }
    const QJsonArray attachments = e.details.value(u"attachments").toArray();
    if (!attachments.isEmpty()) {
        QStringList hashes;
        for (const QJsonValue &a : attachments)
            hashes.append(a.toString().left(12));
        lines.append(
            tr("Attachments (%1): %2").arg(attachments.size()).arg(hashes.join(u", ")).toHtmlEscaped());
    }
    return lines;
}

void CaseDock::startAction(Action action)
{
    if (!mLoaded || mBusy)
        return;
    auto *form = new ActionForm(action, mSnapshot.record, *mDirectory, this);
    form->setAttribute(Qt::WA_DeleteOnClose);
    connect(form, &QDialog::accepted, this, [this, form] { submit(form->request(), form->photoFiles()); });
    form->open();
}

void CaseDock::setBusy(bool busy)
{
    mBusy = busy;
    for (QPushButton *b : std::as_const(mButtons))
        b->setEnabled(!busy);
}

void CaseDock::submit(const ActionRequest &request, const QStringList &photos)
{
    setBusy(true);
    auto applied = mSession->run([actor = mActor, request, photos](Session &session) -> Result<CaseRecord> {
        ActionRequest r = request;
        const QMimeDatabase mimes;
        for (const QString &path : photos) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return makeError(ErrorCode::Io,
                                 u"photo %1 cannot be read: %2"_s.arg(path, file.errorString()));
            auto info = session.store().addAttachment(file.readAll(), QFileInfo(path).fileName(),
                                                      mimes.mimeTypeForFile(path).name());
            if (!info)
                return info.error();
            r.attachments.append(info->hash);
        }
        return session.cases().apply(actor, r);
    });
    whenFinished(applied, this, [this, request](Result<CaseRecord> result) {
        setBusy(false);
        if (!result) {
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Action not applied"),
                                        tr("\"%1\" was not applied to case %2.")
                                            .arg(actionLabel(request.action), mSnapshot.record.number),
                                        QMessageBox::NoButton, this);
            box->setInformativeText(result.errorMessage());
            box->addButton(tr("Close"), QMessageBox::AcceptRole);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            // Someone else changed the case meanwhile: show what it is now.
            if (result.errorCode() == ErrorCode::StaleVersion)
                reload();
            return;
        }
        Q_EMIT actionApplied(*result, request.action);
        if (result->id == mCaseId)
            reload();
        mSession->notifyLocalChange();
    });
}

} // namespace cg
