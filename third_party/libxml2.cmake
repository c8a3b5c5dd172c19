# libxml2 from Debian (libxml2-dev) -> samsyn::libxml2  (its HTML parser, for .html imports)
find_package(LibXml2 REQUIRED)
add_library(samsyn::libxml2 INTERFACE IMPORTED)
target_link_libraries(samsyn::libxml2 INTERFACE LibXml2::LibXml2)
