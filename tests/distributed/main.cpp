// The MPI test suite: every rank runs every test case, under mpirun (see CMakeLists.txt). A test
// must call the same collectives on every rank in the same order, so the cases use CHECK, never
// REQUIRE, which would leave one rank's case early.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <xgrad/distributed.hpp>

int main(int argc, char** argv) {
  xgrad::distributed::InitGuard mpi;
  doctest::Context context(argc, argv);
  return context.run();
}
