# xgrad::distributed (framework/distributed/, <xgrad/distributed.hpp>): data-parallel training
# over MPI, a library of its own on top of xgrad, built when CMake finds a C MPI (Debian:
# libopenmpi-dev). The core library never needs it. Its headers do not include <mpi.h>; only its
# .cpp files do.
include(CheckLanguage)
check_language(C)
if(CMAKE_C_COMPILER)
  enable_language(C)  # FindMPI looks for the C bindings with the C compiler
  find_package(MPI COMPONENTS C QUIET)
endif()
option(XGRAD_DISTRIBUTED "Build xgrad::distributed (data-parallel training on MPI)" ${MPI_C_FOUND})
if(NOT XGRAD_DISTRIBUTED)
  message(STATUS "xgrad::distributed: off (no MPI found, or XGRAD_DISTRIBUTED=OFF)")
  return()
endif()
if(NOT MPI_C_FOUND)
  message(FATAL_ERROR "XGRAD_DISTRIBUTED=ON needs MPI for C (Debian: libopenmpi-dev openmpi-bin)")
endif()

file(GLOB XGRAD_DISTRIBUTED_SOURCES CONFIGURE_DEPENDS framework/distributed/*.cpp)
add_library(xgrad_distributed ${XGRAD_DISTRIBUTED_SOURCES})
add_library(xgrad::distributed ALIAS xgrad_distributed)
set_target_properties(xgrad_distributed PROPERTIES EXPORT_NAME distributed CXX_EXTENSIONS OFF
                      POSITION_INDEPENDENT_CODE ON VERSION ${PROJECT_VERSION}
                      SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
target_link_libraries(xgrad_distributed PUBLIC xgrad PRIVATE MPI::MPI_C)
target_compile_options(xgrad_distributed PRIVATE -Wall -Wextra -Wpedantic)
# <mpi.h> without the deprecated MPI C++ bindings.
target_compile_definitions(xgrad_distributed PRIVATE OMPI_SKIP_MPICXX MPICH_SKIP_MPICXX)
file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/include/xgrad/distributed.hpp
     ${XGRAD_BUILD_INCLUDE_DIR}/xgrad/distributed.hpp SYMBOLIC COPY_ON_ERROR)

# How ctest runs a program on 2 ranks (tests/distributed, examples): --oversubscribe since CI may
# have fewer slots than that; Open MPI refuses to run as root unless told, and CI runs as root.
set(XGRAD_MPIRUN ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} 2 --oversubscribe
    CACHE STRING "How ctest starts a program on 2 ranks")
mark_as_advanced(XGRAD_MPIRUN)
set(XGRAD_MPI_ENVIRONMENT OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    # No shared-memory single copy (CMA): containers forbid the ptrace it needs.
    OMPI_MCA_btl_vader_single_copy_mechanism=none)

