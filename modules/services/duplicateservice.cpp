#include "services/duplicateservice.h"

#include <QCoreApplication>

#include <cmath>
#include <numbers>

using namespace Qt::Literals::StringLiterals;

namespace cg {

namespace {

constexpr double EarthRadiusM = 6371008.8;

} // namespace

DuplicateRule DuplicateRules::defaultRule(const CatalogueKey &key)
{
    if (key.kind() == ClassKind::Component)
        return {30, 72};
    const QString major = key.majorCode();
    if (major >= u"01"_s && major <= u"05"_s)
        return {30, 72};
    if (major == u"07"_s)
        return {50, 168};
    if (major == u"08"_s)
        return {100, 720};
    if (major == u"09"_s)
        return {100, 4};
    return {50, 24}; // 06 city appearance, 10 other
}

DuplicateRule DuplicateRules::rule(const CatalogueKey &key) const
{
    const auto it = mOverrides.constFind(key);
    return it != mOverrides.cend() ? *it : defaultRule(key);
}

void DuplicateRules::setRule(const CatalogueKey &key, DuplicateRule rule)
{
    mOverrides.insert(key, rule);
}

DuplicateService::DuplicateService(DuplicateRepository &links, CaseRepository &cases, CaseService &service,
                                   DuplicateRules rules)
    : mLinks(links)
    , mCases(cases)
    , mService(service)
    , mRules(std::move(rules))
{}

double DuplicateService::distanceM(double lon1, double lat1, double lon2, double lat2)
{
    constexpr double rad = std::numbers::pi / 180.0;
    const double dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    const double a = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(lat1 * rad) * std::cos(lat2 * rad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * EarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

QString DuplicateService::mergeReason(const QString &mainCaseNumber)
{
    return QCoreApplication::translate("cg::Duplicates", "Merged into case %1 (duplicate report)")
        .arg(mainCaseNumber);
}

Result<std::optional<ProbableDuplicate>> DuplicateService::detect(const CaseRecord &reported)
{
    if (reported.state != CaseState::Reported)
        return std::optional<ProbableDuplicate>();
    // A report without coordinates (only its unit grid) has no distance to measure: every such report of
    // the class would otherwise match every other one.
    if (reported.longitude == 0 && reported.latitude == 0)
        return std::optional<ProbableDuplicate>();
    const DuplicateRule rule = mRules.rule(reported.classKey);
    // A box a little larger than the radius; the exact distance decides.
    const double dLat = rule.radiusM / (EarthRadiusM * std::numbers::pi / 180.0) * 1.01;
    const double cosLat = std::max(0.01, std::cos(reported.latitude * std::numbers::pi / 180.0));
    const double dLon = dLat / cosLat;
    const QRectF box(QPointF(reported.longitude - dLon, reported.latitude - dLat),
                     QPointF(reported.longitude + dLon, reported.latitude + dLat));
    const QDateTime since = reported.reportedAt.addSecs(-qint64(rule.windowHours) * 3600);
    auto candidates = mLinks.openCasesNear(reported.classKey, box, since, reported.reportedAt, reported.id);
    if (!candidates)
        return candidates.error();
    const DuplicateCandidate *best = nullptr;
    double bestDistance = 0;
    for (const DuplicateCandidate &c : std::as_const(*candidates)) {
        const double d = distanceM(reported.longitude, reported.latitude, c.longitude, c.latitude);
        if (d > rule.radiusM)
            continue;
        if (!best || d < bestDistance ||
            (d == bestDistance && std::pair(c.reportedAt, c.id) < std::pair(best->reportedAt, best->id))) {
            best = &c;
            bestDistance = d;
        }
    }
    if (!best)
        return std::optional<ProbableDuplicate>();
    ProbableDuplicate link;
    link.caseId = reported.id;
    link.duplicateOf = best->id;
    link.distanceM = std::round(bestDistance * 10) / 10;
    link.detectedAt = mService.clock().now();
    link.state = DuplicateState::Pending;
    auto added = mLinks.addLink(link);
    if (!added)
        return added.error();
    return std::optional<ProbableDuplicate>(link);
}

Result<ProbableDuplicate> DuplicateService::merge(const Actor &actor, qint64 caseId)
{
    return decideLink(actor, caseId, DuplicateState::Merged);
}

Result<ProbableDuplicate> DuplicateService::separate(const Actor &actor, qint64 caseId)
{
    return decideLink(actor, caseId, DuplicateState::Separated);
}

Result<ProbableDuplicate> DuplicateService::decideLink(const Actor &actor, qint64 caseId, DuplicateState to)
{
    const QString verb = to == DuplicateState::Merged ? u"merge"_s : u"separate"_s;
    if (actor.role != Role::Acceptor)
        return makeError(
            ErrorCode::NotPermitted,
            u"only an acceptor may %1 a probable duplicate (you are %2)"_s.arg(verb, roleName(actor.role)));
    auto link = mLinks.activeLinkOf(caseId);
    if (!link)
        return link.error();
    if (!link->has_value())
        return makeError(ErrorCode::NotFound, u"case %1 is not a probable duplicate"_s.arg(caseId));
    ProbableDuplicate decided = **link;
    auto duplicate = mCases.findCase(caseId);
    if (!duplicate)
        return duplicate.error();
    if (decided.state != DuplicateState::Pending)
        return makeError(ErrorCode::IllegalTransition,
                         u"case %1 was already %2 into its main case"_s.arg(
                             duplicate->number, duplicateStateName(decided.state)));
    if (auto s = mService.checkScope(actor, *duplicate); !s)
        return s.error();
    auto main = mCases.findCase(decided.duplicateOf);
    if (!main)
        return main.error();
    if (to == DuplicateState::Merged && duplicate->state != CaseState::Reported)
        return makeError(ErrorCode::IllegalTransition,
                         u"case %1 is %2, no longer reported: only a reported case can be merged into %3; "
                         u"separate it or handle it as its own case"_s.arg(
                             duplicate->number, stateName(duplicate->state), main->number));
    decided.state = to;
    decided.decidedBy = actor.userId;
    decided.decidedAt = mService.clock().now();
    const Status s = mLinks.inTransaction([&]() -> Status {
        if (to == DuplicateState::Merged) {
            ActionRequest r;
            r.caseId = duplicate->id;
            r.expectedVersion = duplicate->version;
            r.action = Action::Reject;
            r.comment = mergeReason(main->number);
            r.requestId = u"duplicate-merge:%1"_s.arg(duplicate->id);
            auto rejected = mService.apply(actor, r);
            if (!rejected)
                return rejected.error();
        }
        auto changed = mLinks.decide(decided);
        if (!changed)
            return changed.error();
        if (!*changed)
            return makeError(ErrorCode::StaleVersion,
                             u"case %1 was decided by someone else meanwhile"_s.arg(duplicate->number));
        return {};
    });
    if (!s)
        return s.error();
    return decided;
}

Result<QList<DuplicateEntry>> DuplicateService::entries(const Actor &actor,
                                                        std::optional<DuplicateState> state, int limit)
{
    auto links = mLinks.links(state, limit);
    if (!links)
        return links.error();
    QList<DuplicateEntry> out;
    for (const ProbableDuplicate &l : std::as_const(*links)) {
        auto duplicate = mCases.findCase(l.caseId);
        if (!duplicate) {
            if (duplicate.errorCode() == ErrorCode::NotFound) // outside the connection's scope
                continue;
            return duplicate.error();
        }
        if (!mService.checkScope(actor, *duplicate))
            continue;
        auto main = mCases.findCase(l.duplicateOf);
        if (!main) {
            if (main.errorCode() == ErrorCode::NotFound)
                continue;
            return main.error();
        }
        out.append({l, *duplicate, *main});
    }
    return out;
}

} // namespace cg
