#include "map/mapstyle.h"

#include "core/workflow.h"

namespace cg::MapStyle {

QColor caseColour(uint8_t state)
{
    switch (CaseState(state)) {
    case CaseState::Reported:
    case CaseState::Verifying:
    case CaseState::SelfDisposed:
    case CaseState::Accepted:
        return QColor(0x2f, 0x7e, 0xd8); // intake: blue
    case CaseState::Filed:
    case CaseState::Dispatched:
    case CaseState::ReturnRequested:
    case CaseState::VoidRequested:
    case CaseState::ParkRequested:
        return QColor(0xf0, 0x8c, 0x00); // with the units: orange
    case CaseState::Parked:
        return QColor(0x8e, 0x7c, 0xc3); // parked: violet
    case CaseState::Handled:
    case CaseState::Checking:
    case CaseState::CheckPassed:
    case CaseState::CheckFailed:
        return QColor(0x16, 0xa0, 0x85); // checking: teal
    case CaseState::Closed:
        return QColor(0x9a, 0xa0, 0xa6);
    case CaseState::None:
    case CaseState::Rejected:
    case CaseState::Voided:
        break;
    }
    return QColor(0xc8, 0xc8, 0xc8);
}

QColor overdueColour()
{
    return QColor(0xd6, 0x27, 0x28);
}

QRgb choroplethColour(int openCases)
{
    if (openCases <= 0)
        return 0;
    QColor c = openCases == 1   ? QColor(0xfe, 0xe0, 0x8b, 140)
               : openCases <= 3 ? QColor(0xfd, 0xae, 0x61, 160)
               : openCases <= 6 ? QColor(0xf4, 0x6d, 0x43, 170)
                                : QColor(0xd7, 0x30, 0x27, 180);
    return qPremultiply(c.rgba());
}

QColor gridOutlineColour()
{
    return QColor(0x6a, 0x7f, 0x99);
}

QColor boundaryColour(int level)
{
    switch (level) {
    case 0:
        return QColor(0x3a, 0x3a, 0x4a);
    case 1:
        return QColor(0x5a, 0x5a, 0x7a);
    default:
        return QColor(0x80, 0x80, 0xa0);
    }
}

double boundaryWidth(int level)
{
    return level == 0 ? 2.2 : level == 1 ? 1.4 : 0.9;
}

} // namespace cg::MapStyle
