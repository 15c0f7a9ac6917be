# Runs at install time (from cmake/XgradInstall.cmake): installs include/xgrad/xgrad.hpp and
# every xgrad header it reaches through `#include "xgrad/..."` or `#include <xgrad/...>` lines,
# each under <prefix>/<XGRAD_HEADERS_DESTINATION>/xgrad/ at the path it is included by.
# Input: XGRAD_SOURCE_DIR, XGRAD_HEADERS_DESTINATION (relative to the prefix, or absolute),
# XGRAD_UMBRELLA_HEADERS (xgrad.hpp, and distributed.hpp with xgrad::distributed).
#
# A header named "xgrad/<path>" is include/xgrad/<path> in the source tree if that exists,
# otherwise <path> (framework/, autograd/, nn/ hold their headers next to their sources).

# Install scripts run with CMake's oldest policies; this one needs IN_LIST (CMP0057).
cmake_policy(PUSH)
cmake_policy(VERSION 3.16)

function(xgrad_header_source name out)
  if(EXISTS "${XGRAD_SOURCE_DIR}/include/xgrad/${name}")
    set(${out} "${XGRAD_SOURCE_DIR}/include/xgrad/${name}" PARENT_SCOPE)
  elseif(EXISTS "${XGRAD_SOURCE_DIR}/${name}")
    set(${out} "${XGRAD_SOURCE_DIR}/${name}" PARENT_SCOPE)
  else()
    message(FATAL_ERROR "xgrad: a public header includes xgrad/${name}, which does not exist")
  endif()
endfunction()

set(_xgrad_pending ${XGRAD_UMBRELLA_HEADERS})
set(_xgrad_public_headers "")
while(_xgrad_pending)
  list(POP_FRONT _xgrad_pending _xgrad_name)
  if(_xgrad_name IN_LIST _xgrad_public_headers)
    continue()
  endif()
  list(APPEND _xgrad_public_headers ${_xgrad_name})
  xgrad_header_source(${_xgrad_name} _xgrad_source)
  file(STRINGS "${_xgrad_source}" _xgrad_includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]xgrad/[^\">]+[\">]")
  foreach(_xgrad_line IN LISTS _xgrad_includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]xgrad/([^\">]+)[\">].*$" "\\1" _xgrad_included "${_xgrad_line}")
    list(APPEND _xgrad_pending ${_xgrad_included})
  endforeach()
endwhile()

if(IS_ABSOLUTE "${XGRAD_HEADERS_DESTINATION}")
  set(_xgrad_destination_root "${XGRAD_HEADERS_DESTINATION}/xgrad")
else()
  set(_xgrad_destination_root "${CMAKE_INSTALL_PREFIX}/${XGRAD_HEADERS_DESTINATION}/xgrad")
endif()
list(SORT _xgrad_public_headers)
foreach(_xgrad_name IN LISTS _xgrad_public_headers)
  xgrad_header_source(${_xgrad_name} _xgrad_source)
  get_filename_component(_xgrad_destination "${_xgrad_destination_root}/${_xgrad_name}" DIRECTORY)
  # file(INSTALL) is what install(FILES) runs: it honours DESTDIR and the install manifest.
  file(INSTALL DESTINATION "${_xgrad_destination}" TYPE FILE FILES "${_xgrad_source}")
endforeach()

cmake_policy(POP)
