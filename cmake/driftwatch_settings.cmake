# driftwatch::settings: the compile settings every target of the project links.
add_library(driftwatch_settings INTERFACE)
add_library(driftwatch::settings ALIAS driftwatch_settings)

target_compile_options(driftwatch_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                     -Wnon-virtual-dtor -Wcast-align)
# g++ 12 reports -Wrestrict inside std::string's operator+ when it inlines
# at -O3 (GCC bug 105329); the warning is wrong there and fixed in g++ 13.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(driftwatch_settings INTERFACE -Wno-restrict)
endif()
if(DRIFTWATCH_WARNINGS_AS_ERRORS)
  target_compile_options(driftwatch_settings INTERFACE -Werror)
endif()

# The sanitizers instrument the product's code. A target whose property
# DRIFTWATCH_TEST_CODE is true (the test programs) is compiled without them
# but linked with their runtime: the code under test is checked all the
# same, and the instrumented Catch2 expansions cost half of the build.
if(DRIFTWATCH_SANITIZE)
  set(_dw_sanitize -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  foreach(_dw_flag IN LISTS _dw_sanitize)
    target_compile_options(driftwatch_settings INTERFACE
      $<$<NOT:$<BOOL:$<TARGET_PROPERTY:DRIFTWATCH_TEST_CODE>>>:${_dw_flag}>)
  endforeach()
  target_link_options(driftwatch_settings INTERFACE ${_dw_sanitize})
endif()

# driftwatch_add_library(NAME SOURCES...): one static library per code folder,
# with the alias driftwatch::NAME and the folder's parent on the include path
# so headers are included as "probes/schema/snapshot.h".
function(driftwatch_add_library name)
  add_library(driftwatch_${name} STATIC ${ARGN})
  add_library(driftwatch::${name} ALIAS driftwatch_${name})
  target_include_directories(driftwatch_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(driftwatch_${name} PUBLIC driftwatch::settings)
endfunction()
