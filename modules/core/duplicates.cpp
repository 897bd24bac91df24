#include "core/duplicates.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

QString duplicateStateName(DuplicateState state)
{
    switch (state) {
    case DuplicateState::Pending:
        return u"pending"_s;
    case DuplicateState::Merged:
        return u"merged"_s;
    case DuplicateState::Separated:
        return u"separated"_s;
    }
    return {};
}

Result<DuplicateState> parseDuplicateState(const QString &name)
{
    for (DuplicateState s : {DuplicateState::Pending, DuplicateState::Merged, DuplicateState::Separated}) {
        if (duplicateStateName(s) == name)
            return s;
    }
    return makeError(ErrorCode::InvalidInput,
                     u"duplicate state '%1' is unknown; use pending, merged or separated"_s.arg(name));
}

} // namespace cg
