# ICU from Debian (libicu-dev) -> samsyn::icu
find_package(ICU 72 REQUIRED COMPONENTS uc i18n data)
add_library(samsyn::icu INTERFACE IMPORTED)
target_link_libraries(samsyn::icu INTERFACE ICU::uc ICU::i18n ICU::data)
