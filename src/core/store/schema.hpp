#pragma once
#include "core/store/db.hpp"

namespace samsyn::store {
/// The schema version this build writes (PRAGMA user_version).
int schema_version();
/// The schema version of a database (its PRAGMA user_version; 0 when it is not a project).
int schema_of(Db& db);
/// Brings the database's schema up to schema_version() in one transaction.
/// @throws StoreError when the file is newer than this build or not a database.
void migrate(Db& db);
}  // namespace samsyn::store
