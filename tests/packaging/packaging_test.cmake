# Driver of the packaging tests, run by ctest as `cmake -DSTEP=<step> ... -P packaging_test.cmake`.
#
#   install       cmake --install BUILD_DIR into PREFIX (emptied first), then check the tree:
#                 library (LIBRARY_FILE, and for a shared one LINKER_FILE and SONAME), CMake
#                 package, xgrad.pc, and exactly the public headers.
#   find_package  configure, build and run the consumer project SOURCE in WORK against PREFIX.
#   pkg_config    compile the consumer's main.cpp with CXX and the flags `pkg-config --cflags`
#                 gives for PREFIX's xgrad.pc, link with `--libs` (and `--static --libs`), run.
#   subdirectory  configure, build and run the consumer with XGRAD_SOURCE_DIR (add_subdirectory),
#                 as a shared library if SHARED, then install that build into PREFIX and check it.
#   headers       compile each header installed in PREFIX on its own (header_check/).
#
# Common inputs: PREFIX, LIBDIR and INCLUDEDIR (relative to PREFIX), WORK (a scratch directory), CXX,
# GENERATOR, SHARED (ON when PREFIX holds libxgrad.so), SONAME (libxgrad.so.<soversion>).
cmake_minimum_required(VERSION 3.16)

function(run)
  string(REPLACE ";" " " shown "${ARGN}")
  message(STATUS "$ ${shown}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${shown}")
  endif()
endfunction()

function(capture out)
  string(REPLACE ";" " " shown "${ARGN}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE error
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${shown}\n${output}${error}")
  endif()
  message(STATUS "$ ${shown}\n   ${output}")
  set(${out} "${output}" PARENT_SCOPE)
endfunction()

function(require_file path)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "missing: ${path}")
  endif()
endfunction()

# A shared consumer must load PREFIX's libxgrad.so, not carry xgrad inside it.
function(check_needs_shared_xgrad executable)
  find_program(READELF readelf)
  if(NOT READELF)
    message(STATUS "no readelf: not checking how ${executable} links xgrad")
    return()
  endif()
  capture(dynamic ${READELF} -d ${executable})
  if(SHARED AND NOT dynamic MATCHES "NEEDED[^\n]*\\[${SONAME}\\]")
    message(FATAL_ERROR "${executable} does not load ${SONAME}:\n${dynamic}")
  elseif(NOT SHARED AND dynamic MATCHES "libxgrad")
    message(FATAL_ERROR "${executable} loads a shared libxgrad, expected the static one:\n${dynamic}")
  endif()
endfunction()

# Configure, build and run a consumer project; extra arguments go to the configure step.
function(build_and_run_consumer)
  file(REMOVE_RECURSE ${WORK})
  run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF ${ARGN})
  run(${CMAKE_COMMAND} --build ${WORK} --parallel 2)
  run(${WORK}/consumer)
  check_needs_shared_xgrad(${WORK}/consumer)
endfunction()

