# Xapian from Debian (libxapian-dev) -> samsyn::xapian
find_package(Xapian REQUIRED)
add_library(samsyn::xapian INTERFACE IMPORTED)
target_include_directories(samsyn::xapian INTERFACE ${XAPIAN_INCLUDE_DIR})
target_link_libraries(samsyn::xapian INTERFACE ${XAPIAN_LIBRARIES})
