# The manual pages (docs/man/): compressed as Debian's policy asks, without
# a timestamp so that two builds give the same bytes, and installed under
# ${CMAKE_INSTALL_MANDIR}. tests/docs/man_pages.sh checks their contents.
include_guard(GLOBAL)
include(GNUInstallDirs)

set(_dw_man_pages driftwatch.1 driftwatch.toml.5)
set(_dw_man_outputs)
foreach(page IN LISTS _dw_man_pages)
  set(source ${PROJECT_SOURCE_DIR}/docs/man/${page})
  set(output ${PROJECT_BINARY_DIR}/man/${page}.gz)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND sh -c "gzip -9nc \"$1\" > \"$2\"" sh ${source} ${output}
    DEPENDS ${source}
    COMMENT "Compressing manual page ${page}"
    VERBATIM)
  list(APPEND _dw_man_outputs ${output})
  string(REGEX MATCH "[0-9]$" section ${page})
  install(FILES ${output} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(driftwatch_man_pages ALL DEPENDS ${_dw_man_outputs})
