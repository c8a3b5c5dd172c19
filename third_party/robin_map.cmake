# tsl::robin_map from Debian (robin-map-dev, header-only) -> samsyn::hashmap. An open-
# addressing hash map that keeps each key's hash beside it: the term cache and the compound
# dictionary are probed once per word of every unit, and std::unordered_map (one node per
# entry, hash recomputed while walking a bucket) was about a tenth of the import (bench/).
find_package(tsl-robin-map REQUIRED CONFIG)
add_library(samsyn::hashmap INTERFACE IMPORTED)
target_link_libraries(samsyn::hashmap INTERFACE tsl::robin_map)
