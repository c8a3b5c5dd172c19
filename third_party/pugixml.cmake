# pugixml from Debian (libpugixml-dev) -> samsyn::pugixml  (OOXML / ODF XML; no DTDs, no external entities)
find_package(pugixml REQUIRED)
add_library(samsyn::pugixml INTERFACE IMPORTED)
target_link_libraries(samsyn::pugixml INTERFACE pugixml::pugixml)
