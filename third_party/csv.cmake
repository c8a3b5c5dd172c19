# libcsv from Debian (libcsv-dev) -> samsyn::csv  (participant sheets: quoting, embedded
# newlines and ';' delimiters as Swedish Excel writes them)
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(samsyn::csv INTERFACE IMPORTED)
target_include_directories(samsyn::csv INTERFACE ${CSV_INCLUDE_DIR})
target_link_libraries(samsyn::csv INTERFACE ${CSV_LIBRARY})
