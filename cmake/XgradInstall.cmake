# `cmake --install` rules: the public headers, the library, the CMake package
# (find_package(xgrad CONFIG), target xgrad::xgrad) and xgrad.pc for pkg-config.
#
#   <prefix>/include/xgrad/xgrad.hpp, include/xgrad/{framework,autograd,nn}/...
#   <prefix>/<libdir>/libxgrad.a (or libxgrad.so.<version> and its links)
#   and, when built, xgrad::distributed: libxgrad_distributed, include/xgrad/distributed.hpp
#   <prefix>/<libdir>/cmake/xgrad/xgrad{Config,ConfigVersion,Targets}.cmake
#   <prefix>/<libdir>/pkgconfig/xgrad.pc
include(CMakePackageConfigHelpers)

set(XGRAD_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/xgrad CACHE STRING
    "Where xgradConfig.cmake is installed, relative to the prefix")
mark_as_advanced(XGRAD_INSTALL_CMAKEDIR)

# Public headers are include/xgrad/xgrad.hpp and every xgrad header it reaches through its
# #include lines; nothing else (no .cpp, no header only .cpp files use, such as
# framework/detail/). The walk runs at install time, so a header added to the umbrella needs
# no change here.
set(XGRAD_UMBRELLA_HEADERS xgrad.hpp)
set(XGRAD_TARGETS xgrad)
if(TARGET xgrad_distributed)
  list(APPEND XGRAD_UMBRELLA_HEADERS distributed.hpp)
  list(APPEND XGRAD_TARGETS xgrad_distributed)
endif()
install(CODE "
  set(XGRAD_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(XGRAD_UMBRELLA_HEADERS \"${XGRAD_UMBRELLA_HEADERS}\")
  set(XGRAD_HEADERS_DESTINATION \"${CMAKE_INSTALL_INCLUDEDIR}\")
  include(\"${CMAKE_CURRENT_LIST_DIR}/XgradInstallHeaders.cmake\")
")

install(TARGETS ${XGRAD_TARGETS} EXPORT xgradTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT xgradTargets NAMESPACE xgrad:: DESTINATION ${XGRAD_INSTALL_CMAKEDIR})

# xgradConfig.cmake finds MPI when xgrad::distributed was built.
if(TARGET xgrad_distributed)
  set(XGRAD_WITH_DISTRIBUTED ON)
else()
  set(XGRAD_WITH_DISTRIBUTED OFF)
endif()
# xgradConfig.cmake finds what the exported target names: xtensor (with xsimd) always, and
# BLAS and LAPACK when the library is static, since the consumer then links them itself.
get_target_property(XGRAD_LIBRARY_TYPE xgrad TYPE)
if(XGRAD_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(XGRAD_STATIC ON)
else()
  set(XGRAD_STATIC OFF)
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/xgradConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/xgradConfig.cmake
                              INSTALL_DESTINATION ${XGRAD_INSTALL_CMAKEDIR})
# 0.x: a new minor version may break the API, so only the same major.minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/xgradConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/xgradConfig.cmake ${PROJECT_BINARY_DIR}/xgradConfigVersion.cmake
        DESTINATION ${XGRAD_INSTALL_CMAKEDIR})

# xgrad.pc. Paths are relative to the .pc file itself (${pcfiledir}), so the prefix can be
# moved or chosen at install time (cmake --install --prefix).
foreach(_xgrad_kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_xgrad_kind}}")
    set(XGRAD_PC_${_xgrad_kind} "${CMAKE_INSTALL_${_xgrad_kind}}")
  else()
    set(XGRAD_PC_${_xgrad_kind} "\${prefix}/${CMAKE_INSTALL_${_xgrad_kind}}")
  endif()
endforeach()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(XGRAD_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH XGRAD_PC_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  string(REGEX REPLACE "/$" "" XGRAD_PC_PREFIX "\${pcfiledir}/${XGRAD_PC_PREFIX}")
endif()
# BLAS and LAPACK as -l flags (-L too outside the linker's default directories), from the
# libraries CMake found (on Debian both are libopenblas.so).
set(XGRAD_PC_PRIVATE_LIBS "")
foreach(_xgrad_library IN LISTS BLAS_LIBRARIES LAPACK_LIBRARIES)
  if(_xgrad_library MATCHES "^(.*)/(lib)?([^/]+)\\.(so|a|dylib|tbd)(\\.[0-9.]+)?$")
    set(_xgrad_directory "${CMAKE_MATCH_1}")
    if(NOT _xgrad_directory IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
      list(APPEND XGRAD_PC_PRIVATE_LIBS "-L${_xgrad_directory}")
    endif()
    list(APPEND XGRAD_PC_PRIVATE_LIBS "-l${CMAKE_MATCH_3}")
  elseif(_xgrad_library MATCHES "^-")
    list(APPEND XGRAD_PC_PRIVATE_LIBS "${_xgrad_library}")
  elseif(_xgrad_library)
    list(APPEND XGRAD_PC_PRIVATE_LIBS "-l${_xgrad_library}")
  endif()
endforeach()
list(REMOVE_DUPLICATES XGRAD_PC_PRIVATE_LIBS)
list(JOIN XGRAD_PC_PRIVATE_LIBS " " XGRAD_PC_PRIVATE_LIBS)
# A static libxgrad.a is useless without them, so then plain `pkg-config --libs` gives them too.
set(XGRAD_PC_STATIC_LIBS "")
if(XGRAD_STATIC)
  set(XGRAD_PC_STATIC_LIBS " ${XGRAD_PC_PRIVATE_LIBS}")
endif()
# Options xgrad passes on to its users (the sanitizer flags of an XGRAD_SANITIZE build).
foreach(_xgrad_kind COMPILE LINK)
  get_target_property(_xgrad_options xgrad INTERFACE_${_xgrad_kind}_OPTIONS)
  set(XGRAD_PC_${_xgrad_kind}_OPTIONS "")
  if(_xgrad_options)
    if(_xgrad_options MATCHES "\\$<")
      message(FATAL_ERROR "xgrad.pc cannot express the generator expressions in INTERFACE_${_xgrad_kind}_OPTIONS")
    endif()
    list(JOIN _xgrad_options " " _xgrad_options)
    set(XGRAD_PC_${_xgrad_kind}_OPTIONS " ${_xgrad_options}")
  endif()
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/xgrad.pc.in ${PROJECT_BINARY_DIR}/xgrad.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/xgrad.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
