#include "store/schema.h"

using namespace Qt::Literals::StringLiterals;

namespace cg {

MigrationSql gatewayMigration()
{
    return {};
}

} // namespace cg
