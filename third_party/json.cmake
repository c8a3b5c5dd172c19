# nlohmann-json from Debian (nlohmann-json3-dev) -> samsyn::json
find_package(nlohmann_json 3.10 REQUIRED)
add_library(samsyn::json INTERFACE IMPORTED)
target_link_libraries(samsyn::json INTERFACE nlohmann_json::nlohmann_json)
