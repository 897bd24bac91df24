#include "core/casetypes.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace cg {

QByteArray computeEventHash(const QByteArray &prevHash, const CaseEvent &e)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    auto add = [&h](const QByteArray &field) {
        // length-prefixed so that no two different field lists hash alike
        h.addData(QByteArray::number(field.size()));
        h.addData(QByteArrayView(":"));
        h.addData(field);
    };
    add(prevHash);
    add(QByteArray::number(e.caseId));
    add(QByteArray::number(e.seq));
    add(actionName(e.action).toUtf8());
    add(stateName(e.fromState).toUtf8());
    add(stateName(e.toState).toUtf8());
    add(QByteArray::number(e.actorId));
    add(roleName(e.role).toUtf8());
    add(e.actorName.toUtf8());
    add(e.station.toUtf8());
    add(QByteArray::number(e.at.toMSecsSinceEpoch()));
    add(e.comment.toUtf8());
    add(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
    add(stepName(e.step).toUtf8());
    add(QByteArray::number(e.stepDueAt.isValid() ? e.stepDueAt.toMSecsSinceEpoch() : 0));
    add(e.onTime ? "1" : "0");
    add(e.requestId.toUtf8());
    return h.result().toHex();
}

} // namespace cg
