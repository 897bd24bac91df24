#include "session/session.h"

#include "store/sqlduplicaterepository.h"

#include <QDir>
#include <QStandardPaths>

using namespace Qt::Literals::StringLiterals;

namespace cg {

Result<std::unique_ptr<Session>> Session::open(const QString &storeLocation, SqlStore::OpenMode mode,
                                               std::unique_ptr<Clock> clock)
{
    std::unique_ptr<Session> session(new Session);
    auto store = SqlStore::open(storeLocation, mode);
    if (!store)
        return store.error();
    session->mStore = std::move(store).value();
    auto calendar = WorkCalendar::loadDefault();
    if (!calendar)
        return calendar.error();
    session->mCalendar = *calendar;
    session->mClock = clock ? std::move(clock) : std::make_unique<SystemClock>();
    if (auto s = session->reloadCatalogue(); !s)
        return s.error();
    session->mService = std::make_unique<CaseService>(*session->mStore, *session->mStore, session->mCatalogue,
                                                      session->mCalendar, *session->mClock);
    // Major-event mode: the store's major events tighten limits of the cases reported in their areas.
    session->mEvaluation = std::make_unique<EvaluationStore>(*session->mStore);
    session->mService->setMajorEvents(session->mEvaluation.get());
    // Every refused request goes into the store's access audit.
    session->mService->setRefusalAudit(
        [store = session->mStore.get()](const Actor &actor, const QString &what, const Error &why) {
            (void)store->recordAccess(u"refused"_s, actor.login, what + u": "_s + why.message);
        });
    session->mDuplicateLinks = std::make_unique<SqlDuplicateRepository>(*session->mStore);
    session->mDuplicates =
        std::make_unique<DuplicateService>(*session->mDuplicateLinks, *session->mStore, *session->mService);
    // Every channel reports through the case service: detection follows each new case. A failed detection
    // leaves the report as it is (a missed hint, not a lost case).
    session->mService->setAfterReport([duplicates = session->mDuplicates.get()](const CaseRecord &c) {
        if (auto found = duplicates->detect(c); !found)
            qWarning("duplicate detection for case %lld: %s", c.id, qUtf8Printable(found.errorMessage()));
    });
    return session;
}

QString Session::defaultStorePath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + u"/.local/share"_s;
    return dir + u"/CityGrid/citygrid.sqlite"_s;
}

Status Session::reloadCatalogue()
{
    auto catalogue = Catalogue::loadDefault();
    if (!catalogue)
        return catalogue.error();
    auto overrides = mStore->catalogueOverrides();
    if (!overrides)
        return overrides.error();
    for (const CatalogueOverride &o : std::as_const(*overrides)) {
        if (auto s = catalogue->applyOverride(o); !s)
            return makeError(s.errorCode(), u"store %1: catalogue override of %2: %3"_s.arg(
                                                mStore->path(), o.key.toString(), s.errorMessage()));
    }
    mCatalogue = *catalogue;
    return {};
}

} // namespace cg
