#include "store/schema.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

MigrationSql evaluationMigration()
{
    return {};
}

} // namespace cg