# What `cmake --install` put in PREFIX: the library under the names the linker and the loader
# look for, the CMake package, xgrad.pc, and exactly the public headers.
function(check_install)
  require_file(${PREFIX}/${LIBDIR}/${LIBRARY_FILE})
  if(SHARED)
    require_file(${PREFIX}/${LIBDIR}/${LINKER_FILE})
    require_file(${PREFIX}/${LIBDIR}/${SONAME})
    if(NOT IS_SYMLINK ${PREFIX}/${LIBDIR}/${LINKER_FILE} OR NOT IS_SYMLINK ${PREFIX}/${LIBDIR}/${SONAME})
      message(FATAL_ERROR "${LINKER_FILE} and ${SONAME} should be links to ${LIBRARY_FILE}")
    endif()
    find_program(READELF readelf REQUIRED)
    capture(dynamic ${READELF} -d ${PREFIX}/${LIBDIR}/${LIBRARY_FILE})
    if(NOT dynamic MATCHES "SONAME[^\n]*\\[${SONAME}\\]")
      message(FATAL_ERROR "${LIBRARY_FILE} has no SONAME ${SONAME}")
    endif()
  endif()
  foreach(file xgradConfig.cmake xgradConfigVersion.cmake xgradTargets.cmake)
    require_file(${PREFIX}/${LIBDIR}/cmake/xgrad/${file})
  endforeach()
  require_file(${PREFIX}/${LIBDIR}/pkgconfig/xgrad.pc)

  # Headers: the umbrella (and <xgrad/distributed.hpp> in a build with xgrad::distributed) and
  # exactly what they reach through their #include lines, all there.
  set(include_root ${PREFIX}/${INCLUDEDIR})
  require_file(${include_root}/xgrad/xgrad.hpp)
  set(pending xgrad/xgrad.hpp)
  if(EXISTS ${include_root}/xgrad/distributed.hpp)
    list(APPEND pending xgrad/distributed.hpp)
  endif()
  set(reached "")
  while(pending)
    list(POP_FRONT pending header)
    if(header IN_LIST reached)
      continue()
    endif()
    if(NOT EXISTS ${include_root}/${header})
      message(FATAL_ERROR "an installed header includes <${header}>, which is not installed")
    endif()
    list(APPEND reached ${header})
    file(STRINGS ${include_root}/${header} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]xgrad/")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"](xgrad/[^\">]+)[\">].*$" "\\1" included "${line}")
      list(APPEND pending ${included})
    endforeach()
  endwhile()
  file(GLOB_RECURSE installed RELATIVE ${include_root} ${include_root}/xgrad/*)
  list(REMOVE_ITEM installed ${reached})
  if(installed)
    string(REPLACE ";" "\n  " installed "${installed}")
    message(FATAL_ERROR "installed but not reachable from the umbrella headers (not public):\n  ${installed}")
  endif()
  list(LENGTH reached count)
  message(STATUS "${count} public headers installed, each reachable from <xgrad/xgrad.hpp>")
endfunction()

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
  check_install()

elseif(STEP STREQUAL "find_package")
  build_and_run_consumer(-DCMAKE_PREFIX_PATH=${PREFIX})
  # It must have used PREFIX's package, not another xgrad on the machine.
  file(STRINGS ${WORK}/CMakeCache.txt xgrad_dir REGEX "^xgrad_DIR:")
  if(NOT xgrad_dir STREQUAL "xgrad_DIR:PATH=${PREFIX}/${LIBDIR}/cmake/xgrad")
    message(FATAL_ERROR "found the wrong xgrad: ${xgrad_dir}")
  endif()

elseif(STEP STREQUAL "subdirectory")
  # Not emptied first: a rerun rebuilds only what changed. Without xgrad::distributed: this is
  # also the build without MPI, and the default build tests that library's install.
  run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
      -DCMAKE_BUILD_TYPE=${BUILD_TYPE} -DXGRAD_SOURCE_DIR=${XGRAD_SOURCE_DIR} -DBUILD_SHARED_LIBS=${SHARED}
      -DXGRAD_INSTALL=ON -DXGRAD_DISTRIBUTED=OFF -DXGRAD_UNITY_BUILD=ON)
  run(${CMAKE_COMMAND} --build ${WORK} --parallel 2)
  run(${WORK}/consumer)
  check_needs_shared_xgrad(${WORK}/consumer)
  file(REMOVE_RECURSE ${PREFIX})
  run(${CMAKE_COMMAND} --install ${WORK} --prefix ${PREFIX})
  check_install()

elseif(STEP STREQUAL "pkg_config")
  if(NOT PKG_CONFIG OR NOT EXISTS "${PKG_CONFIG}")
    message(FATAL_ERROR "pkg-config is not installed (scripts/setup.sh installs it)")
  endif()
  set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)
  capture(version ${PKG_CONFIG} --modversion xgrad)
  if(NOT version STREQUAL VERSION)
    message(FATAL_ERROR "xgrad.pc says version ${version}, expected ${VERSION}")
  endif()
  capture(cflags ${PKG_CONFIG} --cflags xgrad)
  capture(libs ${PKG_CONFIG} --libs xgrad)
  capture(static_libs ${PKG_CONFIG} --static --libs xgrad)
  if(NOT cflags MATCHES "(^| )-DXTENSOR_USE_XSIMD( |$)")
    message(FATAL_ERROR "xgrad.pc's Cflags lack -DXTENSOR_USE_XSIMD (xt::xarray would differ from the library's)")
  endif()
  separate_arguments(cflags UNIX_COMMAND "${cflags}")
  separate_arguments(libs UNIX_COMMAND "${libs}")
  separate_arguments(static_libs UNIX_COMMAND "${static_libs}")
  set(rpath "")
  if(SHARED)
    set(rpath -Wl,-rpath,${PREFIX}/${LIBDIR})
  endif()
  file(REMOVE_RECURSE ${WORK})
  file(MAKE_DIRECTORY ${WORK})
  run(${CXX} -Wall -Wextra -Wpedantic -Werror ${cflags} -c ${SOURCE}/main.cpp -o ${WORK}/main.o)
  run(${CXX} ${WORK}/main.o -o ${WORK}/consumer ${libs} ${rpath})
  run(${WORK}/consumer)
  check_needs_shared_xgrad(${WORK}/consumer)
  # With --static, Libs.private (BLAS, LAPACK) comes too: the link must still work.
  run(${CXX} ${WORK}/main.o -o ${WORK}/consumer_static_flags ${static_libs} ${rpath})
  run(${WORK}/consumer_static_flags)

elseif(STEP STREQUAL "headers")
  # Not emptied first: a rerun recompiles only the headers that changed (install keeps their
  # timestamps).
  run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
      -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
  # Keep going after a failure, to report every header that does not compile.
  set(keep_going "")
  if(GENERATOR MATCHES "Makefiles")
    set(keep_going -- -k)
  elseif(GENERATOR MATCHES "Ninja")
    set(keep_going -- -k 0)
  endif()
  run(${CMAKE_COMMAND} --build ${WORK} --parallel 2 ${keep_going})

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
