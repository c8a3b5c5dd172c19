# Dear ImGui 1.86 from Debian (libimgui-dev: libimgui.a with the GLFW and OpenGL3 backends
# and FreeType builder compiled in; `pkg-config --libs imgui` adds -lstb) plus GLFW, OpenGL,
# FreeType and stb (stb_image_write for screenshots) -> samsyn::imgui
find_package(PkgConfig REQUIRED)
find_package(OpenGL REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET glfw3)
pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
add_library(samsyn::imgui INTERFACE IMPORTED)
target_include_directories(samsyn::imgui INTERFACE /usr/include/imgui /usr/include/stb)
target_link_libraries(samsyn::imgui INTERFACE PkgConfig::IMGUI PkgConfig::GLFW PkgConfig::FREETYPE OpenGL::GL ${CMAKE_DL_LIBS})
