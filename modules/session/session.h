#pragma once

#include "core/catalogue.h"
#include "core/clock.h"
#include "core/workcalendar.h"
#include "services/caseservice.h"
#include "services/duplicateservice.h"
#include "store/evaluationstore.h"
#include "store/sqlstore.h"

#include <memory>

namespace cg {

// An open store with the services over it: what the programs build at start-up. Belongs to one thread.
class Session
{
public:
    // Opens (or creates) the store, loads the shipped catalogue with the store's overrides and the calendar.
    // `store` is an SQLite file path or a postgresql:// URL.
    static Result<std::unique_ptr<Session>>
    open(const QString &store, SqlStore::OpenMode mode = SqlStore::OpenMode::CreateIfMissing,
         std::unique_ptr<Clock> clock = nullptr);

    // ~/.local/share/CityGrid/citygrid.sqlite (the platform's application data folder).
    static QString defaultStorePath();

    SqlStore &store() { return *mStore; }
    CaseService &cases() { return *mService; }
    // Probable duplicates: detected after every report of cases(), merged or separated by acceptors.
    DuplicateService &duplicates() { return *mDuplicates; }
    // Evaluation (facts, rankings, weights) and the major events that cases() applies.
    EvaluationStore &evaluation() { return *mEvaluation; }
    const Catalogue &catalogue() const { return mCatalogue; }
    const WorkCalendar &calendar() const { return mCalendar; }
    Clock &clock() { return *mClock; }

    // Re-reads the catalogue overrides after an administrator changed them.
    Status reloadCatalogue();

private:
    Session() = default;
    std::unique_ptr<SqlStore> mStore;
    std::unique_ptr<Clock> mClock;
    Catalogue mCatalogue;
    WorkCalendar mCalendar;
    std::unique_ptr<EvaluationStore> mEvaluation;
    std::unique_ptr<CaseService> mService;
    std::unique_ptr<DuplicateRepository> mDuplicateLinks;
    std::unique_ptr<DuplicateService> mDuplicates;
};

} // namespace cg
