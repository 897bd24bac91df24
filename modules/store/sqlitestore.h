#pragma once

// Kept for code written before the store learnt PostgreSQL: SqliteStore is SqlStore (see sqlstore.h).
#include "store/sqlstore.h"
