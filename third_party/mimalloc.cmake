# mimalloc from Debian (libmimalloc-dev) -> samsyn::malloc, linked into the programs (not
# into samsyn_core: the allocator is the application's choice). Linked as a shared library
# it replaces malloc/new process-wide, Xapian's included; measured in bench/: imports
# ~7 % faster than with glibc's allocator (jemalloc was slower). Nothing calls it by name,
# so the link must keep it despite --as-needed.
find_package(mimalloc 2.0 REQUIRED CONFIG)
add_library(samsyn::malloc INTERFACE IMPORTED)
target_link_libraries(samsyn::malloc INTERFACE mimalloc)
target_link_options(samsyn::malloc INTERFACE "LINKER:--no-as-needed")
