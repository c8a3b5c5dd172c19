# CLI11 from Debian (libcli11-dev) -> samsyn::cli11
find_package(CLI11 2 REQUIRED)
add_library(samsyn::cli11 INTERFACE IMPORTED)
target_link_libraries(samsyn::cli11 INTERFACE CLI11::CLI11)
