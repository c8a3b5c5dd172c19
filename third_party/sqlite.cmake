# SQLite3 from Debian (libsqlite3-dev) -> samsyn::sqlite
find_package(SQLite3 REQUIRED)
add_library(samsyn::sqlite INTERFACE IMPORTED)
target_link_libraries(samsyn::sqlite INTERFACE SQLite::SQLite3)
